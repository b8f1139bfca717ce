"use client";
// The order page: the order is read once, then kept current by the
// orderUpdated subscription (graphql-ws). Each update carries the order,
// which the normalized cache merges by id into the query's result: the
// status and tracking change on screen without a reload.
import Link from "next/link";
import { useQuery, useSubscription } from "@apollo/client/react";
import { OrderDocument, OrderLiveDocument } from "@/gql/graphql";
import { formatMoney } from "@/lib/money";
import { useSession } from "@/lib/session";
import { CostBreakdown } from "./CostBreakdown";
import { MediaImage } from "./MediaImage";

const labels: Record<string, string> = {
  PENDING_PAYMENT: "Awaiting payment",
  PAID: "Paid",
  PROCESSING: "Processing",
  SHIPPED: "Shipped",
  DELIVERED: "Delivered",
  CANCELLED: "Cancelled",
  REFUNDED: "Refunded",
};

export function OrderLive({ id, email }: { id: string; email?: string }) {
  const { ready } = useSession();
  const { data, loading, error } = useQuery(OrderDocument, { variables: { id, email }, skip: !ready });
  const live = useSubscription(OrderLiveDocument, { variables: { id, email }, skip: !ready || !data?.order });
  if (!ready || (loading && !data)) return <p className="muted">Loading your order…</p>;
  const o = data?.order;
  if (error || !o) return <p>This order was not found. Signed out? <Link href="/account/signin">Sign in</Link>.</p>;
  return (
    <>
      <h1>
        Order {o.name}{" "}
        <span className="status" data-testid="order-status" data-status={o.status}>
          {labels[o.status] ?? o.status}
        </span>
      </h1>
      <p className="muted">
        Payment: <span data-testid="payment-status">{o.paymentStatus}</span> · Fulfilment: {o.fulfillmentStatus}
        {live.data ? <> · last update: {live.data.orderUpdated.event.type}</> : null}
      </p>
      <div className="cols">
        <div>
          <table className="lines">
            <tbody>
              {o.lines.edges.map(({ node: l }) => (
                <tr key={l.id}>
                  <td>{l.image ? <MediaImage media={l.image} box={64} /> : null}</td>
                  <td>
                    {l.product ? <Link href={`/p/${l.product.slug}`}>{l.productName}</Link> : l.productName}
                    <div className="muted">
                      {l.variantTitle} × {l.quantity}
                    </div>
                  </td>
                  <td>{formatMoney(l.totalAmount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="panel" data-testid="tracking">
            <h3>Delivery</h3>
            {o.fulfillments.length === 0 ? <p className="muted">Not shipped yet.</p> : null}
            {o.fulfillments.map((f) => (
              <div key={f.id} data-testid="fulfillment">
                <p>
                  <b>{f.status}</b> · {f.carrier}{" "}
                  {f.trackingUrl ? (
                    <a href={f.trackingUrl} data-testid="tracking-number">
                      {f.trackingNumber}
                    </a>
                  ) : (
                    <span data-testid="tracking-number">{f.trackingNumber}</span>
                  )}
                </p>
                <ul>
                  {f.trackingEvents.map((t, i) => (
                    <li key={i}>
                      {new Date(t.occurredAt).toISOString().slice(0, 16).replace("T", " ")} — {t.status}
                      {t.message ? `: ${t.message}` : ""} {t.location ? `(${t.location})` : ""}
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </div>
        </div>
        <div className="panel">
          <CostBreakdown cost={{ ...o }} />
          {o.shippingAddress ? (
            <p className="muted">
              To {o.shippingAddress.firstName} {o.shippingAddress.lastName}, {o.shippingAddress.address1}, {o.shippingAddress.city}
            </p>
          ) : null}
        </div>
      </div>
    </>
  );
}
