"use client";
// The header's client part: the cart's item count and the account links.
import Link from "next/link";
import { useQuery } from "@apollo/client/react";
import { CartDocument } from "@/gql/graphql";
import { useSession } from "@/lib/session";

export function HeaderUser() {
  const { ready, cartId, email } = useSession();
  const { data } = useQuery(CartDocument, { variables: { id: cartId ?? "" }, skip: !ready || !cartId });
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
