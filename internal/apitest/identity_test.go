package apitest

import (
	"strings"
	"testing"
)

func rewrite(t *testing.T, query string) (*identityOp, string) {
	t.Helper()
	op, text := rewriteQuery(apiSchema(), query, "", nil)
	if op == nil {
		t.Fatalf("not rewritten: %s", query)
	}
	return op, text
}

func TestIdentityRewrite(t *testing.T) {
	t.Run("objects, interfaces and fragments get __typename and id", func(t *testing.T) {
		_, text := rewrite(t, `{ node(id: "prd_1") { ... on Product { name } } products(first: 2) { edges { node { ...P } } } }
			fragment P on Product { name seller { name } }`)
		flat := strings.Join(strings.Fields(text), " ")
		for _, want := range []string{
			`node(id: "prd_1") { ... on Product { name __typename id } __typename id }`,
			`edges { node { ... P __typename id } }`,
			`fragment P on Product { name seller { name __typename id } __typename id }`,
		} {
			if !strings.Contains(flat, want) {
				t.Errorf("missing %q in\n%s", want, flat)
			}
		}
		if strings.Contains(flat, "products(first: 2) { edges { node { ... P __typename id } } __typename") {
			t.Errorf("a connection (no id) got __typename: %s", flat)
		}
	})
	t.Run("a test's own alias named id", func(t *testing.T) {
		_, text := rewrite(t, `{ products(first: 1) { edges { node { id: name __typename: slug } } } }`)
		flat := strings.Join(strings.Fields(text), " ")
		if !strings.Contains(flat, "id: name __typename: slug apitest_typename: __typename apitest_id: id") {
			t.Errorf("got %s", flat)
		}
	})
	t.Run("fields the test selects are not added twice", func(t *testing.T) {
		_, text := rewrite(t, `{ products(first: 1) { edges { node { id __typename } } } }`)
		if strings.Count(text, "id") != 1 || strings.Count(text, "__typename") != 1 {
			t.Errorf("got %s", text)
		}
	})
	t.Run("invalid operations and subscriptions are sent as written", func(t *testing.T) {
		if op, _ := rewriteQuery(apiSchema(), `{ noSuchField }`, "", nil); op != nil {
			t.Error("an invalid operation was rewritten")
		}
		if op, _ := rewriteQuery(apiSchema(), `subscription { myOrderUpdates { order { status } } }`, "", nil); op != nil {
			t.Error("a subscription was rewritten")
		}
	})
	t.Run("union members get id in inline fragments", func(t *testing.T) {
		op, text := rewriteQuery(apiSchema(), `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { name } } }`, "", map[string]any{"r": []any{}})
		if op == nil {
			t.Fatal("not rewritten")
		}
		flat := strings.Join(strings.Fields(text), " ")
		if !strings.Contains(flat, "__typename ... on Category { id } ... on Product { id } ... on ProductVariant { id } ... on Seller { id } }") {
			t.Errorf("got %s", flat)
		}
	})
}

func TestIdentityCheck(t *testing.T) {
	const rates = `query { cart(id: "crt_1") { deliveryGroups { availableShippingMethods { name price { amount } } } } }`
	t.Run("the same rate id with two prices is a conflict", func(t *testing.T) {
		op, _ := rewrite(t, rates)
		body := `{"data":{"cart":{"deliveryGroups":[
			{"availableShippingMethods":[{"name":"Standard","price":{"amount":"4.90"},"__typename":"ShippingRate","id":"shm_1"}]},
			{"availableShippingMethods":[{"name":"Standard","price":{"amount":"0.00"},"__typename":"ShippingRate","id":"shm_1"}]}],"__typename":"Cart","id":"crt_1"}}}`
		stripped, conflicts := op.checkResponse([]byte(body))
		if len(conflicts) != 1 || !strings.Contains(conflicts[0], "ShippingRate:shm_1: price.amount") {
			t.Fatalf("conflicts = %q", conflicts)
		}
		want := `{"data":{"cart":{"deliveryGroups":[{"availableShippingMethods":[{"name":"Standard","price":{"amount":"4.90"}}]},{"availableShippingMethods":[{"name":"Standard","price":{"amount":"0.00"}}]}]}}}`
		if string(stripped) != want {
			t.Fatalf("stripped\n%s\nwant\n%s", stripped, want)
		}
	})
	t.Run("distinct rate ids are no conflict", func(t *testing.T) {
		op, _ := rewrite(t, rates)
		body := `{"data":{"cart":{"deliveryGroups":[
			{"availableShippingMethods":[{"name":"Standard","price":{"amount":"4.90"},"__typename":"ShippingRate","id":"shr_1"}]},
			{"availableShippingMethods":[{"name":"Standard","price":{"amount":"0.00"},"__typename":"ShippingRate","id":"shr_2"}]}],"__typename":"Cart","id":"crt_1"}}}`
		if _, conflicts := op.checkResponse([]byte(body)); len(conflicts) != 0 {
			t.Fatalf("conflicts = %q", conflicts)
		}
	})
	t.Run("fields are compared by name and arguments, not alias", func(t *testing.T) {
		op, _ := rewrite(t, `{ a: product(slug: "x") { m: attribute(key: "material") c: attribute(key: "color") n: name }
			b: product(slug: "x") { m: attribute(key: "color") n2: name } }`)
		body := `{"data":{"a":{"m":"linen","c":"blue","n":"Apron","__typename":"Product","id":"prd_1"},"b":{"m":"blue","n2":"Apron & co","__typename":"Product","id":"prd_1"}}}`
		stripped, conflicts := op.checkResponse([]byte(body))
		if len(conflicts) != 1 || !strings.Contains(conflicts[0], "Product:prd_1: name is \"Apron\"") {
			t.Fatalf("conflicts = %q", conflicts)
		}
		if want := `{"data":{"a":{"m":"linen","c":"blue","n":"Apron"},"b":{"m":"blue","n2":"Apron & co"}}}`; string(stripped) != want {
			t.Fatalf("stripped %s", stripped)
		}
	})
	t.Run("a field with an error is not compared", func(t *testing.T) {
		op, _ := rewrite(t, `{ a: product(slug: "x") { name } b: product(slug: "x") { name } }`)
		body := `{"errors":[{"message":"boom","path":["b","name"]}],"data":{"a":{"name":"Apron","__typename":"Product","id":"prd_1"},"b":{"name":null,"__typename":"Product","id":"prd_1"}}}`
		if _, conflicts := op.checkResponse([]byte(body)); len(conflicts) != 0 {
			t.Fatalf("conflicts = %q", conflicts)
		}
	})
}
