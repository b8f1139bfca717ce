import type { Metadata } from "next";
import { Listing, type SearchParams } from "@/components/Listing";

type Props = { searchParams: Promise<SearchParams> };

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const q = (await searchParams).q;
  return { title: q ? `Search: ${q}` : "Search" };
}

// Search is typo-tolerant on the API's side: "backpak" finds backpacks.
export default async function SearchPage({ searchParams }: Props) {
  const sp = await searchParams;
  const q = (Array.isArray(sp.q) ? sp.q[0] : sp.q)?.trim() ?? "";
  return (
    <>
      <h1>{q ? <>Results for “{q}”</> : "All products"}</h1>
      <Listing base="/search" sp={sp} search={q} />
    </>
  );
}
