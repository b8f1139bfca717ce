import type { PromotionBadgeFragment } from "@/gql/graphql";

// A badge per promotion the product is under now (Product.activePromotions).
// The cart's conditions (minimums, segment) are not checked here: the cart
// shows what actually applies, as discount allocations.
export function PromotionBadges({ promotions }: { promotions: PromotionBadgeFragment[] }) {
  if (!promotions.length) return null;
  return (
    <ul className="badges" data-testid="promotion-badges">
      {promotions.map((p) => (
        <li key={p.promotionId} className="badge" data-testid="promotion-badge" data-kind={p.kind}>
          {p.title}
        </li>
      ))}
    </ul>
  );
}
