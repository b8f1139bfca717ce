import Link from "next/link";
import { HomeDocument } from "@/gql/graphql";
import { query } from "@/lib/api";
import { ProductCard } from "@/components/ProductCard";

// Server-rendered; the API's answer is cached by Next.js for a minute.
export default async function Home() {
  const data = await query(HomeDocument, {}, { revalidate: 60, tags: ["catalog"] });
  return (
    <>
      <section>
        <h1>Shop by category</h1>
        <ul className="chips" data-testid="top-categories">
          {data.categories.edges.map(({ node: c }) => (
            <li key={c.id}>
              <Link href={`/c/${c.slug}`}>{c.name}</Link>
            </li>
          ))}
        </ul>
      </section>
      <section>
        <h2>Featured products</h2>
        <div className="grid" data-testid="featured">
          {data.products.edges.map(({ node }) => (
            <ProductCard key={node.id} p={node} />
          ))}
        </div>
      </section>
    </>
  );
}
