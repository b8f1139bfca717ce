// Money as the API sends it: an exact decimal string and a currency code.
// Intl formats the string itself (never parsed into a float).
export type MoneyLike = { amount: string; currencyCode: string };

const formats = new Map<string, Intl.NumberFormat>();

export function formatMoney(m: MoneyLike | null | undefined): string {
  if (!m) return "";
  let f = formats.get(m.currencyCode);
  if (!f) {
    f = new Intl.NumberFormat("en-IE", { style: "currency", currency: m.currencyCode });
    formats.set(m.currencyCode, f);
  }
  // Intl.NumberFormat accepts a decimal string and keeps its precision.
  return f.format(m.amount as unknown as number);
}

export function formatRange(min: MoneyLike, max: MoneyLike): string {
  return min.amount === max.amount ? formatMoney(min) : `${formatMoney(min)} – ${formatMoney(max)}`;
}
