// A storefront's checkout journey through Apollo Client's normalized
// InMemoryCache: a cart with lines of several sellers, a shipping address,
// each parcel's shipping methods read back from the cache, then each
// parcel's cheapest method chosen by its rate id.
//
// Usage: node cart-cache.mjs <graphql-url> <variant-id>...
// Prints one JSON object: {"cartId", "parcels" (as the cache returns
// them), "selected" (each parcel's chosen method, from the cache)}.
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';

const [url, ...variants] = process.argv.slice(2);
const client = new ApolloClient({
  link: new HttpLink({ uri: url }),
  cache: new InMemoryCache(),
});

// Every operation reads the cart's parcels alike: a parcel (no id) is
// stored inside its cart and replaced whole by each answer.
const CART = gql`
  fragment CartParcels on Cart {
    id
    deliveryGroups {
      seller { id name }
      availableShippingMethods { id shippingMethodId name price { amount currencyCode } }
      selectedShippingMethod { id shippingMethodId name price { amount currencyCode } }
    }
  }
`;
const PARCELS = gql`
  query Parcels($id: ID!) { cart(id: $id) { ...CartParcels } }
  ${CART}
`;

function check(payload, name) {
  if (payload.userErrors.length > 0) {
    throw new Error(`${name}: ${JSON.stringify(payload.userErrors)}`);
  }
  return payload;
}

const created = await client.mutate({
  mutation: gql`
    mutation Create($lines: [CartLineInput!]) {
      cartCreate(input: { lines: $lines }) { cart { id } userErrors { code message } }
    }
  `,
  variables: { lines: variants.map((merchandiseId) => ({ merchandiseId, quantity: 1 })) },
});
const cartId = check(created.data.cartCreate, 'cartCreate').cart.id;

const address = { firstName: 'Ada', lastName: 'Lovelace', address1: '1 rue de Rivoli', city: 'Paris', zip: '75001', countryCode: 'FR' };
const shipped = await client.mutate({
  mutation: gql`
    mutation Address($id: ID!, $address: MailingAddressInput!) {
      cartShippingAddressUpdate(input: { cartId: $id, address: $address }) {
        cart { ...CartParcels }
        userErrors { code message }
      }
    }
    ${CART}
  `,
  variables: { id: cartId, address },
});
check(shipped.data.cartShippingAddressUpdate, 'cartShippingAddressUpdate');

// The query goes to the server; what it returns is written to the
// normalized cache, and readQuery answers from the cache alone.
await client.query({ query: PARCELS, variables: { id: cartId }, fetchPolicy: 'network-only' });
const parcels = client.readQuery({ query: PARCELS, variables: { id: cartId } }).cart.deliveryGroups;

for (const parcel of parcels) {
  const cheapest = parcel.availableShippingMethods[0];
  const chosen = await client.mutate({
    mutation: gql`
      mutation Choose($id: ID!, $rate: ID!) {
        cartSelectShippingMethod(input: { cartId: $id, shippingMethodId: $rate }) {
          cart { ...CartParcels }
          userErrors { code message }
        }
      }
      ${CART}
    `,
    variables: { id: cartId, rate: cheapest.id },
  });
  check(chosen.data.cartSelectShippingMethod, 'cartSelectShippingMethod');
}
const selected = client.readQuery({ query: PARCELS, variables: { id: cartId } }).cart.deliveryGroups
  .map((g) => ({ seller: g.seller.id, method: g.selectedShippingMethod }));

process.stdout.write(JSON.stringify({ cartId, parcels, selected }) + '\n');
