import Link from "next/link";
import type { ProductCardFragment } from "@/gql/graphql";
import { formatRange } from "@/lib/money";
import { MediaImage, NoImage } from "./MediaImage";
import { PromotionBadges } from "./PromotionBadges";
import { Stars } from "./Stars";

export function ProductCard({ p }: { p: ProductCardFragment }) {
  const m = p.media[0];
  return (
    <article className="card" data-testid="product-card">
      <Link href={`/p/${p.slug}`}>{m ? <MediaImage media={m} box={320} /> : <NoImage box={200} />}</Link>
      <Link href={`/p/${p.slug}`} className="name">
        {p.name}
      </Link>
      <PromotionBadges promotions={p.activePromotions} />
      <span className="price">{formatRange(p.priceRange.min, p.priceRange.max)}</span>
      {p.rating.count > 0 && p.rating.average != null ? (
        <span className="muted">
          <Stars value={p.rating.average} /> ({p.rating.count})
        </span>
      ) : null}
      {!p.availableForSale ? <span className="stock-out">Out of stock</span> : null}
    </article>
  );
}
