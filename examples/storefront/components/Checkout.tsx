"use client";
// Checkout with the API's `test` payment provider: tok_success pays at once,
// tok_confirm needs a second step (paymentConfirm, as a bank's 3-D Secure
// page would), tok_decline is refused. The idempotency key is kept for one
// attempt, so a double click places one order.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useMutation, useQuery } from "@apollo/client/react";
import {
  CartBuyerIdentityUpdateDocument,
  CartDocument,
  CheckoutCompleteDocument,
  PaymentConfirmDocument,
  type OrderFieldsFragment,
} from "@/gql/graphql";
import { useSession } from "@/lib/session";
import { CostBreakdown } from "./CostBreakdown";
import { FieldErrors, FormErrors } from "./FieldErrors";

const cards = [
  ["tok_success", "Test card: pays at once"],
  ["tok_confirm", "Test card: asks for confirmation (3-D Secure)"],
  ["tok_decline", "Test card: declined"],
] as const;

function newKey() {
  return typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
}

export function Checkout() {
  const router = useRouter();
  const { ready, cartId, accessToken, email: sessionEmail, setCartId } = useSession();
  const { data, loading } = useQuery(CartDocument, { variables: { id: cartId ?? "" }, skip: !ready || !cartId });
  const [token, setToken] = useState<string>("tok_success");
  const [email, setEmail] = useState("");
  const [key, setKey] = useState(newKey);
  const [pending, setPending] = useState<OrderFieldsFragment | null>(null);
  // A guest changes its order (confirms the payment) with the order's
  // signed access token, which checkoutComplete returns; the email only
  // reads it.
  const [orderToken, setOrderToken] = useState<string | null>(null);
  const [complete, c] = useMutation(CheckoutCompleteDocument);
  const [identify, idRes] = useMutation(CartBuyerIdentityUpdateDocument);
  const [confirm, conf] = useMutation(PaymentConfirmDocument);

  if (!ready || (loading && !data)) return <p className="muted">Loading…</p>;
  const cart = data?.cart;
  if (pending) {
    const guestEmail = accessToken ? undefined : pending.email;
    return (
      <div className="panel" data-testid="confirm-step">
        <h1>Confirm your payment</h1>
        <p>Your bank asks you to confirm the payment of order {pending.name}.</p>
        <button
          type="button"
          disabled={conf.loading}
          data-testid="confirm-payment"
          onClick={async () => {
            const r = await confirm({
              variables: { input: { orderId: pending.id, accessToken: guestEmail ? orderToken : undefined } },
            });
            const o = r.data?.paymentConfirm?.order;
            if (o && r.data?.paymentConfirm?.userErrors.length === 0) {
              router.push(`/orders/${encodeURIComponent(o.id)}${guestEmail ? `?email=${encodeURIComponent(guestEmail)}` : ""}`);
            }
          }}
        >
          Confirm payment
        </button>
        <FormErrors errors={conf.data?.paymentConfirm?.userErrors} fields={[]} />
      </div>
    );
  }
  if (!cart || cart.totalQuantity === 0) {
    return (
      <p>
        Your cart is empty. <Link href="/">Continue shopping</Link>
      </p>
    );
  }
  const missingShipping = !cart.shippingAddress || cart.deliveryGroups.some((g) => !g.selectedShippingMethod);
  const errors = [...(c.data?.checkoutComplete?.userErrors ?? []), ...(idRes.data?.cartBuyerIdentityUpdate?.userErrors ?? [])];

  async function placeOrder(e: React.FormEvent) {
    e.preventDefault();
    if (!cart) return;
    let buyer = sessionEmail ?? cart.buyerIdentity.email ?? "";
    if (!accessToken) {
      const r = await identify({ variables: { input: { cartId: cart.id, buyerIdentity: { email } } } });
      if (r.data?.cartBuyerIdentityUpdate?.userErrors.length) return;
      buyer = email;
    }
    const r = await complete({
      variables: {
        input: {
          cartId: cart.id,
          idempotencyKey: key,
          payment: { provider: "test", token },
          expectedTotalAmount: cart.cost.totalAmount.amount,
        },
      },
    });
    const res = r.data?.checkoutComplete;
    const order = res?.order;
    if (!order || res.userErrors.length || res.payment?.status === "FAILED") {
      setKey(newKey()); // the next attempt is a new one
      return;
    }
    setCartId(null);
    if (res.payment?.nextAction === "CONFIRM") {
      setOrderToken(res.orderAccessToken ?? null);
      setPending(order);
      return;
    }
    router.push(`/orders/${encodeURIComponent(order.id)}${accessToken ? "" : `?email=${encodeURIComponent(buyer)}`}`);
  }

  const failed = c.data?.checkoutComplete?.payment?.status === "FAILED" ? c.data.checkoutComplete.payment : null;
  return (
    <form onSubmit={placeOrder} data-testid="checkout-form" noValidate>
      <h1>Checkout</h1>
      <div className="cols">
        <div>
          <div className="panel">
            <h3>Contact</h3>
            {accessToken ? (
              <p>Signed in as {sessionEmail}</p>
            ) : (
              <div className="field">
                <label htmlFor="email">Email</label>
                <input id="email" name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
                <FieldErrors errors={errors} field="buyerIdentity.email" />
                <p className="muted">
                  or <Link href="/account/signin">sign in</Link>
                </p>
              </div>
            )}
          </div>
          <div className="panel">
            <h3>Shipping</h3>
            {cart.shippingAddress ? (
              <p>
                {cart.shippingAddress.firstName} {cart.shippingAddress.lastName}, {cart.shippingAddress.address1}, {cart.shippingAddress.city},{" "}
                {cart.shippingAddress.countryCode}
              </p>
            ) : null}
            {cart.deliveryGroups.map((g) => (
              <p key={g.seller.id} className="muted">
                {g.seller.name}: {g.selectedShippingMethod ? `${g.selectedShippingMethod.name}, ${g.selectedShippingMethod.deliveryEstimate}` : "no method chosen"}
              </p>
            ))}
            {missingShipping ? (
              <p className="field-error">
                Choose a shipping address and a method for each parcel in <Link href="/cart">your cart</Link>.
              </p>
            ) : null}
          </div>
          <fieldset className="panel">
            <legend>Payment</legend>
            {cards.map(([t, label]) => (
              <label key={t} style={{ display: "block" }}>
                <input type="radio" name="card" value={t} checked={token === t} onChange={() => setToken(t)} data-testid={`card-${t}`} /> {label}
              </label>
            ))}
            <FieldErrors errors={errors} field="payment" />
          </fieldset>
        </div>
        <div className="panel">
          <CostBreakdown cost={cart.cost} />
          <FormErrors errors={errors} fields={["payment", "buyerIdentity.email"]} />
          {failed ? (
            <p className="field-error" data-testid="payment-failed">
              Payment declined{failed.failureReason ? `: ${failed.failureReason}` : ""}.
            </p>
          ) : null}
          <p style={{ textAlign: "right" }}>
            <button type="submit" disabled={c.loading || idRes.loading || missingShipping} data-testid="place-order">
              Place order
            </button>
          </p>
        </div>
      </div>
    </form>
  );
}
