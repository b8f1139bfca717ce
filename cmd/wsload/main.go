// Command wsload measures subscription fan-out on a running Comptoir
// server: it opens many WebSocket subscribers to one order's updates, then
// changes the order repeatedly and reports how long the last subscriber
// waited for each change (from the mutation's start: an upper bound of
// commit-to-delivery) and the server's memory per subscriber (heap and
// stacks in use, from /metrics, before and after connecting). Loopback only.
//
//	go run ./cmd/wsload -url http://127.0.0.1:8080/graphql -email staff@example.com -password '…' -n 1000
//
// The account must be an admin (it places, pays and ships the order it
// watches); raise COMPTOIR_MAX_CONNECTIONS_PER_USER above -n on the server.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/comptoir/comptoir/internal/wstest"
)

func main() {
	target := flag.String("url", "http://127.0.0.1:8080/graphql", "GraphQL endpoint (loopback only)")
	email := flag.String("email", "", "an admin's email")
	password := flag.String("password", "", "its password")
	n := flag.Int("n", 1000, "subscribers")
	changes := flag.Int("changes", 20, "order changes to time")
	flag.Parse()
	if err := run(*target, *email, *password, *n, *changes); err != nil {
		fmt.Fprintln(os.Stderr, "wsload:", err)
		os.Exit(1)
	}
}

type client struct {
	url, token string
}

func (c *client) gql(query string, vars map[string]any) (map[string]any, error) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, c.url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var out struct {
		Data   map[string]any `json:"data"`
		Errors []any          `json:"errors"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return nil, err
	}
	if len(out.Errors) > 0 {
		return nil, fmt.Errorf("%v", out.Errors)
	}
	return out.Data, nil
}

func dig(v any, path string) any {
	for _, p := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[p]
		case []any:
			i, _ := strconv.Atoi(p)
			if i >= len(x) {
				return nil
			}
			v = x[i]
		}
	}
	return v
}

// setup places, pays and ships an order as the admin; it returns the order
// and its fulfillment.
func setup(c *client, email, password string) (string, string, error) {
	d, err := c.gql(`mutation($e: String!, $p: String!) { customerAccessTokenCreate(input: {email: $e, password: $p}) { customerAccessToken { accessToken } userErrors { message } } }`,
		map[string]any{"e": email, "p": password})
	if err != nil {
		return "", "", err
	}
	tok, _ := dig(d, "customerAccessTokenCreate.customerAccessToken.accessToken").(string)
	if tok == "" {
		return "", "", fmt.Errorf("sign-in failed: %v", d)
	}
	c.token = tok
	steps := []struct {
		q    string
		vars func(map[string]string) map[string]any
		keep map[string]string // name → path in the answer
	}{
		{`{ products(first: 1, where: {inStock: true}) { edges { node { variants(first: 1) { edges { node { id } } } } } } }`, nil,
			map[string]string{"variant": "products.edges.0.node.variants.edges.0.node.id"}},
		{`mutation($v: ID!) { cartCreate(input: {lines: [{merchandiseId: $v, quantity: 1}]}) { cart { id } } }`,
			func(s map[string]string) map[string]any { return map[string]any{"v": s["variant"]} }, map[string]string{"cart": "cartCreate.cart.id"}},
		{`mutation($c: ID!) { cartShippingAddressUpdate(input: {cartId: $c, address: {address1: "1 rue", city: "Lyon", countryCode: "FR"}}) { cart { availableShippingMethods { id } } } }`,
			func(s map[string]string) map[string]any { return map[string]any{"c": s["cart"]} },
			map[string]string{"method": "cartShippingAddressUpdate.cart.availableShippingMethods.0.id"}},
		{`mutation($c: ID!, $m: ID!) { cartSelectShippingMethod(input: {cartId: $c, shippingMethodId: $m}) { userErrors { code } } }`,
			func(s map[string]string) map[string]any { return map[string]any{"c": s["cart"], "m": s["method"]} }, nil},
		{`mutation($c: ID!, $k: String!) { checkoutComplete(input: {cartId: $c, idempotencyKey: $k, payment: {provider: "manual"}}) { order { id lines(first: 1) { edges { node { id } } } } userErrors { message } } }`,
			func(s map[string]string) map[string]any {
				return map[string]any{"c": s["cart"], "k": fmt.Sprintf("wsload-%d", time.Now().UnixNano())}
			},
			map[string]string{"order": "checkoutComplete.order.id", "line": "checkoutComplete.order.lines.edges.0.node.id"}},
		{`mutation($o: ID!) { orderMarkPaid(input: {orderId: $o}) { userErrors { message } } }`,
			func(s map[string]string) map[string]any { return map[string]any{"o": s["order"]} }, nil},
		{`mutation($o: ID!, $l: ID!) { fulfillmentCreate(input: {orderId: $o, lines: [{orderLineId: $l, quantity: 1}]}) { fulfillment { id } userErrors { message } } }`,
			func(s map[string]string) map[string]any { return map[string]any{"o": s["order"], "l": s["line"]} },
			map[string]string{"fulfillment": "fulfillmentCreate.fulfillment.id"}},
	}
	state := map[string]string{}
	for _, st := range steps {
		var vars map[string]any
		if st.vars != nil {
			vars = st.vars(state)
		}
		d, err := c.gql(st.q, vars)
		if err != nil {
			return "", "", err
		}
		for name, path := range st.keep {
			v, _ := dig(d, path).(string)
			if v == "" {
				return "", "", fmt.Errorf("no %s in %v", name, d)
			}
			state[name] = v
		}
	}
	return state["order"], state["fulfillment"], nil
}

// rss reads the server's memory in use from /metrics: heap in use plus
// goroutine stacks (resident memory moves with the garbage collector's
// returns to the OS and is too noisy per subscriber).
func rss(graphqlURL string) (float64, error) {
	u, _ := url.Parse(graphqlURL)
	u.Path = "/metrics"
	resp, err := http.Get(u.String())
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	var total float64
	found := 0
	for sc.Scan() {
		for _, name := range []string{"go_memstats_heap_inuse_bytes ", "go_memstats_stack_inuse_bytes "} {
			if v, ok := strings.CutPrefix(sc.Text(), name); ok {
				f, err := strconv.ParseFloat(v, 64)
				if err != nil {
					return 0, err
				}
				total += f
				found++
			}
		}
	}
	if found != 2 {
		return 0, errors.New("no go_memstats_heap_inuse_bytes / go_memstats_stack_inuse_bytes in /metrics")
	}
	return total, nil
}

func run(target, email, password string, n, changes int) error {
	u, err := url.Parse(target)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(u.Hostname()); u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("%s is not a loopback address", u.Hostname())
	}
	c := &client{url: target}
	orderID, fulfillmentID, err := setup(c, email, password)
	if err != nil {
		return fmt.Errorf("setup: %w", err)
	}
	time.Sleep(500 * time.Millisecond)
	before, err := rss(target)
	if err != nil {
		return err
	}
	ctx := context.Background()
	subs := make([]*wstest.Client, n)
	for i := range subs {
		s, err := wstest.Dial(ctx, target, wstest.TransportWS, map[string]any{"Authorization": "Bearer " + c.token})
		if err != nil {
			return fmt.Errorf("subscriber %d: %w", i, err)
		}
		if err := s.Subscribe(ctx, "1", `subscription($id: ID!) { orderUpdated(orderId: $id) { event { id type } order { id status fulfillmentStatus } } }`, map[string]any{"id": orderID}); err != nil {
			return err
		}
		subs[i] = s
	}
	time.Sleep(2 * time.Second) // subscriptions register asynchronously
	after, err := rss(target)
	if err != nil {
		return err
	}
	// Each subscriber records when it receives each change.
	got := make([][]time.Time, n)
	var wg sync.WaitGroup
	for i, s := range subs {
		got[i] = make([]time.Time, 0, changes)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for len(got[i]) < changes {
				rctx, cancel := context.WithTimeout(ctx, 30*time.Second)
				m, err := s.Next(rctx)
				cancel()
				if err != nil {
					fmt.Fprintf(os.Stderr, "subscriber %d: %v\n", i, err)
					return
				}
				if m.Type == "next" {
					got[i] = append(got[i], time.Now())
				}
			}
		}()
	}
	starts := make([]time.Time, changes)
	for k := range starts {
		starts[k] = time.Now()
		if _, err := c.gql(`mutation($f: ID!) { fulfillmentTrackingUpdate(input: {fulfillmentId: $f, status: IN_TRANSIT, message: "hub"}) { userErrors { message } } }`,
			map[string]any{"f": fulfillmentID}); err != nil {
			return err
		}
		time.Sleep(250 * time.Millisecond)
	}
	wg.Wait()
	var lat []time.Duration
	for k := range starts {
		var last time.Time
		for i := range got {
			if k >= len(got[i]) {
				return fmt.Errorf("subscriber %d received %d of %d updates", i, len(got[i]), changes)
			}
			if got[i][k].After(last) {
				last = got[i][k]
			}
		}
		lat = append(lat, last.Sub(starts[k]))
	}
	sort.Slice(lat, func(a, b int) bool { return lat[a] < lat[b] })
	pct := func(p float64) time.Duration { return lat[int(p*float64(len(lat)-1))] }
	fmt.Printf("subscribers %d, changes %d\n", n, changes)
	fmt.Printf("mutation start → last subscriber: p50 %v, p99 %v, max %v\n", pct(0.5), pct(0.99), lat[len(lat)-1])
	fmt.Printf("server heap + stacks in use: %.1f MiB before, %.1f MiB after: %.1f KiB per subscriber\n",
		before/(1<<20), after/(1<<20), (after-before)/float64(n)/1024)
	for _, s := range subs {
		_ = s.Close()
	}
	return nil
}
