package resolvers_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/money"
	"github.com/comptoir/comptoir/internal/testdb"
)

// apolloNode returns the node binary for clients/node's Apollo Client,
// skipping (failing under CI) without node or its packages.
func apolloNode(t *testing.T) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = os.Stat(filepath.Join("..", "clients", "node", "node_modules", "@apollo", "client"))
	}
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("node or clients/node/node_modules missing (%v): CI must run the Apollo Client test", err)
		}
		t.Skip("Apollo Client test skipped: needs node and `npm ci --prefix clients/node`")
	}
	return node
}

type rate struct {
	ID               string
	ShippingMethodID string
	Name             string
	Price            struct{ Amount, CurrencyCode string }
}

type parcel struct {
	Seller                   struct{ ID string }
	AvailableShippingMethods []rate
	SelectedShippingMethod   *rate
}

// A storefront on Apollo Client's normalized cache shows each parcel its
// own shipping prices. The demo's Standard method ships free from 100.00:
// a cart with a dear line of one seller and a cheap line of another has
// two parcels where Standard costs 0.00 and 4.90. When a rate carried its
// method's id the cache merged both into one object and showed one price
// for both parcels.
func TestApolloCacheShowsEachParcelsShippingPrice(t *testing.T) {
	node := apolloNode(t)
	c := apitest.Seeded(t, testdb.Open(t, testdb.Dialects[0]))

	var catalog struct {
		Products struct {
			Edges []struct {
				Node struct {
					Seller   struct{ ID string }
					Variants struct {
						Edges []struct {
							Node struct {
								ID                string
								QuantityAvailable int
								Price             struct{ Amount string }
							}
						}
					}
				}
			}
		}
	}
	c.Query(t, `{ products(first: 100) { edges { node { seller { id } variants(first: 1) { edges { node { id quantityAvailable price { amount } } } } } } } }`, nil).Decode(t, &catalog)
	var dear, cheap, dearSeller string
	for _, e := range catalog.Products.Edges {
		for _, v := range e.Node.Variants.Edges {
			minor, err := money.Parse(v.Node.Price.Amount, 2)
			switch {
			case err != nil || v.Node.QuantityAvailable < 1:
			case dear == "" && minor >= 15000:
				dear, dearSeller = v.Node.ID, e.Node.Seller.ID
			case cheap == "" && minor <= 5000 && dearSeller != "" && e.Node.Seller.ID != dearSeller:
				cheap = v.Node.ID
			}
		}
	}
	if dear == "" || cheap == "" {
		t.Fatalf("the demo catalog has no dear and cheap variants of two sellers: %q %q", dear, cheap)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, filepath.Join("..", "clients", "node", "cart-cache.mjs"), c.URL+"/graphql", dear, cheap)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("cart-cache.mjs: %v\n%s", err, out)
	}
	var fromCache struct {
		CartID   string
		Parcels  []parcel
		Selected []struct {
			Seller string
			Method *rate
		}
	}
	if err := json.Unmarshal(out, &fromCache); err != nil {
		t.Fatalf("%v: %s", err, out)
	}

	// The server's own answer, as plain JSON.
	var server struct {
		Cart struct{ DeliveryGroups []parcel }
	}
	c.Query(t, `query($id: ID!) { cart(id: $id) { deliveryGroups { seller { id }
		availableShippingMethods { id shippingMethodId name price { amount currencyCode } }
		selectedShippingMethod { id shippingMethodId name price { amount currencyCode } } } } }`,
		map[string]any{"id": fromCache.CartID}).Decode(t, &server)
	groups := server.Cart.DeliveryGroups
	if len(groups) != 2 || len(fromCache.Parcels) != 2 {
		t.Fatalf("parcels: server %d, cache %d: %s", len(groups), len(fromCache.Parcels), out)
	}
	standard := map[string]string{} // seller -> Standard's price in its parcel
	for _, g := range groups {
		for _, r := range g.AvailableShippingMethods {
			if r.Name == "Standard" {
				standard[g.Seller.ID] = r.Price.Amount
			}
		}
	}
	if len(standard) != 2 || standard[groups[0].Seller.ID] == standard[groups[1].Seller.ID] {
		t.Fatalf("the fixture must price Standard differently in the two parcels: %v", standard)
	}
	for i, g := range groups {
		cached := fromCache.Parcels[i]
		if cached.Seller.ID != g.Seller.ID {
			t.Fatalf("parcel %d: cache has seller %s, server %s", i, cached.Seller.ID, g.Seller.ID)
		}
		if got, want := asJSON(cached.AvailableShippingMethods), asJSON(g.AvailableShippingMethods); got != want {
			t.Errorf("seller %s's parcel from the cache:\n%s\nthe server says:\n%s", g.Seller.ID, got, want)
		}
		// Chosen by its rate id (no sellerId): the parcel's cheapest rate.
		if g.SelectedShippingMethod == nil || *g.SelectedShippingMethod != g.AvailableShippingMethods[0] {
			t.Errorf("seller %s's parcel: selected %+v, want its cheapest %+v", g.Seller.ID, g.SelectedShippingMethod, g.AvailableShippingMethods[0])
		}
		if got, want := asJSON(fromCache.Selected[i].Method), asJSON(g.SelectedShippingMethod); got != want {
			t.Errorf("seller %s's selected method from the cache %s, the server says %s", g.Seller.ID, got, want)
		}
	}
}

func asJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
