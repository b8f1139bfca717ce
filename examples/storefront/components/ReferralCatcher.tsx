"use client";
import { useEffect } from "react";
import { useMutation } from "@apollo/client/react";
import { ReferralVisitDocument } from "@/gql/graphql";
import { setAttributionToken, visitorId } from "@/lib/referral";

/** Counts an affiliate link's visit (?ref=CODE) and keeps its attribution token. */
export function ReferralCatcher() {
  const [visit] = useMutation(ReferralVisitDocument);
  useEffect(() => {
    const code = new URLSearchParams(window.location.search).get("ref");
    if (!code) return;
    void visit({ variables: { input: { code, visitorId: visitorId() } } }).then((r) => {
      const t = r.data?.referralVisit?.attributionToken;
      if (t) setAttributionToken(t);
    });
  }, [visit]);
  return null;
}
