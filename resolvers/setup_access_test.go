package resolvers_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/server"
	"github.com/comptoir/comptoir/internal/testdb"
)

// Every shop-setup and webhook operation is for admins: anyone else is
// refused, and nothing changes.
func TestSetupIsForAdminsOnly(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st, apitest.WithServerOptions(server.WithWebhookLoopback()))
		s := setupShop(t, w)
		ctx := context.Background()
		d, e := gql(t, w, "admin", `mutation { discountCodeCreate(input: {code: "TEN", discount: {kind: PERCENTAGE, value: "10"}}) { discountCode { id } userErrors { code } } }`, nil)
		code := str(mustOK(t, d, e, "discountCodeCreate"), "discountCode.id")
		d, e = gql(t, w, "admin", `mutation { webhookEndpointCreate(input: {url: "http://127.0.0.1:9/hook", eventTypes: ["order.placed"]}) { webhookEndpoint { id } userErrors { code } } }`, nil)
		hook := str(mustOK(t, d, e, "webhookEndpointCreate"), "webhookEndpoint.id")
		rate := string(st.Client.TaxRate.Query().FirstIDX(ctx))
		zone := string(st.Client.ShippingZone.Query().FirstIDX(ctx))
		delivery := string(st.Client.WebhookDelivery.Create().SetEndpointID(mustID(hook)).SetEventID("oev_x").SetEventType("order.placed").
			SetPayload("{}").SetNextAttemptAt(time.Now().Add(time.Hour)).SaveX(ctx).ID)
		snapshot := func() string {
			b, _ := json.Marshal([]any{
				st.Client.TaxRate.Query().Order(ent.Asc("id")).AllX(ctx), st.Client.ShippingZone.Query().Order(ent.Asc("id")).AllX(ctx),
				st.Client.ShippingMethod.Query().Order(ent.Asc("id")).AllX(ctx), st.Client.DiscountCode.Query().Order(ent.Asc("id")).AllX(ctx),
				st.Client.WebhookEndpoint.Query().Order(ent.Asc("id")).AllX(ctx), st.Client.WebhookDelivery.Query().Order(ent.Asc("id")).AllX(ctx),
			})
			return string(b)
		}
		before := snapshot()
		method := `{name: "X", kind: FLAT, price: "1.00", minDeliveryDays: 1, maxDeliveryDays: 2}`
		ops := []struct {
			query string
			vars  map[string]any
		}{
			{`mutation($id: ID!) { taxRateDelete(input: {id: $id}) { deletedId } }`, map[string]any{"id": rate}},
			{`mutation { taxRateSet(input: {countryCode: "DE", percentage: "19"}) { taxRate { id } } }`, nil},
			{`mutation($id: ID!) { shippingZoneUpdate(input: {id: $id, name: "Mine", countries: ["FR"]}) { shippingZone { id } } }`, map[string]any{"id": zone}},
			{`mutation($id: ID!) { shippingZoneDelete(input: {id: $id}) { deletedId } }`, map[string]any{"id": zone}},
			{`mutation($id: ID!) { shippingMethodCreate(input: {zoneId: $id, method: ` + method + `}) { shippingMethod { id } } }`, map[string]any{"id": zone}},
			{`mutation($id: ID!) { shippingMethodUpdate(input: {id: $id, method: ` + method + `}) { shippingMethod { id } } }`, map[string]any{"id": s.flat}},
			{`mutation($id: ID!) { shippingMethodDelete(input: {id: $id}) { deletedId } }`, map[string]any{"id": s.flat}},
			{`mutation($id: ID!) { discountCodeUpdate(input: {id: $id, discount: {kind: PERCENTAGE, value: "90"}}) { discountCode { id } } }`, map[string]any{"id": code}},
			{`mutation($id: ID!) { webhookEndpointDelete(input: {id: $id}) { deletedId } }`, map[string]any{"id": hook}},
			{`mutation($id: ID!) { webhookDeliveryRedeliver(input: {id: $id}) { webhookDelivery { id } } }`, map[string]any{"id": delivery}},
			{`{ webhookEndpoints { id } }`, nil},
			{`{ webhookDeliveries(first: 5) { totalCount } }`, nil},
		}
		for _, op := range ops {
			for actor, want := range map[string]string{"anonymous": "UNAUTHENTICATED", "customer": "FORBIDDEN", "owner": "FORBIDDEN", "stranger": "FORBIDDEN"} {
				if _, e := gql(t, w, actor, op.query, op.vars); strings.Join(e, ",") != want {
					t.Errorf("%s: %s → %v, want %s", actor, op.query, e, want)
				}
			}
		}
		if snapshot() != before {
			t.Fatal("a refused operation changed the setup")
		}
	})
}
