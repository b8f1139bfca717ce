import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CategoryPageDocument } from "@/gql/graphql";
import { query } from "@/lib/api";
import { Listing, type SearchParams } from "@/components/Listing";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<SearchParams> };

async function load(slug: string) {
  return (await query(CategoryPageDocument, { slug }, { revalidate: 300, tags: ["catalog"] })).category;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const c = await load((await params).slug);
  return { title: c?.name ?? "Not found", description: c?.description };
}

export default async function CategoryPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const c = await load(slug);
  if (!c) notFound();
  return (
    <>
      <nav className="muted" aria-label="Breadcrumb">
        <Link href="/">Home</Link>
        {c.ancestors.map((a) => (
          <span key={a.id}>
            {" / "}
            <Link href={`/c/${a.slug}`}>{a.name}</Link>
          </span>
        ))}
      </nav>
      <h1>{c.name}</h1>
      {c.children.edges.length ? (
        <ul className="chips" data-testid="subcategories">
          {c.children.edges.map(({ node }) => (
            <li key={node.id}>
              <Link href={`/c/${node.slug}`}>{node.name}</Link>
            </li>
          ))}
        </ul>
      ) : null}
      <Listing
        base={`/c/${c.slug}`} sp={await searchParams} categorySlug={c.slug}
        subcategories={c.children.edges.map(({ node }) => node)}
      />
    </>
  );
}
