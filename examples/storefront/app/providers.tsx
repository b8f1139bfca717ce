"use client";
import type { ReactNode } from "react";
import { ApiProvider } from "@/lib/apollo";
import { SessionProvider } from "@/lib/session";

export function Providers({ apiUrl, children }: { apiUrl: string; children: ReactNode }) {
  return (
    <SessionProvider>
      <ApiProvider apiUrl={apiUrl}>{children}</ApiProvider>
    </SessionProvider>
  );
}
