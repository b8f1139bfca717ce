"use client";
// The shopper's session, kept in localStorage: the guest (or merged) cart id
// and, once signed in, the access and refresh tokens. Nothing is read before
// the first render in the browser (ready is false until then), so the server
// and the first client render agree.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";

type Session = {
  ready: boolean;
  accessToken: string | null;
  refreshToken: string | null;
  expiresAt: string | null;
  email: string | null;
  cartId: string | null;
  setCartId: (id: string | null) => void;
  signIn: (t: { accessToken: string; refreshToken: string; expiresAt: string; email: string; cartId?: string | null }) => void;
  signOut: () => void;
  /** Re-reads the stored session (another tab may have changed it). */
  reload: () => Stored | null;
};

const Ctx = createContext<Session | null>(null);
const KEY = "comptoir.session";

type Stored = { accessToken: string | null; refreshToken: string | null; expiresAt: string | null; email: string | null; cartId: string | null };
const empty: Stored = { accessToken: null, refreshToken: null, expiresAt: null, email: null, cartId: null };

export function SessionProvider({ children }: { children: ReactNode }) {
  const [ready, setReady] = useState(false);
  const [s, setS] = useState<Stored>(empty);
  const reload = useCallback((): Stored | null => {
    try {
      const raw = window.localStorage.getItem(KEY);
      const next = raw ? { ...empty, ...(JSON.parse(raw) as Stored) } : empty;
      setS(next);
      return next;
    } catch {
      return null; // a corrupt entry is a fresh session
    }
  }, []);
  useEffect(() => {
    reload();
    setReady(true);
    // Another tab signed in, out, or renewed the token.
    const onStorage = (e: StorageEvent) => {
      if (e.key === KEY) reload();
    };
    window.addEventListener("storage", onStorage);
    return () => window.removeEventListener("storage", onStorage);
  }, [reload]);
  const save = useCallback((next: Stored) => {
    setS(next);
    window.localStorage.setItem(KEY, JSON.stringify(next));
  }, []);
  const value = useMemo<Session>(
    () => ({
      ready,
      ...s,
      setCartId: (cartId) => save({ ...s, cartId }),
      signIn: (t) =>
        save({ accessToken: t.accessToken, refreshToken: t.refreshToken, expiresAt: t.expiresAt, email: t.email, cartId: t.cartId ?? s.cartId }),
      signOut: () => save(empty),
      reload,
    }),
    [ready, s, save, reload],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): Session {
  const v = useContext(Ctx);
  if (!v) throw new Error("useSession outside SessionProvider");
  return v;
}
