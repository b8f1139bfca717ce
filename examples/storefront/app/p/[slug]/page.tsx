import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ProductPageDocument, type ReviewSort, type VariantFieldsFragment } from "@/gql/graphql";
import { ApiError, query } from "@/lib/api";
import { formatMoney } from "@/lib/money";
import { MediaImage } from "@/components/MediaImage";
import { Stars } from "@/components/Stars";
import { AddToCart } from "@/components/AddToCart";
import { ProductRail } from "@/components/ProductRail";
import { PromotionBadges } from "@/components/PromotionBadges";
import { WishlistButton } from "@/components/WishlistButton";
import type { SearchParams } from "@/components/Listing";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<SearchParams> };

const reviewSorts: ReviewSort[] = ["NEWEST", "MOST_HELPFUL", "HIGHEST_RATING", "LOWEST_RATING"];

// The chosen options travel in the URL (?o_color=red&o_size=L): a swatch is
// a link, so the option matrix works without JavaScript, and the variant
// is the API's variantBySelectedOptions.
function selection(sp: SearchParams) {
  return Object.entries(sp)
    .filter(([k, v]) => k.startsWith("o_") && typeof v === "string" && v !== "")
    .map(([k, v]) => ({ name: k.slice(2), value: v as string }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

async function load(slug: string, sp: SearchParams) {
  const selectedOptions = selection(sp);
  const sortParam = typeof sp.reviews === "string" ? (sp.reviews as ReviewSort) : "NEWEST";
  const reviewSort = reviewSorts.includes(sortParam) ? sortParam : "NEWEST";
  try {
    // Stock changes with every order: cached for a few seconds only.
    const d = await query(ProductPageDocument, { slug, selectedOptions, reviewSort }, { revalidate: 5, tags: ["catalog", `product:${slug}`] });
    return { product: d.product, selectedOptions, reviewSort };
  } catch (e) {
    if (e instanceof ApiError && selectedOptions.length) return { product: null, selectedOptions, reviewSort }; // an option the product lacks
    throw e;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { product } = await load((await params).slug, {});
  return product ? { title: product.seo.title, description: product.seo.description } : { title: "Not found" };
}

function matches(v: VariantFieldsFragment, sel: { name: string; value: string }[]) {
  return sel.every((s) => v.selectedOptions.some((o) => o.name === s.name && o.value === s.value));
}

export default async function ProductPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const sp = await searchParams;
  const { product: p, selectedOptions, reviewSort } = await load(slug, sp);
  if (!p) notFound();
  const variants = p.variants.edges.map((e) => e.node);
  const variant: VariantFieldsFragment | null = selectedOptions.length
    ? p.variantBySelectedOptions ?? null
    : variants.find((v) => v.availableForSale) ?? variants[0] ?? null;
  const chosen = variant?.selectedOptions ?? selectedOptions;
  const hrefWith = (name: string, value: string) => {
    const q = new URLSearchParams();
    for (const o of p.options) {
      const v = o.name === name ? value : chosen.find((c) => c.name === o.name)?.value;
      if (v) q.set(`o_${o.name}`, v);
    }
    return `/p/${p.slug}?${q.toString()}`;
  };
  const [main, ...rest] = p.media;
  const h = p.rating.histogram;
  return (
    <>
      <nav className="muted" aria-label="Breadcrumb">
        <Link href="/">Home</Link>
        {p.category
          ? [...p.category.ancestors, p.category].map((c) => (
              <span key={c.id}>
                {" / "}
                <Link href={`/c/${c.slug}`}>{c.name}</Link>
              </span>
            ))
          : null}
      </nav>
      <div className="product">
        <div className="gallery">
          {main ? <MediaImage media={main} box={560} eager /> : null}
          <div className="thumbs">
            {rest.map((m, i) => (
              <a key={i} href={m.url} target="_blank" rel="noreferrer">
                <MediaImage media={{ ...m, url: m.thumb }} box={96} />
              </a>
            ))}
          </div>
        </div>
        <div>
          <h1 data-testid="product-name">{p.name}</h1>
          <p className="muted">
            Sold by {p.seller.name}
            {p.rating.count > 0 && p.rating.average != null ? (
              <>
                {" · "}
                <Stars value={p.rating.average} /> {p.rating.average.toFixed(1)} ({p.rating.count} reviews)
              </>
            ) : null}
          </p>
          <PromotionBadges promotions={p.activePromotions} />
          {p.options.map((o) => (
            <div key={o.name} className="option">
              <div className="muted">{o.displayName}</div>
              <div className="swatches" role="group" aria-label={o.displayName}>
                {o.values.map((v) => {
                  const current = chosen.some((c) => c.name === o.name && c.value === v.value);
                  const combo = chosen.filter((c) => c.name !== o.name).concat({ name: o.name, value: v.value });
                  const exists = variants.some((x) => matches(x, combo) && x.availableForSale);
                  return (
                    <Link
                      key={v.value}
                      href={hrefWith(o.name, v.value)}
                      className={`swatch${exists ? "" : " unavailable"}`}
                      aria-current={current ? "true" : undefined}
                      data-option={o.name}
                      data-value={v.value}
                      scroll={false}
                      replace
                    >
                      {v.swatch ? <span className="dot" style={{ background: v.swatch }} /> : null}
                      {v.displayName}
                    </Link>
                  );
                })}
              </div>
            </div>
          ))}
          {variant ? (
            <div data-testid="variant" data-variant-id={variant.id}>
              <p>
                <span className="price" data-testid="variant-price">
                  {formatMoney(variant.price)}
                </span>{" "}
                {variant.compareAtPrice ? <s className="muted">{formatMoney(variant.compareAtPrice)}</s> : null}
              </p>
              <p className={variant.availableForSale ? "stock-ok" : "stock-out"} data-testid="variant-stock">
                {variant.availableForSale ? `In stock: ${variant.quantityAvailable} available` : "Out of stock"}
              </p>
              <p className="muted">
                {variant.title} · SKU {variant.sku}
              </p>
              <AddToCart key={variant.id} variantId={variant.id} available={variant.availableForSale} max={variant.quantityAvailable} />
              <WishlistButton productId={p.id} variantId={variant.id} />
            </div>
          ) : (
            <p className="stock-out" data-testid="variant-stock">
              This combination is not available.
            </p>
          )}
          <div className="description">
            {p.description.split("\n").map((para, i) => (
              <p key={i}>{para}</p>
            ))}
          </div>
          {p.attributes.length ? (
            <dl>
              {p.attributes.map((a) => (
                <div key={a.key}>
                  <dt className="muted">{a.key}</dt>
                  <dd>{a.value}</dd>
                </div>
              ))}
            </dl>
          ) : null}
        </div>
      </div>
      <ProductRail title="You may also like" products={p.related} testId="recommendations-related" />
      <section className="reviews" id="reviews">
        <h2>Reviews ({p.reviews.totalCount})</h2>
        {p.rating.count > 0 ? (
          <p className="muted" data-testid="histogram">
            5★ {h.five} · 4★ {h.four} · 3★ {h.three} · 2★ {h.two} · 1★ {h.one}
          </p>
        ) : (
          <p className="muted">No reviews yet.</p>
        )}
        {p.reviews.totalCount > 1 ? (
          <p className="muted">
            Sort:{" "}
            {reviewSorts.map((s) => (
              <span key={s}>
                {s === reviewSort ? <b>{s.toLowerCase().replace("_", " ")}</b> : <Link href={`/p/${p.slug}?reviews=${s}#reviews`}>{s.toLowerCase().replace("_", " ")}</Link>}{" "}
              </span>
            ))}
          </p>
        ) : null}
        <ul>
          {p.reviews.edges.map(({ node: r }) => (
            <li key={r.id} data-testid="review">
              <Stars value={r.rating} /> <b>{r.title}</b>
              <div className="muted">
                {r.authorName}
                {r.verifiedPurchase ? " · verified purchase" : ""}
              </div>
              {/* React escapes the text: reviews are shown exactly as written. */}
              <p>{r.body}</p>
              {r.reply ? <p className="muted">Seller’s reply: {r.reply.body}</p> : null}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
