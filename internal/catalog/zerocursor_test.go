package catalog_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/entgqlrt"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/seller"
	"github.com/comptoir/comptoir/internal/catalog"
	"github.com/comptoir/comptoir/internal/money"
	"github.com/comptoir/comptoir/internal/pagination"
	"github.com/comptoir/comptoir/internal/testdb"
)

// TestPagesWalkAcrossZeroValues pages through listings whose sort values
// are partly zero (free products, unsold, unrated) two at a time, forwards
// by endCursor and backwards by startCursor, and wants exactly the one-page
// listing. A cursor's zero value is left out of its encoding; read as a
// cursor without a value, the page after a 0.00 product started again at
// the top (PRICE DESC) or came back empty (PRICE ASC).
func TestPagesWalkAcrossZeroValues(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		ctx := context.Background()
		c := st.Client
		s := c.Seller.Create().SetName("Alpha").SetSlug("alpha").SetStatus(seller.StatusACTIVE).SaveX(ctx)
		for i := range 9 {
			zero := i%3 != 0 // two in three have zero values
			price, units, rating := int64(100*(i+1)), 2*i+1, float64(i%5)+0.5
			if zero {
				price, units, rating = 0, 0, 0
			}
			c.Product.Create().SetName(fmt.Sprintf("P%d", i)).SetSlug(fmt.Sprintf("p-%d", i)).
				SetStatus(product.StatusACTIVE).SetSellerID(s.ID).SetPriceMin(price).SetPriceMax(price).
				SetUnitsSold(units).SetRatingAverage(rating).ExecX(ctx)
		}
		svc := catalog.New(st, money.Currency("EUR"))
		ids := func(conn *catalog.ProductConnection) []string {
			var out []string
			for _, e := range conn.Edges {
				out = append(out, e.Node.Name)
			}
			return out
		}
		for _, key := range []catalog.SortKey{catalog.SortPrice, catalog.SortBestSelling, catalog.SortRating} {
			for _, dir := range []entgqlrt.OrderDirection{entgqlrt.OrderDirectionAsc, entgqlrt.OrderDirectionDesc} {
				t.Run(fmt.Sprintf("%s %s", key, dir), func(t *testing.T) {
					order := &catalog.Order{Key: key, Direction: dir}
					n, two := 100, 2
					all, err := svc.Products(ctx, catalog.ProductArgs{First: &n, Order: order})
					if err != nil {
						t.Fatal(err)
					}
					want := ids(all)
					if len(want) != 9 {
						t.Fatalf("one page: %v", want)
					}
					var fwd []string
					var after *ent.Cursor
					for range 10 {
						page, err := svc.Products(ctx, catalog.ProductArgs{First: &two, After: after, Order: order})
						if err != nil {
							t.Fatal(err)
						}
						fwd = append(fwd, ids(page)...)
						if !page.PageInfo.HasNextPage {
							break
						}
						after = wire(t, page.PageInfo.EndCursor)
					}
					if !slices.Equal(fwd, want) {
						t.Errorf("forwards by endCursor: %v, want %v", fwd, want)
					}
					var back []string
					var before *ent.Cursor
					for range 10 {
						page, err := svc.Products(ctx, catalog.ProductArgs{Last: &two, Before: before, Order: order})
						if err != nil {
							t.Fatal(err)
						}
						back = append(ids(page), back...)
						if !page.PageInfo.HasPreviousPage {
							break
						}
						before = wire(t, page.PageInfo.StartCursor)
					}
					if !slices.Equal(back, want) {
						t.Errorf("backwards by startCursor: %v, want %v", back, want)
					}
				})
			}
		}
	})
}

// wire is a cursor as a client sends it back: encoded by the server,
// decoded by the API's Cursor scalar.
func wire(t *testing.T, c *ent.Cursor) *ent.Cursor {
	t.Helper()
	var b strings.Builder
	c.MarshalGQL(&b)
	text, err := strconv.Unquote(b.String())
	if err != nil {
		t.Fatal(err)
	}
	back, err := pagination.UnmarshalCursor(text)
	if err != nil {
		t.Fatal(err)
	}
	return &back
}
