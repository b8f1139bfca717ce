import type { Metadata } from "next";
import { CartView } from "@/components/CartView";

export const metadata: Metadata = { title: "Cart" };

// The cart is the shopper's own: rendered in the browser from its id.
export default function CartPage() {
  return <CartView />;
}
