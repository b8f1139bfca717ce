import type { Metadata } from "next";
import { SellerApplication } from "@/components/SellerApplication";

export const metadata: Metadata = { title: "Sell on Comptoir" };

export default function SellPage() {
  return <SellerApplication />;
}
