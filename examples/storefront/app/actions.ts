"use server";
// Server actions: the storefront's own writes expire what Next.js cached
// of the catalog, so the shopper reads them at once (read-your-writes).
import { updateTag } from "next/cache";

/** A review was written: the product page's cached data is stale. */
export async function productChanged(slug: string) {
  // Anyone may call an action: accept only what a slug looks like.
  if (!/^[a-z0-9][a-z0-9-]{0,199}$/.test(slug)) return;
  updateTag(`product:${slug}`);
}
