"use client";
import type { ReactNode } from "react";
import { ApiProvider } from "@/lib/apollo";
import { SessionProvider } from "@/lib/session";
import { TokenRenewer } from "@/components/TokenRenewer";
import { ReferralCatcher } from "@/components/ReferralCatcher";

export function Providers({ apiUrl, children }: { apiUrl: string; children: ReactNode }) {
  return (
    <SessionProvider>
      <ApiProvider apiUrl={apiUrl}>
        <TokenRenewer />
        <ReferralCatcher />
        {children}
      </ApiProvider>
    </SessionProvider>
  );
}
