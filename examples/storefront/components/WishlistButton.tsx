"use client";
import Link from "next/link";
import { useState } from "react";
import { useMutation, useQuery } from "@apollo/client/react";
import { ProductViewerDocument, WishlistItemsAddDocument } from "@/gql/graphql";
import { useSession } from "@/lib/session";
import { FormErrors } from "./FieldErrors";

// Product.inWishlist depends on the viewer: asked for in the browser, never
// part of the cached server render.
export function WishlistButton({ productId, variantId }: { productId: string; variantId: string }) {
  const { ready, accessToken } = useSession();
  const signedIn = ready && !!accessToken;
  const { data } = useQuery(ProductViewerDocument, { variables: { id: productId }, skip: !signedIn });
  const [add, { data: res, loading }] = useMutation(WishlistItemsAddDocument, {
    refetchQueries: [{ query: ProductViewerDocument, variables: { id: productId } }],
  });
  const [done, setDone] = useState(false);
  if (!signedIn) {
    return (
      <p className="muted">
        <Link href="/account/signin">Sign in</Link> to save this to a wishlist.
      </p>
    );
  }
  const inList = done || (!!data?.node && "inWishlist" in data.node && data.node.inWishlist);
  return (
    <p>
      {inList ? (
        <span data-testid="in-wishlist">♥ In your wishlist</span>
      ) : (
        <button
          type="button"
          className="secondary"
          disabled={loading}
          data-testid="add-to-wishlist"
          onClick={async () => {
            const r = await add({ variables: { input: { variantIds: [variantId] } } });
            if (r.data?.wishlistItemsAdd?.wishlist) setDone(true);
          }}
        >
          ♡ Add to wishlist
        </button>
      )}
      <FormErrors errors={res?.wishlistItemsAdd?.userErrors} fields={[]} />
    </p>
  );
}
