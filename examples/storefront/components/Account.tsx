"use client";
// The account page: orders, a review for a delivered product, addresses,
// wishlists (share link, move to cart), the affiliate program, sign-out.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useMutation, useQuery } from "@apollo/client/react";
import {
  AccountDocument,
  AddressCreateDocument,
  AddressDeleteDocument,
  AffiliateJoinDocument,
  ReviewCreateDocument,
  SignOutDocument,
  WishlistItemMoveToCartDocument,
  type AccountQuery,
} from "@/gql/graphql";
import { formatMoney } from "@/lib/money";
import { useSession } from "@/lib/session";
import { productChanged } from "@/app/actions";
import { AddressInputs } from "./CartView";
import { FieldErrors, FormErrors } from "./FieldErrors";

type Me = NonNullable<AccountQuery["me"]>;

export function Account() {
  const router = useRouter();
  const session = useSession();
  const signedIn = session.ready && !!session.accessToken;
  const { data, loading, refetch } = useQuery(AccountDocument, { skip: !signedIn });
  const [signOut] = useMutation(SignOutDocument);
  if (!session.ready || (signedIn && loading && !data)) return <p className="muted">Loading…</p>;
  if (!signedIn || !data?.me) {
    return (
      <p>
        <Link href="/account/signin">Sign in</Link> or <Link href="/account/signup">create an account</Link>.
      </p>
    );
  }
  const me = data.me;
  return (
    <>
      <h1>
        Hello{me.firstName ? `, ${me.firstName}` : ""}{" "}
        <button
          type="button"
          className="secondary"
          data-testid="signout"
          onClick={async () => {
            if (session.refreshToken) await signOut({ variables: { input: { refreshToken: session.refreshToken } } }).catch(() => undefined);
            session.signOut();
            router.push("/");
          }}
        >
          Sign out
        </button>
      </h1>
      <p className="muted" data-testid="account-email">
        {me.email}
      </p>
      <Orders me={me} refetch={() => void refetch()} />
      <Wishlists me={me} />
      <Addresses me={me} refetch={() => void refetch()} />
      <Affiliate me={me} />
      <section className="panel">
        <h2>Selling</h2>
        {me.sellerMemberships.map((m) => (
          <p key={m.seller.id} data-testid="seller-membership">
            {m.seller.name} — {m.role}, {m.seller.status}
          </p>
        ))}
        <Link href="/sell">Apply to sell on Comptoir</Link>
      </section>
    </>
  );
}

function Orders({ me, refetch }: { me: Me; refetch: () => void }) {
  const reviewed = new Set(me.reviews.edges.map((e) => e.node.product?.id));
  return (
    <section className="panel" data-testid="orders">
      <h2>Orders</h2>
      {me.orders.edges.length === 0 ? <p className="muted">No orders yet.</p> : null}
      {me.orders.edges.map(({ node: o }) => (
        <div key={o.id} data-testid="order-row">
          <p>
            <Link href={`/orders/${encodeURIComponent(o.id)}`}>{o.name}</Link> · <span data-testid="order-row-status">{o.status}</span> ·{" "}
            {formatMoney(o.totalAmount)}
          </p>
          {o.status === "DELIVERED"
            ? o.lines.edges
                .filter(({ node: l }) => !reviewed.has(l.productId))
                .map(({ node: l }) => (
                  <ReviewForm key={l.id} productId={l.productId} productName={l.productName} slug={l.product?.slug} onDone={refetch} />
                ))
            : null}
        </div>
      ))}
    </section>
  );
}

function ReviewForm({ productId, productName, slug, onDone }: { productId: string; productName: string; slug?: string; onDone: () => void }) {
  const [v, setV] = useState({ rating: "5", title: "", body: "" });
  const [run, { data, loading }] = useMutation(ReviewCreateDocument);
  const errors = data?.reviewCreate?.userErrors;
  return (
    <form
      className="panel"
      data-testid="review-form"
      data-product={slug}
      onSubmit={async (e) => {
        e.preventDefault();
        const r = await run({ variables: { input: { productId, rating: Number(v.rating), title: v.title, body: v.body } } });
        if (r.data?.reviewCreate?.review) {
          if (slug) await productChanged(slug);
          onDone();
        }
      }}
    >
      <h3>Review {productName}</h3>
      <div className="field">
        <label htmlFor={`rating-${productId}`}>Rating</label>
        <select id={`rating-${productId}`} name="rating" value={v.rating} onChange={(e) => setV({ ...v, rating: e.target.value })}>
          {[5, 4, 3, 2, 1].map((n) => (
            <option key={n} value={n}>
              {"★".repeat(n)}
            </option>
          ))}
        </select>
        <FieldErrors errors={errors} field="rating" />
      </div>
      <div className="field">
        <label htmlFor={`title-${productId}`}>Title</label>
        <input id={`title-${productId}`} name="title" value={v.title} onChange={(e) => setV({ ...v, title: e.target.value })} />
        <FieldErrors errors={errors} field="title" />
      </div>
      <div className="field">
        <label htmlFor={`body-${productId}`}>Review</label>
        <textarea id={`body-${productId}`} name="body" value={v.body} onChange={(e) => setV({ ...v, body: e.target.value })} />
        <FieldErrors errors={errors} field="body" />
      </div>
      <FormErrors errors={errors} fields={["rating", "title", "body"]} />
      <button type="submit" disabled={loading} data-testid="submit-review">
        Publish review
      </button>
    </form>
  );
}

function Wishlists({ me }: { me: Me }) {
  const session = useSession();
  const [move, { data, loading }] = useMutation(WishlistItemMoveToCartDocument);
  const [moved, setMoved] = useState(false);
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  return (
    <section className="panel" data-testid="wishlists">
      <h2>Wishlists</h2>
      {me.wishlists.edges.length === 0 ? <p className="muted">Nothing saved yet: use “Add to wishlist” on a product.</p> : null}
      {me.wishlists.edges.map(({ node: w }) => (
        <div key={w.id}>
          <h3>{w.name}</h3>
          <p>
            Share:{" "}
            <input readOnly value={`${origin}/wishlists/${w.shareToken}`} size={60} aria-label={`Share link of ${w.name}`} data-testid="share-link" />
          </p>
          <ul>
            {w.items.edges.map(({ node: it }) => (
              <li key={it.id} data-testid="wishlist-item">
                {it.variant ? (
                  <>
                    <Link href={`/p/${it.variant.product.slug}`}>{it.variant.product.name}</Link> — {it.variant.title},{" "}
                    {formatMoney(it.variant.price)}{" "}
                    <button
                      type="button"
                      className="secondary"
                      disabled={loading || !it.variant.availableForSale}
                      data-testid="move-to-cart"
                      onClick={async () => {
                        const r = await move({ variables: { input: { itemId: it.id } } });
                        const cart = r.data?.wishlistItemMoveToCart?.cart;
                        if (cart) {
                          session.setCartId(cart.id);
                          setMoved(true);
                        }
                      }}
                    >
                      Move to cart
                    </button>
                  </>
                ) : (
                  <span className="muted">No longer available</span>
                )}
              </li>
            ))}
          </ul>
        </div>
      ))}
      {moved ? (
        <p className="notice" data-testid="moved">
          Moved to your cart. <Link href="/cart">View cart</Link>
        </p>
      ) : null}
      <FormErrors errors={data?.wishlistItemMoveToCart?.userErrors} fields={[]} />
    </section>
  );
}

function Addresses({ me, refetch }: { me: Me; refetch: () => void }) {
  const [value, setValue] = useState<Record<string, string>>({});
  const [create, { data, loading }] = useMutation(AddressCreateDocument);
  const [del] = useMutation(AddressDeleteDocument);
  const errors = data?.customerAddressCreate?.userErrors;
  return (
    <section className="panel" data-testid="addresses">
      <h2>Addresses</h2>
      {me.addresses.edges.map(({ node: a }) => (
        <p key={a.id} data-testid="address">
          {a.firstName} {a.lastName}, {a.address1}, {a.zip} {a.city}, {a.countryCode}
          {me.defaultShippingAddress?.id === a.id ? " (default)" : ""}{" "}
          <button
            type="button"
            className="secondary"
            onClick={async () => {
              await del({ variables: { input: { id: a.id } } });
              refetch();
            }}
          >
            Delete
          </button>
        </p>
      ))}
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const address = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== ""));
          const r = await create({
            variables: { input: { address: { address1: "", city: "", countryCode: "", ...address }, defaultShipping: true } },
          });
          if (r.data?.customerAddressCreate?.address) {
            setValue({});
            refetch();
          }
        }}
      >
        <h3>Add an address</h3>
        <AddressInputs value={value} onChange={setValue} errors={errors} prefix="book" />
        <FormErrors errors={errors} fields={["address"]} />
        <button type="submit" disabled={loading} data-testid="add-address">
          Save address
        </button>
      </form>
    </section>
  );
}

function Affiliate({ me }: { me: Me }) {
  const [join, { data, loading }] = useMutation(AffiliateJoinDocument);
  const a = me.affiliate ?? data?.affiliateJoin?.affiliate;
  return (
    <section className="panel" data-testid="affiliate">
      <h2>Affiliate program</h2>
      {a ? (
        <>
          <p>
            Your referral link: <code data-testid="referral-link">{a.link}</code>
          </p>
          <p className="muted">
            Code {a.code} · {a.clicks} clicks · {a.conversions} orders · pending {formatMoney(a.earnings.pending)}
          </p>
        </>
      ) : (
        <button type="button" disabled={loading} onClick={() => join()} data-testid="join-affiliate">
          Become an affiliate
        </button>
      )}
      <FormErrors errors={data?.affiliateJoin?.userErrors} fields={[]} />
    </section>
  );
}
