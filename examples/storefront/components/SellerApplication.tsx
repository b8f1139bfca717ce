"use client";
import Link from "next/link";
import { useState } from "react";
import { useMutation } from "@apollo/client/react";
import { SellerApplyDocument } from "@/gql/graphql";
import { useSession } from "@/lib/session";
import { FieldErrors, FormErrors } from "./FieldErrors";

const fields = [
  ["name", "Shop name"],
  ["slug", "Shop address (slug, optional)"],
  ["description", "What you sell"],
  ["contactEmail", "Contact email"],
  ["payoutReference", "Payout reference (IBAN)"],
] as const;

export function SellerApplication() {
  const { ready, accessToken } = useSession();
  const [v, setV] = useState<Record<string, string>>({});
  const [run, { data, loading }] = useMutation(SellerApplyDocument);
  if (!ready) return <p className="muted">Loading…</p>;
  if (!accessToken) {
    return (
      <p>
        <Link href="/account/signin">Sign in</Link> to apply as a seller.
      </p>
    );
  }
  const res = data?.sellerApply;
  if (res?.seller) {
    return (
      <p className="notice" data-testid="seller-applied">
        Thank you: your application for {res.seller.name} is {res.seller.status.toLowerCase()}. We will review it shortly.
      </p>
    );
  }
  return (
    <form
      data-testid="seller-form"
      onSubmit={(e) => {
        e.preventDefault();
        const input = {
          name: v.name ?? "",
          contactEmail: v.contactEmail ?? "",
          payoutReference: v.payoutReference ?? "",
          description: v.description ?? "",
          ...(v.slug ? { slug: v.slug } : {}),
        };
        void run({ variables: { input } });
      }}
    >
      <h1>Sell on Comptoir</h1>
      {fields.map(([f, label]) => (
        <div className="field" key={f}>
          <label htmlFor={`seller-${f}`}>{label}</label>
          {f === "description" ? (
            <textarea id={`seller-${f}`} name={f} value={v[f] ?? ""} onChange={(e) => setV({ ...v, [f]: e.target.value })} />
          ) : (
            <input id={`seller-${f}`} name={f} value={v[f] ?? ""} onChange={(e) => setV({ ...v, [f]: e.target.value })} />
          )}
          <FieldErrors errors={res?.userErrors} field={f} />
        </div>
      ))}
      <FormErrors errors={res?.userErrors} fields={fields.map(([f]) => f)} />
      <button type="submit" disabled={loading} data-testid="seller-apply">
        Send application
      </button>
    </form>
  );
}
