"use client";
import Link from "next/link";
import { useState } from "react";
import { useMutation } from "@apollo/client/react";
import { CartAttributionUpdateDocument, CartCreateDocument, CartLinesAddDocument, type UserErrorFieldsFragment } from "@/gql/graphql";
import { attributionToken, setAttributionToken } from "@/lib/referral";
import { useSession } from "@/lib/session";
import { FieldErrors, FormErrors } from "./FieldErrors";

// Adds the chosen variant to the guest's (or customer's) cart, creating the
// cart on first use; the cart id is kept in the session.
export function AddToCart({ variantId, available, max }: { variantId: string; available: boolean; max: number }) {
  const { ready, cartId, setCartId } = useSession();
  const [qty, setQty] = useState("1");
  const [errors, setErrors] = useState<UserErrorFieldsFragment[]>([]);
  const [added, setAdded] = useState(false);
  const [create, c] = useMutation(CartCreateDocument);
  const [add, a] = useMutation(CartLinesAddDocument);
  const [attribute] = useMutation(CartAttributionUpdateDocument);
  const busy = c.loading || a.loading;

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    setAdded(false);
    const lines = [{ merchandiseId: variantId, quantity: Number(qty) || 1 }];
    let res = cartId ? (await add({ variables: { input: { cartId, lines } } })).data?.cartLinesAdd : null;
    // No cart yet, or the stored one was checked out: start a new one.
    if (!res || (!res.cart && res.userErrors.some((u) => u.field?.includes("cartId")))) {
      res = (await create({ variables: { input: { lines } } })).data?.cartCreate ?? null;
      if (res?.cart) {
        setCartId(res.cart.id);
        // A visit from an affiliate's link: the new cart carries it to checkout.
        const t = attributionToken();
        if (t) {
          const r = await attribute({ variables: { input: { cartId: res.cart.id, attributionToken: t } } });
          if (r.data?.cartAttributionUpdate?.userErrors.length === 0) setAttributionToken(null);
        }
      }
    }
    setErrors(res?.userErrors ?? []);
    if (res?.cart && !res.userErrors.length) setAdded(true);
  }

  return (
    <form onSubmit={onSubmit} className="add-to-cart">
      <label>
        Quantity{" "}
        <input type="number" min={1} max={Math.max(1, max)} value={qty} onChange={(e) => setQty(e.target.value)} name="quantity" size={3} />
      </label>{" "}
      <button type="submit" disabled={!ready || !available || busy} data-testid="add-to-cart">
        Add to cart
      </button>
      <FieldErrors errors={errors} field="lines" />
      <FormErrors errors={errors} fields={["lines"]} />
      {added ? (
        <p className="notice" data-testid="added">
          Added to your cart. <Link href="/cart">View cart</Link>
        </p>
      ) : null}
    </form>
  );
}
