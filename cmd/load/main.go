// Command load measures a running Comptoir server: it sends one GraphQL
// operation from many concurrent clients for a fixed time and prints the
// request rate and latency percentiles. It only targets loopback addresses.
//
//	go run ./cmd/load -url http://127.0.0.1:8080/graphql -c 32 -d 15s
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"sort"
	"sync"
	"time"
)

// listing is the storefront grid: 50 products with their variants.
const listing = `query Listing { products(first: 50) { pageInfo { hasNextPage endCursor } edges { node {
  id name slug priceRange { min { amount currencyCode } max { amount currencyCode } }
  variants(first: 10) { edges { node { id sku title price { amount currencyCode } quantityAvailable } } }
} } } }`

func main() {
	target := flag.String("url", "http://127.0.0.1:8080/graphql", "GraphQL endpoint (loopback only)")
	conc := flag.Int("c", 32, "concurrent clients")
	dur := flag.Duration("d", 15*time.Second, "duration")
	query := flag.String("query", listing, "GraphQL operation to send")
	flag.Parse()
	if err := run(*target, *conc, *dur, *query); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

func run(target string, conc int, dur time.Duration, query string) error {
	u, err := url.Parse(target)
	if err != nil {
		return err
	}
	ips, err := net.LookupIP(u.Hostname())
	if err != nil {
		return err
	}
	for _, ip := range ips {
		if !ip.IsLoopback() {
			return fmt.Errorf("%s is not a loopback address: load is only sent to this machine", u.Hostname())
		}
	}
	body, _ := json.Marshal(map[string]string{"query": query})
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conc}, Timeout: 30 * time.Second}
	ctx, cancel := context.WithTimeout(context.Background(), dur)
	defer cancel()
	var (
		mu        sync.Mutex
		latencies []time.Duration
		failures  int
		wg        sync.WaitGroup
	)
	start := time.Now()
	for i := 0; i < conc; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var local []time.Duration
			bad := 0
			for ctx.Err() == nil {
				t := time.Now()
				resp, err := client.Post(target, "application/json", bytes.NewReader(body))
				if err != nil {
					if ctx.Err() == nil {
						bad++
					}
					continue
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 || bytes.Contains(b, []byte(`"errors"`)) {
					bad++
					continue
				}
				local = append(local, time.Since(t))
			}
			mu.Lock()
			latencies = append(latencies, local...)
			failures += bad
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if len(latencies) == 0 {
		return fmt.Errorf("no successful request (%d failures)", failures)
	}
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	pct := func(p float64) time.Duration { return latencies[int(p*float64(len(latencies)-1))] }
	fmt.Printf("%d requests in %s with %d clients: %.0f req/s, %d failed; latency p50 %s p90 %s p99 %s\n",
		len(latencies), elapsed.Round(time.Millisecond), conc, float64(len(latencies))/elapsed.Seconds(), failures,
		pct(.50).Round(time.Microsecond), pct(.90).Round(time.Microsecond), pct(.99).Round(time.Microsecond))
	return nil
}
