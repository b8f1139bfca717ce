import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { browserApiUrl } from "@/lib/api";
import { HeaderUser } from "@/components/HeaderUser";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Comptoir storefront", template: "%s · Comptoir" },
  description: "A Next.js storefront on the Comptoir GraphQL API.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Rendered per request: the API's address is configuration read at run
  // time, not at build time. Catalog data is still cached (lib/api.ts).
  await connection();
  return (
    <html lang="en">
      <body>
        <Providers apiUrl={browserApiUrl()}>
          <header className="site-header">
            <Link href="/" className="brand">
              Comptoir
            </Link>
            <form action="/search" method="get" className="search-form" role="search">
              <input type="search" name="q" placeholder="Search products" aria-label="Search products" />
              <button type="submit">Search</button>
            </form>
            <HeaderUser />
          </header>
          <main>{children}</main>
          <footer className="site-footer">
            <Link href="/sell">Sell on Comptoir</Link>
          </footer>
        </Providers>
      </body>
    </html>
  );
}
