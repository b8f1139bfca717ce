// Compile-time checks of the generated client: `tsc --noEmit` fails when a
// scalar or a field comes out with a type a storefront would not expect.
// The Go test (clients/codegen_test.go) type-checks this file against the
// output of graphql-codegen in ./generated.
import {
  CartCreateDocument,
  CartViewFragmentDoc,
  CatalogListingDocument,
  OrderUpdatedDocument,
  ProductPageDocument,
  SignInDocument,
  type CartCreateMutation,
  type CartViewFragment,
  type CatalogListingQuery,
  type CatalogListingQueryVariables,
  type CurrencyCode,
  type MeQuery,
  type OrderStatus,
  type OrderUpdatedSubscription,
  type ProductPageQuery,
  type SignInMutation,
} from "./generated/graphql";
import { useFragment, type FragmentType } from "./generated/fragment-masking";
import { graphql } from "./generated/gql";
import type { ResultOf, VariablesOf } from "@graphql-typed-document-node/core";

// Exact type equality, so `any` or `unknown` never passes for `string`.
type Equals<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | void {}

type Variant = NonNullable<ProductPageQuery["product"]>["variants"]["edges"][number]["node"];
type Money = Variant["price"];

// Decimal is a string ("19.90"), never a number.
assertType<Equals<Money["amount"], string>>();
assertType<Equals<Money["currencyCode"], CurrencyCode>>();
assertType<Equals<Variant["compareAtPrice"], { amount: string; currencyCode: CurrencyCode } | null>>();
assertType<Equals<CatalogListingQueryVariables["minPrice"], string | null | undefined>>();
// Cursor is a string.
assertType<Equals<CatalogListingQuery["products"]["pageInfo"]["endCursor"], string | null>>();
assertType<Equals<CatalogListingQueryVariables["after"], string | null | undefined>>();
// DateTime is an RFC 3339 string.
assertType<Equals<NonNullable<SignInMutation["customerAccessTokenCreate"]>["customerAccessToken"], {
  accessToken: string;
  expiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
} | null>>();
assertType<Equals<OrderUpdatedSubscription["orderUpdated"]["order"]["deliveredAt"], string | null>>();
assertType<Equals<OrderUpdatedSubscription["orderUpdated"]["order"]["status"], OrderStatus>>();
// Each update names its event.
assertType<Equals<OrderUpdatedSubscription["orderUpdated"]["event"], { id: string; type: string; occurredAt: string }>>();
// Enums are string unions; an unknown value does not type-check.
const paid: OrderStatus = "PAID";
// @ts-expect-error PAYED is not an OrderStatus.
const typo: OrderStatus = "PAYED";

// Typed documents carry their result and variables types.
assertType<Equals<ResultOf<typeof CatalogListingDocument>, CatalogListingQuery>>();
assertType<Equals<VariablesOf<typeof ProductPageDocument>, { slug: string }>>();
assertType<Equals<ResultOf<typeof SignInDocument>, SignInMutation>>();
assertType<Equals<ResultOf<typeof OrderUpdatedDocument>, OrderUpdatedSubscription>>();

// A masked fragment is read with useFragment; its money is strings too.
function cartTotal(data: CartCreateMutation): string | undefined {
  const masked: FragmentType<typeof CartViewFragmentDoc> | null | undefined = data.cartCreate?.cart;
  const cart: CartViewFragment | null | undefined = useFragment(CartViewFragmentDoc, masked);
  return cart?.cost.totalAmount.amount;
}
assertType<Equals<ReturnType<typeof cartTotal>, string | undefined>>();
assertType<Equals<ResultOf<typeof CartCreateDocument>, CartCreateMutation>>();

type MeOrders = NonNullable<MeQuery["me"]>["orders"]["edges"][number]["node"];
assertType<Equals<MeOrders["totalAmount"]["amount"], string>>();
assertType<Equals<MeOrders["createdAt"], string>>();
// graphql() is the client preset's entry point for inline documents.
export { cartTotal, graphql, paid, typo };
