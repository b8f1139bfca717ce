import type { Metadata } from "next";
import { OrderLive } from "@/components/OrderLive";

export const metadata: Metadata = { title: "Order" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ email?: string }> };

export default async function OrderPage({ params, searchParams }: Props) {
  const { id } = await params;
  const { email } = await searchParams;
  return <OrderLive id={decodeURIComponent(id)} email={email} />;
}
