import type { DiscountAllocationFieldsFragment, MoneyFieldsFragment } from "@/gql/graphql";
import { formatMoney } from "@/lib/money";

type Costs = {
  subtotalAmount: MoneyFieldsFragment;
  discountAmount: MoneyFieldsFragment;
  shippingAmount: MoneyFieldsFragment;
  taxAmount: MoneyFieldsFragment;
  totalAmount: MoneyFieldsFragment;
  taxIncluded: boolean;
  // What each promotion and code takes off (cart cost or order), by title.
  discountAllocations?: DiscountAllocationFieldsFragment[];
};

export function CostBreakdown({ cost }: { cost: Costs }) {
  return (
    <div className="costs" data-testid="costs">
      <div>
        <span>Subtotal</span>
        <span data-testid="cost-subtotal">{formatMoney(cost.subtotalAmount)}</span>
      </div>
      {cost.discountAmount.amount !== "0.00" && cost.discountAmount.amount !== "0" ? (
        <div>
          <span>Discount</span>
          <span data-testid="cost-discount">−{formatMoney(cost.discountAmount)}</span>
        </div>
      ) : null}
      {(cost.discountAllocations ?? []).map((a, i) => (
        <div key={i} className="allocation" data-testid="discount-allocation" data-source={a.source}>
          <span data-testid="discount-allocation-title">{a.title}</span>
          <span data-testid="discount-allocation-amount">−{formatMoney(a.amount)}</span>
        </div>
      ))}
      <div>
        <span>Shipping</span>
        <span data-testid="cost-shipping">{formatMoney(cost.shippingAmount)}</span>
      </div>
      <div>
        <span>{cost.taxIncluded ? "Tax (included)" : "Tax"}</span>
        <span data-testid="cost-tax">{formatMoney(cost.taxAmount)}</span>
      </div>
      <div className="total">
        <span>Total</span>
        <span data-testid="cost-total">{formatMoney(cost.totalAmount)}</span>
      </div>
    </div>
  );
}
