"use client";
// Access tokens are short-lived (15 minutes by default): a minute before
// this one expires (at once when the page opens on an expired one), the
// refresh token buys a new pair (tabs share the session through storage). A refused refresh (used, expired, signed
// out elsewhere) signs the browser out.
import { useEffect } from "react";
import { useMutation } from "@apollo/client/react";
import { SignInRenewDocument } from "@/gql/graphql";
import { useSession } from "@/lib/session";

export function TokenRenewer() {
  const session = useSession();
  const { ready, refreshToken, expiresAt, email } = session;
  const [renew] = useMutation(SignInRenewDocument);
  useEffect(() => {
    if (!ready || !refreshToken || !expiresAt || !email) return;
    const left = new Date(expiresAt).getTime() - Date.now();
    const delay = Math.max(0, left - Math.min(60_000, left / 4));
    const timer = window.setTimeout(async () => {
      // Another tab may have renewed already: a refresh token works once.
      if (session.reload()?.refreshToken !== refreshToken) return;
      const r = await renew({ variables: { input: { refreshToken } } }).catch(() => null);
      const t = r?.data?.customerAccessTokenRenew?.customerAccessToken;
      if (t) session.signIn({ ...t, email });
      else session.signOut();
    }, delay);
    return () => window.clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- one timer per token
  }, [ready, refreshToken, expiresAt, email]);
  return null;
}
