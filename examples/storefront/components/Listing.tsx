// A product listing with facet filters (category, seller, price buckets,
// rating, availability, attributes) and their counts, sorts and cursor
// pagination, rendered on the server from the URL's query string: facet
// values are links and the price range and sort a plain GET form, so a
// filtered listing is a shareable URL and works without JavaScript too.
import Link from "next/link";
import {
  ListingDocument,
  type ListingQuery,
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
  "best-selling": { field: "BEST_SELLING", direction: "DESC" },
  rating: { field: "RATING", direction: "DESC" },
  "price-asc": { field: "PRICE", direction: "ASC" },
  "price-desc": { field: "PRICE", direction: "DESC" },
  name: { field: "NAME", direction: "ASC" },
};

function one(v: string | string[] | undefined): string {
  return (Array.isArray(v) ? v[0] : v) ?? "";
}

const decimal = /^\d+(\.\d{1,2})?$/;
const ratingValue = /^[0-5](\.\d+)?$/;

type Facet = ListingQuery["products"]["facets"][number];
type FacetValue = Facet["values"][number];
type Params = Map<string, string>;

// The URL parameters a facet's value sets (an empty string removes one).
// Category values on a category page lead to the subcategory's own page
// instead (the page's category and another would never both match).
function facetParams(f: Facet, v: FacetValue): Record<string, string> {
  switch (f.kind) {
    case "CATEGORY":
      return { cat: v.value };
    case "SELLER":
      return { seller: v.value };
    case "PRICE": {
      const [lo, hi] = v.value.split("..");
      return { min: lo ?? "", max: hi ?? "" };
    }
    case "RATING":
      return { rating: v.value };
    case "AVAILABILITY":
      return { instock: v.value === "true" ? "1" : "0" };
    case "ATTRIBUTE":
      return { [`a_${f.key}`]: v.value };
  }
}

function href(base: string, params: Params, set: Record<string, string>, remove: boolean): string {
  const q = new Map(params);
  // A new filter starts from the first page.
  q.delete("after");
  q.delete("before");
  for (const [k, v] of Object.entries(set)) {
    if (remove || v === "") q.delete(k);
    else q.set(k, v);
  }
  const s = new URLSearchParams([...q.entries()]).toString();
  return s ? `${base}?${s}` : base;
}

export async function Listing({
  base,
  sp,
  categorySlug,
  subcategories,
  search,
}: {
  base: string;
  sp: SearchParams;
  categorySlug?: string;
  subcategories?: { id: string; slug: string }[];
  search?: string;
}) {
  const min = one(sp.min).trim();
  const max = one(sp.max).trim();
  const instock = one(sp.instock);
  const rating = one(sp.rating);
  const seller = one(sp.seller);
  const cat = categorySlug ? "" : one(sp.cat);
  const attributes = Object.entries(sp)
    .filter(([k, v]) => k.startsWith("a_") && one(v) !== "")
    .map(([k, v]) => ({ key: k.slice(2), value: one(v) }));
  const sortKey = one(sp.sort) || (search ? "relevance" : "newest");
  const where: ProductFilter = {
    ...(categorySlug ? { categorySlug } : {}),
    ...(cat ? { categoryId: cat } : {}),
    ...(seller ? { sellerId: seller } : {}),
    ...(instock === "1" ? { inStock: true } : instock === "0" ? { inStock: false } : {}),
    ...(ratingValue.test(rating) ? { minRating: Number(rating) } : {}),
    ...(attributes.length ? { attributes } : {}),
    ...(decimal.test(min) || decimal.test(max)
      ? { price: { ...(decimal.test(min) ? { min } : {}), ...(decimal.test(max) ? { max } : {}) } }
      : {}),
  };
  const after = one(sp.after) || undefined;
  const before = one(sp.before) || undefined;
  const page = before ? { last: PAGE, before } : { first: PAGE, after };
  const data = await query(
    ListingDocument,
    { ...page, where, orderBy: sorts[sortKey] ?? sorts.newest, search: search || undefined },
    { revalidate: 60, tags: ["catalog"] },
  );
  const conn = data.products;
  const params: Params = new Map();
  for (const [k, v] of Object.entries(sp)) {
    if (one(v) !== "") params.set(k, one(v));
  }
  const link = (k: "after" | "before", cursor: string) => {
    const q = new URLSearchParams([...params.entries()].filter(([n]) => n !== "after" && n !== "before"));
    q.set(k, cursor);
    return `${base}?${q.toString()}`;
  };
  const childSlug = new Map((subcategories ?? []).map((c) => [c.id, c.slug]));
  // What the form does not edit travels in it as hidden fields.
  const hidden = [...params.entries()].filter(([k]) => !["min", "max", "sort", "after", "before", "q"].includes(k));
  return (
    <div className="listing">
      <aside>
        <nav className="facets" data-testid="facets" aria-label="Filters">
          {conn.facets.map((f) => {
            let values = f.values;
            let to = (v: FacetValue) => href(base, params, facetParams(f, v), v.selected);
            if (f.kind === "CATEGORY" && categorySlug) {
              // On a category page: its subcategories, each on its own page.
              values = values.filter((v) => childSlug.has(v.value));
              to = (v: FacetValue) => href(`/c/${childSlug.get(v.value)}`, params, {}, false);
            }
            if (!values.length) return null;
            return (
              <section key={f.key} className="facet" data-testid="facet" data-facet={f.key} data-kind={f.kind}>
                <h3>{f.label}</h3>
                <ul>
                  {values.map((v) => (
                    <li key={v.value}>
                      <Link
                        href={to(v)}
                        data-testid="facet-value"
                        data-value={v.value}
                        data-selected={v.selected ? "true" : "false"}
                        aria-current={v.selected ? "true" : undefined}
                        rel="nofollow"
                        prefetch={false}
                      >
                        <span className="check" aria-hidden>
                          {v.selected ? "☑" : "☐"}
                        </span>{" "}
                        <span className="label">{v.label}</span>{" "}
                        <span className="count muted" data-testid="facet-count">
                          ({v.count})
                        </span>
                      </Link>
                    </li>
                  ))}
                </ul>
              </section>
            );
          })}
        </nav>
        <form action={base} method="get" className="filters" data-testid="filters">
          {search ? <input type="hidden" name="q" value={search} /> : null}
          {hidden.map(([k, v]) => (
            <input key={k} type="hidden" name={k} value={v} />
          ))}
          <fieldset>
            <legend>Price</legend>
            <input name="min" inputMode="decimal" placeholder="min" defaultValue={min} aria-label="Minimum price" size={6} />
            {" – "}
            <input name="max" inputMode="decimal" placeholder="max" defaultValue={max} aria-label="Maximum price" size={6} />
          </fieldset>
          <label>
            Sort{" "}
            <select name="sort" defaultValue={sortKey} aria-label="Sort">
              {search ? <option value="relevance">Relevance</option> : null}
              <option value="newest">Newest</option>
              <option value="best-selling">Best selling</option>
              <option value="rating">Customer rating</option>
              <option value="price-asc">Price, low to high</option>
              <option value="price-desc">Price, high to low</option>
              <option value="name">Name</option>
            </select>
          </label>
          <button type="submit">Apply</button>
        </form>
      </aside>
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
