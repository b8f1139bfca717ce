// A product listing with filters (price, in stock, attributes), sorts and
// cursor pagination, rendered on the server from the URL's query string: a
// plain GET form, so it works without JavaScript too.
import Link from "next/link";
import {
  ListingDocument,
  ListingFacetsDocument,
  type ProductFilter,
  type ProductSortOrder,
} from "@/gql/graphql";
import { query } from "@/lib/api";
import { ProductCard } from "./ProductCard";

export type SearchParams = Record<string, string | string[] | undefined>;

const PAGE = 12;

const sorts: Record<string, ProductSortOrder | undefined> = {
  relevance: { field: "RELEVANCE", direction: "DESC" },
  newest: { field: "CREATED_AT", direction: "DESC" },
  "price-asc": { field: "PRICE", direction: "ASC" },
  "price-desc": { field: "PRICE", direction: "DESC" },
  name: { field: "NAME", direction: "ASC" },
};

function one(v: string | string[] | undefined): string {
  return (Array.isArray(v) ? v[0] : v) ?? "";
}

const decimal = /^\d+(\.\d{1,2})?$/;

export async function Listing({ base, sp, categorySlug, search }: { base: string; sp: SearchParams; categorySlug?: string; search?: string }) {
  const min = one(sp.min).trim();
  const max = one(sp.max).trim();
  const inStock = one(sp.instock) === "1";
  const attributes = Object.entries(sp)
    .filter(([k, v]) => k.startsWith("a_") && one(v) !== "")
    .map(([k, v]) => ({ key: k.slice(2), value: one(v) }));
  const sortKey = one(sp.sort) || (search ? "relevance" : "newest");
  const where: ProductFilter = {
    ...(categorySlug ? { categorySlug } : {}),
    ...(inStock ? { inStock: true } : {}),
    ...(attributes.length ? { attributes } : {}),
    ...(decimal.test(min) || decimal.test(max)
      ? { price: { ...(decimal.test(min) ? { min } : {}), ...(decimal.test(max) ? { max } : {}) } }
      : {}),
  };
  const after = one(sp.after) || undefined;
  const before = one(sp.before) || undefined;
  const page = before ? { last: PAGE, before } : { first: PAGE, after };
  const facetWhere: ProductFilter = categorySlug ? { categorySlug } : {};
  const [data, facets] = await Promise.all([
    query(ListingDocument, { ...page, where, orderBy: sorts[sortKey] ?? sorts.newest, search: search || undefined }, { revalidate: 60, tags: ["catalog"] }),
    query(ListingFacetsDocument, { where: facetWhere, search: search || undefined }, { revalidate: 300, tags: ["catalog"] }),
  ]);
  const values = new Map<string, Set<string>>();
  for (const { node } of facets.products.edges) {
    for (const a of node.attributes) {
      if (!values.has(a.key)) values.set(a.key, new Set());
      values.get(a.key)!.add(a.value);
    }
  }
  const conn = data.products;
  // The query string without the cursors: pagination links keep the filters.
  const keep = new URLSearchParams();
  for (const [k, v] of Object.entries(sp)) {
    if (k !== "after" && k !== "before" && one(v) !== "") keep.set(k, one(v));
  }
  const link = (k: "after" | "before", cursor: string) => {
    const q = new URLSearchParams(keep);
    q.set(k, cursor);
    return `${base}?${q.toString()}`;
  };
  return (
    <div className="listing">
      <form action={base} method="get" className="filters" data-testid="filters">
        {search ? <input type="hidden" name="q" value={search} /> : null}
        <fieldset>
          <legend>Price</legend>
          <input name="min" inputMode="decimal" placeholder="min" defaultValue={min} aria-label="Minimum price" size={6} />
          {" – "}
          <input name="max" inputMode="decimal" placeholder="max" defaultValue={max} aria-label="Maximum price" size={6} />
        </fieldset>
        <label>
          <input type="checkbox" name="instock" value="1" defaultChecked={inStock} /> In stock only
        </label>
        {[...values.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([key, vals]) => (
            <label key={key}>
              {key[0].toUpperCase() + key.slice(1)}{" "}
              <select name={`a_${key}`} defaultValue={attributes.find((a) => a.key === key)?.value ?? ""} aria-label={key}>
                <option value="">Any</option>
                {[...vals].sort().map((v) => (
                  <option key={v} value={v}>
                    {v}
                  </option>
                ))}
              </select>
            </label>
          ))}
        <label>
          Sort{" "}
          <select name="sort" defaultValue={sortKey} aria-label="Sort">
            {search ? <option value="relevance">Relevance</option> : null}
            <option value="newest">Newest</option>
            <option value="price-asc">Price, low to high</option>
            <option value="price-desc">Price, high to low</option>
            <option value="name">Name</option>
          </select>
        </label>
        <button type="submit">Apply</button>
      </form>
      <section>
        <p className="muted" data-testid="result-count">
          {conn.totalCount} {conn.totalCount === 1 ? "product" : "products"}
        </p>
        <div className="grid" data-testid="results">
          {conn.edges.map(({ node }) => (
            <ProductCard key={node.id} p={node} />
          ))}
        </div>
        <nav className="pager">
          {conn.pageInfo.hasPreviousPage && conn.pageInfo.startCursor ? (
            <Link href={link("before", conn.pageInfo.startCursor)} rel="prev">
              ← Previous
            </Link>
          ) : (
            <span />
          )}
          {conn.pageInfo.hasNextPage && conn.pageInfo.endCursor ? (
            <Link href={link("after", conn.pageInfo.endCursor)} rel="next">
              Next →
            </Link>
          ) : null}
        </nav>
      </section>
    </div>
  );
}
