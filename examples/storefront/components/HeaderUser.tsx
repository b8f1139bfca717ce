"use client";
// The header's client part: the cart's item count and the account links.
// A signed-in customer without a cart id in this browser (another device
// made the cart) gets it from me { cart }.
import Link from "next/link";
import { useEffect } from "react";
import { useQuery } from "@apollo/client/react";
import { CartDocument, ViewerDocument } from "@/gql/graphql";
import { useSession } from "@/lib/session";

export function HeaderUser() {
  const { ready, cartId, email, accessToken, setCartId } = useSession();
  const { data } = useQuery(CartDocument, { variables: { id: cartId ?? "" }, skip: !ready || !cartId });
  const viewer = useQuery(ViewerDocument, { skip: !ready || !accessToken || !!cartId });
  const viewerCart = viewer.data?.me?.cart?.id;
  useEffect(() => {
    if (viewerCart && !cartId) setCartId(viewerCart);
  }, [viewerCart, cartId, setCartId]);
  const count = data?.cart?.totalQuantity ?? 0;
  return (
    <nav className="header-user">
      {ready && email ? (
        <Link href="/account" data-testid="account-link">
          {email}
        </Link>
      ) : (
        <Link href="/account/signin">Sign in</Link>
      )}
      <Link href="/cart" data-testid="cart-link">
        Cart ({ready ? count : 0})
      </Link>
    </nav>
  );
}
