// Server-side GraphQL: typed documents posted to Comptoir with fetch, so
// Next.js caches the catalog's answers (the Data Cache, revalidated after
// `revalidate` seconds). Only public catalog queries go through here: no
// token is ever sent, so nothing private can be cached.
import { print } from "graphql";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";

export function serverApiUrl(): string {
  return process.env.COMPTOIR_API_URL ?? "http://localhost:8080/graphql";
}

/** The API address the browser uses (the same unless the server reaches Comptoir another way). */
export function browserApiUrl(): string {
  return process.env.COMPTOIR_PUBLIC_API_URL ?? serverApiUrl();
}

const printed = new WeakMap<object, string>();

export class ApiError extends Error {}

export async function query<R, V>(
  doc: TypedDocumentNode<R, V>,
  variables: V,
  opts: { revalidate: number | false; tags?: string[] },
): Promise<R> {
  let text = printed.get(doc);
  if (!text) {
    text = print(doc);
    printed.set(doc, text);
  }
  const res = await fetch(serverApiUrl(), {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
    body: JSON.stringify({ query: text, variables }),
    next: { revalidate: opts.revalidate, tags: opts.tags },
  });
  const body = (await res.json()) as { data?: R; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) {
    throw new ApiError(`Comptoir ${res.status}: ${body.errors?.map((e) => e.message).join("; ") ?? "no data"}`);
  }
  return body.data;
}
