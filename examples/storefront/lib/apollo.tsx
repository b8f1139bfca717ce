"use client";
// Apollo Client in the browser: a normalized cache (InMemoryCache merges
// objects by __typename + id, so a mutation's payload or a subscription's
// order updates every view of that object), HTTP for queries and mutations,
// and graphql-ws for subscriptions. The client is rebuilt when the access
// token changes: a new cache for a new viewer, and a WebSocket whose
// connection_init carries the new token.
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from "@apollo/client";
import { ApolloProvider } from "@apollo/client/react";
import { GraphQLWsLink } from "@apollo/client/link/subscriptions";
import { getMainDefinition } from "@apollo/client/utilities";
import { createClient } from "graphql-ws";
import { useEffect, useMemo, type ReactNode } from "react";
import { useSession } from "./session";

function makeClient(apiUrl: string, token: string | null) {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const http = new HttpLink({ uri: apiUrl, headers });
  let link: ApolloLink = http;
  let dispose = () => {};
  if (typeof window !== "undefined") {
    const ws = createClient({
      url: apiUrl.replace(/^http/, "ws"),
      lazy: true,
      connectionParams: () => (token ? { Authorization: `Bearer ${token}` } : {}),
    });
    dispose = () => void ws.dispose();
    link = ApolloLink.split(
      ({ query }) => {
        const d = getMainDefinition(query);
        return d.kind === "OperationDefinition" && d.operation === "subscription";
      },
      new GraphQLWsLink(ws),
      http,
    );
  }
  const client = new ApolloClient({
    link,
    cache: new InMemoryCache({
      typePolicies: {
        // Parcels, costs and addresses have no id: they belong to their cart.
        CartDeliveryGroup: { keyFields: false },
      },
    }),
    defaultOptions: { watchQuery: { fetchPolicy: "cache-and-network" } },
  });
  return { client, dispose };
}

export function ApiProvider({ apiUrl, children }: { apiUrl: string; children: ReactNode }) {
  const { accessToken } = useSession();
  const { client, dispose } = useMemo(() => makeClient(apiUrl, accessToken), [apiUrl, accessToken]);
  useEffect(() => dispose, [dispose]);
  return <ApolloProvider client={client}>{children}</ApolloProvider>;
}
