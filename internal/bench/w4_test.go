package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/comptoir/comptoir/internal/config"
	"github.com/comptoir/comptoir/internal/server"
)

// BenchmarkW4GuestCart is the W4 workload, "guest cart: create with a line,
// read back" (W4CreateCart then W4ReadCart), over HTTP on loopback against
// PostgreSQL holding the reference catalog. One op is one flow, two
// requests: flows/s is the figure to compare (Vendure: 45 flows/s).
func BenchmarkW4GuestCart(b *testing.B) {
	st := catalogStore(b)
	ctx := context.Background()
	// Variants for sale with stock to spare: carts do not reserve, so a
	// line of one unit always fits.
	rows, err := st.DB.QueryContext(ctx, `SELECT v.id FROM product_variants v
JOIN products p ON p.id = v.product_id JOIN sellers s ON s.id = p.seller_id
JOIN inventory_levels l ON l.variant_id = v.id
WHERE p.status = 'ACTIVE' AND s.status = 'ACTIVE' AND l.on_hand - l.reserved > 5
ORDER BY v.id LIMIT 1000`)
	if err != nil {
		b.Fatal(err)
	}
	var variants []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			b.Fatal(err)
		}
		variants = append(variants, id)
	}
	rows.Close()
	if len(variants) == 0 {
		b.Fatal("no variant for sale in the reference catalog")
	}
	cfg, _ := config.Load(func(string) string { return "" })
	srv, err := server.New(cfg, st, slog.New(slog.NewTextHandler(io.Discard, nil)), server.NewMetrics())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(srv.Close)
	ts := httptest.NewServer(srv.Handler())
	b.Cleanup(ts.Close)
	const parallelism = 8 // per core, as run() does
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	var next atomic.Int64
	flow := func() error {
		v := variants[int(next.Add(1))%len(variants)]
		var created struct {
			Data struct {
				CartCreate struct {
					Cart       *struct{ ID string }
					UserErrors []any
				}
			}
			Errors []any
		}
		if err := post(client, ts.URL, W4CreateCart, map[string]any{"input": map[string]any{
			"lines": []any{map[string]any{"merchandiseId": v, "quantity": 1}}}}, &created); err != nil {
			return err
		}
		c := created.Data.CartCreate.Cart
		if c == nil || len(created.Errors) > 0 {
			return fmt.Errorf("cartCreate of %s: %+v", v, created)
		}
		var read struct {
			Data   struct{ Cart *struct{ TotalQuantity int } }
			Errors []any
		}
		if err := post(client, ts.URL, W4ReadCart, map[string]any{"id": c.ID}, &read); err != nil {
			return err
		}
		if read.Data.Cart == nil || read.Data.Cart.TotalQuantity != 1 || len(read.Errors) > 0 {
			return fmt.Errorf("cart %s read back: %+v", c.ID, read)
		}
		return nil
	}
	if err := flow(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetParallelism(parallelism)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := flow(); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "flows/s")
}

// post sends one GraphQL operation and decodes its answer into out.
func post(c *http.Client, url, query string, vars map[string]any, out any) error {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	resp, err := c.Post(url+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d: %s", resp.StatusCode, raw)
	}
	return json.Unmarshal(raw, out)
}
