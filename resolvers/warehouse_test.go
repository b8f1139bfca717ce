package resolvers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/inventorylevel"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/stockreservation"
	"github.com/comptoir/comptoir/ent/warehouse"
	"github.com/comptoir/comptoir/internal/testdb"
)

const warehouseFields = `id code name address countryCode priority active isDefault`

// TestWarehouseAdmin runs the warehouse mutations and query as an admin,
// with their userErrors.
func TestWarehouseAdmin(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		const create = `mutation($in: WarehouseCreateInput!) { warehouseCreate(input: $in) { warehouse { ` + warehouseFields + ` } userErrors { field code message } } }`
		const update = `mutation($in: WarehouseUpdateInput!) { warehouseUpdate(input: $in) { warehouse { ` + warehouseFields + ` } userErrors { field code message } } }`
		const del = `mutation($id: ID!) { warehouseDelete(input: {id: $id}) { deletedWarehouseId userErrors { field code message } } }`
		in := func(m map[string]any) map[string]any { return map[string]any{"in": m} }

		d, e := gql(t, w, "admin", create, in(map[string]any{"code": " Paris-1 ", "name": "Paris north", "countryCode": "fr", "priority": 5}))
		p := mustOK(t, d, e, "warehouseCreate")
		paris := str(p, "warehouse.id")
		if str(p, "warehouse.code") != "paris-1" || str(p, "warehouse.countryCode") != "FR" || get(p, "warehouse.address") != nil ||
			get(p, "warehouse.priority") != float64(5) || get(p, "warehouse.active") != true || get(p, "warehouse.isDefault") != false {
			t.Fatalf("created: %v", p)
		}
		for _, c := range []struct {
			in   map[string]any
			want string
		}{
			{map[string]any{"code": "PARIS-1", "name": "Again"}, "CODE_TAKEN"},
			{map[string]any{"code": "default", "name": "Again"}, "CODE_TAKEN"},
			{map[string]any{"code": "a b", "name": "Space"}, "INVALID"},
			{map[string]any{"code": "-x", "name": "Dash"}, "INVALID"},
			{map[string]any{"code": "", "name": "Empty"}, "INVALID"},
			{map[string]any{"code": strings.Repeat("x", 51), "name": "Long"}, "INVALID"},
			{map[string]any{"code": "ok", "name": "  "}, "INVALID"},
			{map[string]any{"code": "ok", "name": "Ok", "countryCode": "XX"}, "INVALID"},
			{map[string]any{"code": "ok", "name": "Ok", "priority": 2000000}, "INVALID"},
		} {
			d, e := gql(t, w, "admin", create, in(c.in))
			if len(e) > 0 || userCodes(d, "warehouseCreate") != c.want || get(d, "warehouseCreate.warehouse") != nil {
				t.Fatalf("create %v: %v %v; want %s", c.in, d, e, c.want)
			}
		}
		d, e = gql(t, w, "admin", create, in(map[string]any{"code": "lyon", "name": "Lyon", "priority": 5, "address": "1 quai", "active": false}))
		lyon := str(mustOK(t, d, e, "warehouseCreate"), "warehouse.id")

		// Listed in reservation order: priority, then code.
		d, e = gql(t, w, "admin", `{ warehouses(first: 10) { totalCount edges { node { code } } } }`, nil)
		if len(e) > 0 || get(d, "warehouses.totalCount") != float64(3) || str(d, "warehouses.edges.0.node.code") != "default" ||
			str(d, "warehouses.edges.1.node.code") != "lyon" || str(d, "warehouses.edges.2.node.code") != "paris-1" {
			t.Fatalf("warehouses: %v %v", d, e)
		}
		d, e = gql(t, w, "admin", `{ warehouses(first: 1) { pageInfo { hasNextPage endCursor } edges { node { code } } } }`, nil)
		after := str(d, "warehouses.pageInfo.endCursor")
		if len(e) > 0 || get(d, "warehouses.pageInfo.hasNextPage") != true {
			t.Fatalf("page 1: %v %v", d, e)
		}
		d, e = gql(t, w, "admin", `query($a: Cursor) { warehouses(first: 5, after: $a) { edges { node { code } } } }`, map[string]any{"a": after})
		if len(e) > 0 || str(d, "warehouses.edges.0.node.code") != "lyon" || len(get(d, "warehouses.edges").([]any)) != 2 {
			t.Fatalf("page 2: %v %v", d, e)
		}
		if _, e := gql(t, w, "admin", `{ warehouses(first: 101) { totalCount } }`, nil); strings.Join(e, ",") != "BAD_USER_INPUT" {
			t.Fatalf("first 101: %v", e)
		}

		d, e = gql(t, w, "admin", update, in(map[string]any{"id": lyon, "priority": -1, "active": true, "address": "", "name": "Lyon sud", "countryCode": "FR"}))
		p = mustOK(t, d, e, "warehouseUpdate")
		if str(p, "warehouse.name") != "Lyon sud" || get(p, "warehouse.address") != nil || get(p, "warehouse.priority") != float64(-1) ||
			get(p, "warehouse.active") != true || str(p, "warehouse.code") != "lyon" {
			t.Fatalf("updated: %v", p)
		}
		gone := string(pulid.New("wh"))
		if d, _ := gql(t, w, "admin", update, in(map[string]any{"id": gone, "name": "X"})); userCodes(d, "warehouseUpdate") != "NOT_FOUND" {
			t.Fatalf("update unknown: %v", d)
		}
		if d, _ := gql(t, w, "admin", update, in(map[string]any{"id": lyon, "countryCode": "France"})); userCodes(d, "warehouseUpdate") != "INVALID" {
			t.Fatalf("update bad country: %v", d)
		}

		// node(id:) serves it to sellers' members (owner; stranger belongs
		// to another seller) and admins, who read it in inventoryLevels.
		for _, a := range actors {
			d, _ := gql(t, w, a, `query($id: ID!) { node(id: $id) { ... on Warehouse { code } } }`, map[string]any{"id": paris})
			if got, want := str(d, "node.code"), map[bool]string{true: "paris-1"}[a == "admin" || a == "owner" || a == "stranger"]; got != want {
				t.Fatalf("%s reads node: %q, want %q", a, got, want)
			}
		}

		// Deletion: never the default, not while it holds stock or
		// supplied an order, then gone.
		def := st.Client.Warehouse.Query().Where(warehouse.IsDefault(true)).OnlyX(context.Background())
		if d, _ := gql(t, w, "admin", del, map[string]any{"id": def.ID}); userCodes(d, "warehouseDelete") != "IN_USE" {
			t.Fatalf("delete default: %v", d)
		}
		_, v := w.product(t)
		st.Client.InventoryLevel.Create().SetVariantID(v.ID).SetWarehouseID(pulid.ID(paris)).SetOnHand(3).ExecX(context.Background())
		if d, _ := gql(t, w, "admin", del, map[string]any{"id": paris}); userCodes(d, "warehouseDelete") != "IN_USE" || get(d, "warehouseDelete.deletedWarehouseId") != nil {
			t.Fatalf("delete stocked: %v", d)
		}
		level := st.Client.InventoryLevel.Create().SetVariantID(v.ID).SetWarehouseID(pulid.ID(lyon)).SaveX(context.Background())
		st.Client.StockReservation.Create().SetOrderID(pulid.New("ord")).SetVariantID(v.ID).SetLevelID(level.ID).SetQuantity(1).
			SetState(stockreservation.StateRELEASED).ExecX(context.Background())
		if d, _ := gql(t, w, "admin", del, map[string]any{"id": lyon}); userCodes(d, "warehouseDelete") != "IN_USE" {
			t.Fatalf("delete with history: %v", d)
		}
		st.Client.InventoryLevel.Update().Where(inventorylevel.WarehouseID(pulid.ID(paris))).SetOnHand(0).ExecX(context.Background())
		d, e = gql(t, w, "admin", del, map[string]any{"id": paris})
		if str(mustOK(t, d, e, "warehouseDelete"), "deletedWarehouseId") != paris {
			t.Fatalf("delete: %v", d)
		}
		if n := st.Client.InventoryLevel.Query().Where(inventorylevel.WarehouseID(pulid.ID(paris))).CountX(context.Background()); n != 0 {
			t.Fatalf("%d levels left", n)
		}
		if d, _ := gql(t, w, "admin", del, map[string]any{"id": paris}); userCodes(d, "warehouseDelete") != "NOT_FOUND" {
			t.Fatalf("delete twice: %v", d)
		}
		warehouseRefusals(t, w)
	})
}

// warehouseRefusals: everyone but admins is refused every warehouse
// operation, and nothing changes.
func warehouseRefusals(t *testing.T, w *world) {
	st := w.st
	{
		def := st.Client.Warehouse.Query().Where(warehouse.IsDefault(true)).OnlyX(context.Background())
		before := st.Client.Warehouse.Query().Order(ent.Asc(warehouse.FieldID)).AllX(context.Background())
		ops := []struct {
			name, query string
			vars        map[string]any
		}{
			{"warehouses", `{ warehouses(first: 5) { totalCount } }`, nil},
			{"warehouseCreate", `mutation { warehouseCreate(input: {code: "x", name: "X"}) { userErrors { code } } }`, nil},
			{"warehouseUpdate", `mutation($id: ID!) { warehouseUpdate(input: {id: $id, name: "X"}) { userErrors { code } } }`, map[string]any{"id": def.ID}},
			{"warehouseDelete", `mutation($id: ID!) { warehouseDelete(input: {id: $id}) { userErrors { code } } }`, map[string]any{"id": def.ID}},
		}
		for _, a := range []string{"anonymous", "customer", "stranger", "owner"} {
			want := "FORBIDDEN"
			if a == "anonymous" {
				want = "UNAUTHENTICATED"
			}
			for _, op := range ops {
				d, e := gql(t, w, a, op.query, op.vars)
				if strings.Join(e, ",") != want || d[op.name] != nil {
					t.Fatalf("%s %s: %v %v; want %s", a, op.name, d, e, want)
				}
			}
		}
		after := st.Client.Warehouse.Query().Order(ent.Asc(warehouse.FieldID)).AllX(context.Background())
		if fmt.Sprint(before) != fmt.Sprint(after) {
			t.Fatalf("warehouses changed:\n%v\n%v", before, after)
		}
	}
}

// TestInventoryRejectsUnknownWarehouse: a warehouseCode that names no
// warehouse is a NOT_FOUND userError, and no warehouse or level appears.
func TestInventoryRejectsUnknownWarehouse(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		inventoryRejectsUnknownWarehouse(t, w)
		// The same world serves the inventoryLevels tests (a world costs
		// seconds on PostgreSQL).
		st.Client.Warehouse.Delete().Where(warehouse.Code("paris")).ExecX(context.Background())
		inventoryLevelsField(t, w)
		inventoryLevelsStatements(t, w)
	})
}

func inventoryRejectsUnknownWarehouse(t *testing.T, w *world) {
	st := w.st
	{
		ctx := context.Background()
		_, v := w.product(t)
		st.Client.Warehouse.Create().SetCode("paris").SetName("Paris").ExecX(ctx)
		const set = `mutation($in: InventorySetInput!) { inventorySet(input: $in) { inventoryLevel { warehouseCode warehouse { code } onHand } userErrors { field code } } }`
		const adjust = `mutation($in: InventoryAdjustInput!) { inventoryAdjust(input: $in) { inventoryLevel { warehouseCode onHand } userErrors { field code } } }`
		for _, c := range []struct{ q, payload string }{{set, "inventorySet"}, {adjust, "inventoryAdjust"}} {
			in := map[string]any{"variantId": v.ID, "warehouseCode": "nowhere", "quantity": 5, "delta": 5}
			if c.payload == "inventorySet" {
				delete(in, "delta")
			} else {
				delete(in, "quantity")
			}
			d, e := gql(t, w, "owner", c.q, map[string]any{"in": in})
			if len(e) > 0 || userCodes(d, c.payload) != "NOT_FOUND" || str(d, c.payload+".userErrors.0.field.1") != "warehouseCode" {
				t.Fatalf("%s unknown code: %v %v", c.payload, d, e)
			}
		}
		if n := st.Client.Warehouse.Query().CountX(ctx); n != 2 {
			t.Fatalf("%d warehouses; want 2", n)
		}
		if n := st.Client.InventoryLevel.Query().CountX(ctx); n != 0 {
			t.Fatalf("%d levels; want none", n)
		}
		// A known code, in any case, works; none means the default.
		d, e := gql(t, w, "owner", set, map[string]any{"in": map[string]any{"variantId": v.ID, "warehouseCode": "PARIS", "quantity": 4}})
		if p := mustOK(t, d, e, "inventorySet"); str(p, "inventoryLevel.warehouseCode") != "paris" || str(p, "inventoryLevel.warehouse.code") != "paris" {
			t.Fatalf("set paris: %v", p)
		}
		d, e = gql(t, w, "owner", set, map[string]any{"in": map[string]any{"variantId": v.ID, "quantity": 2}})
		if p := mustOK(t, d, e, "inventorySet"); str(p, "inventoryLevel.warehouse.code") != "default" {
			t.Fatalf("set default: %v", p)
		}
		st.Client.InventoryLevel.Delete().ExecX(ctx)
	}
}

// TestInventoryLevelsField: the seller's members and admins read a
// variant's stock per warehouse, in reservation order; everyone else gets
// null with FORBIDDEN (UNAUTHENTICATED signed out). quantityAvailable sums
// the active warehouses only.
func inventoryLevelsField(t *testing.T, w *world) {
	st := w.st
	{
		ctx := context.Background()
		_, v := w.product(t)
		whs := warehouses(t, st)
		stockAt(t, st, v.ID, whs["east"], 10, 0)
		stockAt(t, st, v.ID, whs["north"], 2, 1)
		stockAt(t, st, v.ID, whs["off"], 50, 0)
		stockAt(t, st, v.ID, whs["west"], 3, 0)
		const q = `query($id: ID!) { node(id: $id) { ... on ProductVariant { quantityAvailable inventoryLevels { warehouse { code active } onHand reserved available } } } }`
		for _, a := range actors {
			d, e := gql(t, w, a, q, map[string]any{"id": v.ID})
			if get(d, "node.quantityAvailable") != float64(14) {
				t.Fatalf("%s: quantityAvailable %v; want 14 (inactive warehouses don't count)", a, get(d, "node.quantityAvailable"))
			}
			switch a {
			case "owner", "admin":
				var codes []string
				for _, l := range get(d, "node.inventoryLevels").([]any) {
					codes = append(codes, fmt.Sprintf("%s:%v/%v/%v", str(l, "warehouse.code"), get(l, "onHand"), get(l, "reserved"), get(l, "available")))
				}
				if len(e) > 0 || strings.Join(codes, " ") != "off:50/0/50 north:2/1/1 west:3/0/3 east:10/0/10" {
					t.Fatalf("%s: %v %v", a, codes, e)
				}
			default:
				want := "FORBIDDEN"
				if a == "anonymous" {
					want = "UNAUTHENTICATED"
				}
				if strings.Join(e, ",") != want || get(d, "node.inventoryLevels") != nil {
					t.Fatalf("%s: %v %v; want null and %s", a, d, e, want)
				}
			}
		}
		// inStock follows the active warehouses too.
		only := st.Client.Product.Create().SetName("Only off").SetSlug("only-off").SetSellerID(w.seller.ID).SetStatus("ACTIVE").SaveX(ctx)
		ov := st.Client.ProductVariant.Create().SetProductID(only.ID).SetSku("ONLY-OFF").SetPrice(100).SetCurrency("EUR").SaveX(ctx)
		stockAt(t, st, ov.ID, whs["off"], 9, 0)
		d, e := gql(t, w, "anonymous", `{ products(first: 50, where: {inStock: true}) { edges { node { slug } } } }`, nil)
		if len(e) > 0 || strings.Contains(fmt.Sprint(d), "only-off") {
			t.Fatalf("inStock lists a product stocked only in an inactive warehouse: %v %v", d, e)
		}
	}
}

// TestInventoryLevelsStatementsDoNotGrowWithVariants: a page of products
// with their variants' levels costs the same whatever its size.
func inventoryLevelsStatements(t *testing.T, w *world) {
	st := w.st
	{
		whs := st.Client.Warehouse.Query().AllX(context.Background())
		byCode := map[string]pulid.ID{}
		for _, wh := range whs {
			byCode[wh.Code] = wh.ID
		}
		for i := 0; i < 6; i++ {
			_, v := w.product(t)
			stockAt(t, st, v.ID, byCode["north"], i+1, 0)
			stockAt(t, st, v.ID, byCode["east"], 1, 0)
		}
		const q = `query($n: Int!) { products(first: $n) { edges { node { id variants(first: 5) { edges { node { id inventoryLevels { warehouse { code } onHand reserved available } } } } } } } }`
		counts := map[int]int64{}
		for _, n := range []int{2, 6} {
			counts[n] = w.c.Statements(func() {
				d, e := gql(t, w, "owner", q, map[string]any{"n": n})
				if len(e) > 0 || len(get(d, "products.edges").([]any)) != n || !strings.Contains(fmt.Sprint(d), "onHand") {
					t.Fatalf("first %d: %v %v", n, d, e)
				}
			})
		}
		if counts[2] != counts[6] {
			t.Fatalf("statements: first 2 -> %d, first 6 -> %d; want equal", counts[2], counts[6])
		}
	}
}

// warehouses makes the fixture warehouses, in reservation order: default
// and off (priority 0; off inactive), north and west (priority 1, by code),
// east (priority 2).
func warehouses(t *testing.T, st *testdb.Store) map[string]pulid.ID {
	t.Helper()
	ctx := context.Background()
	out := map[string]pulid.ID{}
	for _, w := range []struct {
		code     string
		priority int
		active   bool
	}{{"east", 2, true}, {"west", 1, true}, {"north", 1, true}, {"off", 0, false}} {
		out[w.code] = st.Client.Warehouse.Create().SetCode(w.code).SetName(w.code).SetPriority(w.priority).SetActive(w.active).SaveX(ctx).ID
	}
	out["default"] = st.Client.Warehouse.Query().Where(warehouse.IsDefault(true)).OnlyIDX(ctx)
	return out
}

func stockAt(t *testing.T, st *testdb.Store, variant, wh pulid.ID, onHand, reserved int) {
	t.Helper()
	st.Client.InventoryLevel.Create().SetVariantID(variant).SetWarehouseID(wh).SetOnHand(onHand).SetReserved(reserved).ExecX(context.Background())
}

// levelsOf renders a variant's stock as "code:onHand/reserved" in code
// order.
func levelsOf(t *testing.T, st *testdb.Store, variant string) string {
	t.Helper()
	ls := st.Client.InventoryLevel.Query().Where(inventorylevel.VariantID(pulid.ID(variant))).WithWarehouse().AllX(context.Background())
	var out []string
	for _, l := range ls {
		out = append(out, fmt.Sprintf("%s:%d/%d", l.Edges.Warehouse.Code, l.OnHand, l.Reserved))
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

// TestReservationOrderAcrossWarehouses: checkout takes each line from the
// first active warehouse (priority, then code) with stock, splits it over
// the next ones when needed, and cancellation gives every warehouse back
// what it supplied.
func TestReservationOrderAcrossWarehouses(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		s := setupShop(t, w)
		_, pv := w.product(t)
		v := string(pv.ID)
		whs := warehouses(t, st)
		stockAt(t, st, pv.ID, whs["east"], 10, 0)
		stockAt(t, st, pv.ID, whs["west"], 3, 0)
		stockAt(t, st, pv.ID, whs["north"], 2, 0)
		stockAt(t, st, pv.ID, whs["off"], 50, 0)
		step := func(what, want string) {
			t.Helper()
			if got := levelsOf(t, st, v); got != want {
				t.Fatalf("%s: %s; want %s", what, got, want)
			}
		}
		place := func(qty int, token, k string) string {
			t.Helper()
			d := checkoutAs(t, w, "anonymous", directCart(t, w, v, qty, s.flat, w.seller.ID), key(k, qty), "test", token)
			if userCodes(d, "checkoutComplete") != "" {
				t.Fatalf("checkout %d: %v", qty, d)
			}
			return str(d, "checkoutComplete.order.id")
		}
		place(1, "tok_confirm", "one")
		step("1 unit", "east:10/0 north:2/1 off:50/0 west:3/0")
		split := place(4, "tok_confirm", "split")
		step("4 units split", "east:10/0 north:2/2 off:50/0 west:3/3")
		if n := st.Client.StockReservation.Query().Where(stockreservation.OrderID(pulid.ID(split))).CountX(context.Background()); n != 2 {
			t.Fatalf("split order has %d reservations; want 2", n)
		}
		paid := place(3, "tok_success", "paid")
		step("3 paid units", "east:7/0 north:2/2 off:50/0 west:3/3")
		d, e := gql(t, w, "admin", `mutation($id: ID!) { orderCancel(input: {orderId: $id}) { userErrors { code } } }`, map[string]any{"id": split})
		mustOK(t, d, e, "orderCancel")
		step("split released", "east:7/0 north:2/1 off:50/0 west:3/0")
		big := place(5, "tok_success", "big")
		step("5 paid units from north, west, east", "east:6/0 north:1/1 off:50/0 west:0/0")
		d, e = gql(t, w, "admin", `mutation($id: ID!) { orderCancel(input: {orderId: $id}) { userErrors { code } } }`, map[string]any{"id": big})
		mustOK(t, d, e, "orderCancel")
		step("big restocked", "east:7/0 north:2/1 off:50/0 west:3/0")
		d, e = gql(t, w, "admin", `mutation($id: ID!) { orderCancel(input: {orderId: $id}) { userErrors { code } } }`, map[string]any{"id": paid})
		mustOK(t, d, e, "orderCancel")
		step("paid restocked", "east:10/0 north:2/1 off:50/0 west:3/0")
		// More than the active warehouses hold: short, nothing taken.
		d = checkoutAs(t, w, "anonymous", directCart(t, w, v, 15, s.flat, w.seller.ID), key("short", 1), "test", "tok_success")
		if userCodes(d, "checkoutComplete") != "INSUFFICIENT_STOCK" || !strings.Contains(str(d, "checkoutComplete.userErrors.0.message"), "only 14") {
			t.Fatalf("short: %v", d)
		}
		step("short", "east:10/0 north:2/1 off:50/0 west:3/0")
	})
}

// Many concurrent checkouts of 2 units race for the last 12 units spread
// over three active warehouses (plus an inactive one): exactly 6 orders are
// placed, no warehouse ever gives more than it holds, the inactive one gives
// nothing, and per warehouse onHand + committed = the initial stock and
// reserved = the reservations still held.
func TestConcurrentCheckoutsAcrossWarehouses(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		s := setupShop(t, w)
		whs := warehouses(t, st)
		ctx := context.Background()
		initial := map[string]int{"north": 3, "west": 4, "east": 5, "off": 100}
		// Half the checkout race's repetitions: each one is 40 checkouts.
		for rep := 0; rep < max(repetitions(st)/2, 2); rep++ {
			_, pv := w.product(t)
			v := string(pv.ID)
			for code, n := range initial {
				stockAt(t, st, pv.ID, whs[code], n, 0)
			}
			carts := make([]string, 40)
			for i := range carts {
				carts[i] = directCart(t, w, v, 2, s.flat, w.seller.ID)
			}
			var mu sync.Mutex
			placed, short := 0, 0
			var wg sync.WaitGroup
			for i, c := range carts {
				wg.Add(1)
				go func() {
					defer wg.Done()
					token := "tok_success"
					if i%2 == 1 {
						token = "tok_confirm" // stays reserved
					}
					in := map[string]any{"cartId": c, "idempotencyKey": key(fmt.Sprintf("wh%d", rep), i), "payment": map[string]any{"provider": "test", "token": token}}
					body, _ := json.Marshal(map[string]any{"query": checkoutMutation, "variables": map[string]any{"in": in}})
					r := w.c.Post(t, body)
					var d map[string]any
					_ = json.Unmarshal(r.Data, &d)
					mu.Lock()
					defer mu.Unlock()
					switch {
					case len(r.Errors) > 0:
						t.Errorf("checkout %d: %s", i, r.Raw)
					case str(d, "checkoutComplete.order.id") != "":
						placed++
					case userCodes(d, "checkoutComplete") == "INSUFFICIENT_STOCK":
						short++
					default:
						t.Errorf("checkout %d: unexpected %v", i, d)
					}
				}()
			}
			wg.Wait()
			if placed != 6 || short != 34 {
				t.Fatalf("rep %d: %d placed, %d short; want 6 and 34\n%s", rep, placed, short, w.c.Logs.String())
			}
			levels := st.Client.InventoryLevel.Query().Where(inventorylevel.VariantID(pv.ID)).WithWarehouse().AllX(ctx)
			rs := st.Client.StockReservation.Query().Where(stockreservation.VariantID(pv.ID)).AllX(ctx)
			total := 0
			for _, l := range levels {
				committed, reserved := 0, 0
				for _, r := range rs {
					if r.LevelID != l.ID {
						continue
					}
					switch r.State {
					case stockreservation.StateCOMMITTED:
						committed += r.Quantity
					case stockreservation.StateRESERVED:
						reserved += r.Quantity
					default:
						t.Fatalf("rep %d: reservation in state %s", rep, r.State)
					}
				}
				code := l.Edges.Warehouse.Code
				if l.OnHand+committed != initial[code] || l.Reserved != reserved || l.Reserved > l.OnHand {
					t.Fatalf("rep %d: %s onHand %d + committed %d != %d, or reserved %d != %d held (or > onHand)",
						rep, code, l.OnHand, committed, initial[code], l.Reserved, reserved)
				}
				if code == "off" && (committed != 0 || reserved != 0) {
					t.Fatalf("rep %d: the inactive warehouse gave %d+%d", rep, committed, reserved)
				}
				total += committed + reserved
			}
			if total != 12 {
				t.Fatalf("rep %d: %d units taken; want 12", rep, total)
			}
			if n := st.Client.StockReservation.Query().Where(stockreservation.VariantID(pv.ID)).CountX(ctx); n < 6 {
				t.Fatalf("rep %d: %d reservations", rep, n)
			}
		}
	})
}
