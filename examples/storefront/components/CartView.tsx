"use client";
import Link from "next/link";
import { useState } from "react";
import { useMutation, useQuery } from "@apollo/client/react";
import {
  CartDiscountCodesUpdateDocument,
  CartDocument,
  CartRecommendationsDocument,
  type ProductCardFragment,
  CartLinesRemoveDocument,
  CartLinesUpdateDocument,
  CartSelectShippingMethodDocument,
  CartShippingAddressUpdateDocument,
  type CartFieldsFragment,
  type UserErrorFieldsFragment,
} from "@/gql/graphql";
import { formatMoney } from "@/lib/money";
import { useSession } from "@/lib/session";
import { CostBreakdown } from "./CostBreakdown";
import { FieldErrors, FormErrors } from "./FieldErrors";
import { MediaImage } from "./MediaImage";
import { ProductRail } from "./ProductRail";

export const countries = [
  ["FR", "France"],
  ["DE", "Germany"],
  ["BE", "Belgium"],
  ["ES", "Spain"],
  ["IT", "Italy"],
  ["NL", "Netherlands"],
  ["GB", "United Kingdom"],
  ["US", "United States"],
] as const;

export function CartView() {
  const { ready, cartId } = useSession();
  const { data, loading } = useQuery(CartDocument, { variables: { id: cartId ?? "" }, skip: !ready || !cartId });
  if (!ready || (loading && !data)) return <p className="muted">Loading your cart…</p>;
  const cart = data?.cart;
  if (!cart || cart.totalQuantity === 0) {
    return (
      <>
        <h1>Your cart</h1>
        <p data-testid="cart-empty">
          Your cart is empty. <Link href="/">Continue shopping</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Your cart</h1>
      <Lines cart={cart} />
      <div className="cols">
        <div>
          <DiscountCodes cart={cart} />
          <ShippingAddress cart={cart} />
          <Parcels cart={cart} />
        </div>
        <div className="panel">
          <CostBreakdown cost={cart.cost} />
          <p style={{ textAlign: "right" }}>
            <Link href="/checkout" data-testid="to-checkout">
              <button type="button">Checkout</button>
            </Link>
          </p>
        </div>
      </div>
      <GoesWellWith cart={cart} />
    </>
  );
}

// "Goes well with": the add-ons (COMPLEMENTARY) of the cart's products, as a
// shop shows next to a cart (what completes these items, rather than the
// viewer's general picks). One request for every product in the cart; the
// lists are merged round-robin (each product's best first), without what the
// cart already holds or twice the same product.
function GoesWellWith({ cart }: { cart: CartFieldsFragment }) {
  const ids = [...new Set(cart.lines.edges.map(({ node }) => node.merchandise.product.id))].sort();
  const { data, loading } = useQuery(CartRecommendationsDocument, { variables: { ids }, skip: ids.length === 0 });
  const inCart = new Set(ids);
  const lists: ProductCardFragment[][] = [];
  for (const n of data?.nodes ?? []) {
    if (n && "complementary" in n) lists.push(n.complementary);
  }
  const picked: ProductCardFragment[] = [];
  const seen = new Set<string>();
  for (let i = 0; picked.length < 4 && lists.some((l) => i < l.length); i++) {
    for (const l of lists) {
      const p = l[i];
      if (!p || inCart.has(p.id) || seen.has(p.id) || picked.length >= 4) continue;
      seen.add(p.id);
      picked.push(p);
    }
  }
  return (
    // data-state says when the answer is in (an empty rail is then final).
    <div data-testid="cart-recommendations" data-state={loading || !data ? "loading" : "done"}>
      <ProductRail title="Goes well with" products={picked} testId="recommendations-cart" />
    </div>
  );
}

function Lines({ cart }: { cart: CartFieldsFragment }) {
  const [update] = useMutation(CartLinesUpdateDocument);
  const [remove] = useMutation(CartLinesRemoveDocument);
  const [errors, setErrors] = useState<Record<string, UserErrorFieldsFragment[]>>({});
  return (
    <table className="lines" data-testid="cart-lines">
      <thead>
        <tr>
          <th colSpan={2}>Item</th>
          <th>Price</th>
          <th>Quantity</th>
          <th>Total</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {cart.lines.edges.map(({ node: l }) => (
          <tr key={l.id} data-testid="cart-line" data-sku={l.merchandise.sku}>
            <td>{l.merchandise.product.media[0] ? <MediaImage media={l.merchandise.product.media[0]} box={64} /> : null}</td>
            <td>
              <Link href={`/p/${l.merchandise.product.slug}`}>{l.merchandise.product.name}</Link>
              <div className="muted">{l.merchandise.title}</div>
            </td>
            <td>{formatMoney(l.cost.amountPerQuantity)}</td>
            <td>
              <input
                type="number"
                min={0}
                defaultValue={l.quantity}
                key={l.quantity}
                aria-label={`Quantity of ${l.merchandise.product.name}`}
                data-testid="line-quantity"
                size={3}
                onBlur={async (e) => {
                  const quantity = Number(e.target.value);
                  if (quantity === l.quantity || Number.isNaN(quantity)) return;
                  const r = await update({ variables: { input: { cartId: cart.id, lines: [{ id: l.id, quantity }] } } });
                  setErrors((m) => ({ ...m, [l.id]: r.data?.cartLinesUpdate?.userErrors ?? [] }));
                }}
              />
              <FieldErrors errors={errors[l.id]} field="lines.0" />
            </td>
            <td data-testid="line-total">{formatMoney(l.cost.totalAmount)}</td>
            <td>
              <button
                type="button"
                className="secondary"
                data-testid="line-remove"
                onClick={async () => {
                  const r = await remove({ variables: { input: { cartId: cart.id, lineIds: [l.id] } } });
                  setErrors((m) => ({ ...m, [l.id]: r.data?.cartLinesRemove?.userErrors ?? [] }));
                }}
              >
                Remove
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DiscountCodes({ cart }: { cart: CartFieldsFragment }) {
  const [code, setCode] = useState("");
  const [run, { data, loading }] = useMutation(CartDiscountCodesUpdateDocument);
  const errors = data?.cartDiscountCodesUpdate?.userErrors;
  const codes = cart.discountCodes.map((d) => d.code);
  return (
    <form
      className="panel"
      onSubmit={async (e) => {
        e.preventDefault();
        const r = await run({ variables: { input: { cartId: cart.id, discountCodes: [...codes, code.trim()] } } });
        if (r.data?.cartDiscountCodesUpdate?.userErrors.length === 0) setCode("");
      }}
    >
      <h3>Discount code</h3>
      {cart.discountCodes.map((d) => (
        <p key={d.code} data-testid="discount-code">
          <b>{d.code}</b>{" "}
          {d.applicable ? <span className="stock-ok">−{formatMoney(d.amount)}</span> : <span className="field-error">{d.reason}</span>}{" "}
          <button
            type="button"
            className="secondary"
            onClick={() => run({ variables: { input: { cartId: cart.id, discountCodes: codes.filter((c) => c !== d.code) } } })}
          >
            Remove
          </button>
        </p>
      ))}
      <div className="field">
        <input value={code} onChange={(e) => setCode(e.target.value)} name="discountCode" aria-label="Discount code" placeholder="Code" />
        <FieldErrors errors={errors} field="discountCodes" />
      </div>
      <button type="submit" disabled={loading || !code.trim()} data-testid="apply-code">
        Apply
      </button>
      <FormErrors errors={errors} fields={["discountCodes"]} />
    </form>
  );
}

const addressFields = ["firstName", "lastName", "address1", "city", "zip", "countryCode"] as const;
const addressLabels: Record<(typeof addressFields)[number], string> = {
  firstName: "First name",
  lastName: "Last name",
  address1: "Address",
  city: "City",
  zip: "Postal code",
  countryCode: "Country",
};

export function AddressInputs({ value, onChange, errors, prefix }: {
  value: Record<string, string>;
  onChange: (v: Record<string, string>) => void;
  errors?: readonly UserErrorFieldsFragment[] | readonly { field?: readonly string[] | null; code: string; message: string }[];
  prefix: string;
}) {
  return (
    <>
      {addressFields.map((f) => (
        <div className="field" key={f}>
          <label htmlFor={`${prefix}-${f}`}>{addressLabels[f]}</label>
          {f === "countryCode" ? (
            <select id={`${prefix}-${f}`} name={f} value={value[f] ?? ""} onChange={(e) => onChange({ ...value, [f]: e.target.value })}>
              <option value="">Choose…</option>
              {countries.map(([c, n]) => (
                <option key={c} value={c}>
                  {n}
                </option>
              ))}
            </select>
          ) : (
            <input id={`${prefix}-${f}`} name={f} value={value[f] ?? ""} onChange={(e) => onChange({ ...value, [f]: e.target.value })} />
          )}
          <FieldErrors errors={errors} field={`address.${f}`} />
        </div>
      ))}
    </>
  );
}

function ShippingAddress({ cart }: { cart: CartFieldsFragment }) {
  const a = cart.shippingAddress;
  const [editing, setEditing] = useState(!a);
  const [value, setValue] = useState<Record<string, string>>({
    firstName: a?.firstName ?? "",
    lastName: a?.lastName ?? "",
    address1: a?.address1 ?? "",
    city: a?.city ?? "",
    zip: a?.zip ?? "",
    countryCode: a?.countryCode ?? "",
  });
  const [run, { data, loading }] = useMutation(CartShippingAddressUpdateDocument);
  const errors = data?.cartShippingAddressUpdate?.userErrors;
  if (!editing && a) {
    return (
      <div className="panel" data-testid="shipping-address">
        <h3>Shipping address</h3>
        <p>
          {a.firstName} {a.lastName}, {a.address1}, {a.zip} {a.city}, {a.countryCode}
        </p>
        <button type="button" className="secondary" onClick={() => setEditing(true)}>
          Change
        </button>
      </div>
    );
  }
  return (
    <form
      className="panel"
      data-testid="shipping-form"
      onSubmit={async (e) => {
        e.preventDefault();
        const address = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== ""));
        const r = await run({
          variables: { input: { cartId: cart.id, address: { address1: "", city: "", countryCode: "", ...address } } },
        });
        if (r.data?.cartShippingAddressUpdate?.userErrors.length === 0) setEditing(false);
      }}
    >
      <h3>Shipping address</h3>
      <AddressInputs value={value} onChange={setValue} errors={errors} prefix="ship" />
      <button type="submit" disabled={loading} data-testid="save-address">
        Save address
      </button>
      <FormErrors errors={errors} fields={addressFields.map((f) => `address.${f}`)} />
    </form>
  );
}

function Parcels({ cart }: { cart: CartFieldsFragment }) {
  const [select, { data }] = useMutation(CartSelectShippingMethodDocument);
  if (!cart.shippingAddress) return null;
  return (
    <div className="panel" data-testid="parcels">
      <h3>Delivery</h3>
      {cart.deliveryGroups.map((g) => (
        <fieldset key={g.seller.id} data-testid="parcel" data-seller={g.seller.name}>
          <legend>
            Parcel from {g.seller.name} ({g.lines.length} {g.lines.length === 1 ? "item" : "items"})
          </legend>
          {g.availableShippingMethods.length === 0 ? <p className="field-error">No shipping method reaches this address.</p> : null}
          {g.availableShippingMethods.map((r) => (
            <label key={r.id} style={{ display: "block" }}>
              <input
                type="radio"
                name={`ship-${g.seller.id}`}
                value={r.id}
                checked={g.selectedShippingMethod?.shippingMethodId === r.shippingMethodId}
                onChange={() => select({ variables: { input: { cartId: cart.id, shippingMethodId: r.id, sellerId: g.seller.id } } })}
                data-testid="shipping-method"
                data-method={r.name}
              />{" "}
              {r.name} · {formatMoney(r.price)} · {r.deliveryEstimate}
            </label>
          ))}
        </fieldset>
      ))}
      <FormErrors errors={data?.cartSelectShippingMethod?.userErrors} fields={[]} />
    </div>
  );
}
