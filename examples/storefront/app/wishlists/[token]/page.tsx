import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { SharedWishlistDocument } from "@/gql/graphql";
import { ApiError, query } from "@/lib/api";
import { formatMoney } from "@/lib/money";

export const metadata: Metadata = { title: "A shared wishlist", robots: { index: false } };

// Read-only, by the list's unguessable token; no sign-in.
export default async function SharedWishlist({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  // An unknown token is NOT_FOUND from the API: the page is a 404.
  const w = await query(SharedWishlistDocument, { token }, { revalidate: 30 }).then(
    (d) => d.sharedWishlist,
    (e) => {
      if (e instanceof ApiError) return null;
      throw e;
    },
  );
  if (!w) notFound();
  return (
    <>
      <h1>{w.name}</h1>
      <ul data-testid="shared-items">
        {w.items.edges.map(({ node: it }) =>
          it.variant ? (
            <li key={it.id}>
              <Link href={`/p/${it.variant.product.slug}`}>{it.variant.product.name}</Link> — {it.variant.title}, {formatMoney(it.variant.price)}
            </li>
          ) : null,
        )}
      </ul>
    </>
  );
}
