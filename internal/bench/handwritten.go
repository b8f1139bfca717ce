package bench

import (
	"database/sql"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/lib/pq"

	"github.com/comptoir/comptoir/internal/money"
)

// The hand-written baseline of W1: the same page, the same fields, two
// statements, no GraphQL. BenchmarkListingRatio and `go run ./cmd/load
// -handwritten` compare the GraphQL listing with it.
type hwVariant struct {
	ID                string  `json:"id"`
	SKU               string  `json:"sku"`
	Title             string  `json:"title"`
	Price             hwMoney `json:"price"`
	QuantityAvailable int     `json:"quantityAvailable"`
}

type hwMoney struct {
	Amount       string `json:"amount"`
	CurrencyCode string `json:"currencyCode"`
}

type hwProduct struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Slug       string `json:"slug"`
	PriceRange struct {
		Min hwMoney `json:"min"`
		Max hwMoney `json:"max"`
	} `json:"priceRange"`
	Variants []hwVariant `json:"variants"`
}

// Handwritten returns the hand-written W1 handler over a PostgreSQL
// database (it binds an array parameter) and the function that releases its
// statements. It prepares its two statements once, as a handler written for
// speed would (Comptoir's store caches prepared statements too).
func Handwritten(db *sql.DB) (http.Handler, func() error, error) {
	productsStmt, err := db.Prepare(`SELECT p.id, p.name, p.slug, p.price_min, p.price_max, p.currency
FROM products p JOIN sellers s ON s.id = p.seller_id
WHERE p.status = 'ACTIVE' AND s.status = 'ACTIVE'
ORDER BY p.name, p.id LIMIT 51`)
	if err != nil {
		return nil, nil, err
	}
	variantsStmt, err := db.Prepare(`SELECT v.id, v.product_id, v.sku, v.title, v.price, v.currency,
  COALESCE(SUM(CASE WHEN i.on_hand > i.reserved THEN i.on_hand - i.reserved ELSE 0 END), 0)
FROM product_variants v LEFT JOIN inventory_levels i ON i.variant_id = v.id
WHERE v.product_id = ANY($1)
GROUP BY v.id ORDER BY v.product_id, v.position`)
	if err != nil {
		productsStmt.Close()
		return nil, nil, err
	}
	closeAll := func() error { return errors.Join(productsStmt.Close(), variantsStmt.Close()) }
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		rows, err := productsStmt.QueryContext(ctx)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		var products []*hwProduct
		byID := map[string]*hwProduct{}
		var ids []string
		for rows.Next() {
			p := &hwProduct{}
			var lo, hi int64
			var cur string
			if err := rows.Scan(&p.ID, &p.Name, &p.Slug, &lo, &hi, &cur); err != nil {
				rows.Close()
				http.Error(w, err.Error(), 500)
				return
			}
			c := money.Currency(cur)
			p.PriceRange.Min = hwMoney{string(money.New(lo, c).Amount()), cur}
			p.PriceRange.Max = hwMoney{string(money.New(hi, c).Amount()), cur}
			products = append(products, p)
		}
		rows.Close()
		hasNext := len(products) > 50
		if hasNext {
			products = products[:50]
		}
		for _, p := range products {
			byID[p.ID] = p
			ids = append(ids, p.ID)
		}
		rows, err = variantsStmt.QueryContext(ctx, pq.Array(ids))
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		for rows.Next() {
			var v hwVariant
			var pid, cur string
			var price int64
			if err := rows.Scan(&v.ID, &pid, &v.SKU, &v.Title, &price, &cur, &v.QuantityAvailable); err != nil {
				rows.Close()
				http.Error(w, err.Error(), 500)
				return
			}
			v.Price = hwMoney{string(money.New(price, money.Currency(cur)).Amount()), cur}
			if p := byID[pid]; p != nil && len(p.Variants) < 10 {
				p.Variants = append(p.Variants, v)
			}
		}
		rows.Close()
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"hasNextPage": hasNext, "products": products})
	}), closeAll, nil
}
