import type { ProductCardFragment } from "@/gql/graphql";
import { ProductCard } from "./ProductCard";

// A row of recommended products under a title; nothing at all when there
// are none (no empty heading).
export function ProductRail({ title, products, testId }: { title: string; products: ProductCardFragment[]; testId: string }) {
  if (!products.length) return null;
  return (
    <section className="rail" data-testid={testId} aria-label={title}>
      <h2>{title}</h2>
      <div className="grid">
        {products.map((p) => (
          <ProductCard key={p.id} p={p} />
        ))}
      </div>
    </section>
  );
}
