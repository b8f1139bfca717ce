package main

import (
	"bufio"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/comptoir/comptoir/internal/testbin"
	"github.com/comptoir/comptoir/internal/testdb"
	"github.com/comptoir/comptoir/internal/testenv"
	"github.com/comptoir/comptoir/internal/waitfor"
	"github.com/comptoir/comptoir/internal/wstest"
)

// instance is a running server process.
type instance struct {
	*testbin.Proc
	base string
}

// start runs the binary with env and waits until it listens.
func start(t *testing.T, env ...string) *instance {
	t.Helper()
	addr := testbin.FreeAddr(t)
	cmd := exec.Command(binary)
	cmd.Dir = t.TempDir()
	// Each instance counts its throttles under keys of its own: test runs
	// share one Redis, and sign-ups from 127.0.0.1 would add up across them.
	cmd.Env = append(append(testbin.CleanEnv(), "COMPTOIR_ADDR="+addr, "COMPTOIR_REDIS_PREFIX=test-"+addr+"-"+strconv.FormatInt(time.Now().UnixNano(), 36)+":"), env...)
	return &instance{Proc: testbin.Start(t, cmd), base: "http://" + addr}
}

// gql posts an operation to an instance; any error fails the test.
func (in *instance) gql(t *testing.T, token, query string, vars map[string]any) map[string]any {
	t.Helper()
	data, errs := testbin.Post(t, in.base, token, query, vars)
	if len(errs) > 0 {
		t.Fatalf("%s: %v", query, errs)
	}
	return data
}

// subscriptions reads the instance's comptoir_pubsub_subscriptions gauge.
func (in *instance) subscriptions(t *testing.T) int {
	return int(testbin.Gauge(t, in.base, "comptoir_pubsub_subscriptions"))
}

// waitSubscriptions waits until the instance holds n subscriptions:
// subscribing is asynchronous to the client, and what is published before
// is not delivered.
func (in *instance) waitSubscriptions(t *testing.T, n int) {
	t.Helper()
	waitfor.Cond(t, fmt.Sprintf("%d subscriptions on %s", n, in.base), func() bool { return in.subscriptions(t) >= n })
}

// shopper signs up a customer and an admin on an instance and places a
// manual-payment order; it returns the order id and both tokens.
func shopper(t *testing.T, in *instance, dbURL string) (orderID, customer, admin string) {
	t.Helper()
	const signUp = `mutation($e: String!) { customerCreate(input: {email: $e, password: "correct horse"}) { userErrors { code } } }`
	const signIn = `mutation($e: String!) { customerAccessTokenCreate(input: {email: $e, password: "correct horse"}) { customerAccessToken { accessToken } } }`
	in.gql(t, "", signUp, map[string]any{"e": "buyer@example.com"})
	customer = testbin.At(in.gql(t, "", signIn, map[string]any{"e": "buyer@example.com"}), "customerAccessTokenCreate", "customerAccessToken", "accessToken").(string)
	if code, _, errOut := comptoir(t, []string{"DATABASE_URL=" + dbURL}, "admin", "create", "--email", "staff@example.com", "--password", "correct horse"); code != 0 {
		t.Fatalf("admin create: %s", errOut)
	}
	admin = testbin.At(in.gql(t, "", signIn, map[string]any{"e": "staff@example.com"}), "customerAccessTokenCreate", "customerAccessToken", "accessToken").(string)
	d := in.gql(t, "", `{ products(first: 1, where: {inStock: true}) { edges { node { variants(first: 1) { edges { node { id } } } } } } }`, nil)
	variant := testbin.At(d["products"].(map[string]any)["edges"].([]any)[0], "node", "variants")
	vid := testbin.At(variant.(map[string]any)["edges"].([]any)[0], "node", "id").(string)
	c := testbin.At(in.gql(t, customer, `mutation($v: ID!) { cartCreate(input: {lines: [{merchandiseId: $v, quantity: 1}]}) { cart { id } } }`, map[string]any{"v": vid}), "cartCreate", "cart", "id").(string)
	d = in.gql(t, customer, `mutation($c: ID!) { cartShippingAddressUpdate(input: {cartId: $c, address: {address1: "1 rue", city: "Lyon", countryCode: "FR"}}) { cart { availableShippingMethods { id } } } }`, map[string]any{"c": c})
	method := testbin.At(testbin.At(d, "cartShippingAddressUpdate", "cart", "availableShippingMethods").([]any)[0], "id").(string)
	in.gql(t, customer, `mutation($c: ID!, $m: ID!) { cartSelectShippingMethod(input: {cartId: $c, shippingMethodId: $m}) { userErrors { code } } }`, map[string]any{"c": c, "m": method})
	d = in.gql(t, customer, `mutation($c: ID!, $k: String!) { checkoutComplete(input: {cartId: $c, idempotencyKey: $k, payment: {provider: "manual"}}) { order { id } userErrors { code message } } }`,
		map[string]any{"c": c, "k": "multi-instance-0001"})
	id, _ := testbin.At(d, "checkoutComplete", "order", "id").(string)
	if id == "" {
		t.Fatalf("checkout: %v", d)
	}
	return id, customer, admin
}

func subscribe(t *testing.T, in *instance, token, orderID string) *wstest.Client {
	t.Helper()
	ctx := waitfor.Context(t)
	before := in.subscriptions(t)
	c, err := wstest.Dial(ctx, in.base+"/graphql", wstest.TransportWS, map[string]any{"Authorization": "Bearer " + token})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	if err := c.Subscribe(ctx, "1", `subscription($id: ID!) { orderUpdated(orderId: $id) { order { id status } } }`, map[string]any{"id": orderID}); err != nil {
		t.Fatal(err)
	}
	in.waitSubscriptions(t, before+1)
	return c
}

// A client subscribed on instance A receives the update caused by a
// mutation on instance B (PostgreSQL and Redis shared). How fast is logged,
// not asserted: on a loaded machine a time limit fails for nothing (cmd/wsload
// measures update latency).
func TestSubscriptionAcrossInstances(t *testing.T) {
	rURL := testenv.RedisURL(t)
	dbURL := databaseURL(t, "postgres")
	env := []string{"DATABASE_URL=" + dbURL, "REDIS_URL=" + rURL}
	a := start(t, env...)
	b := start(t, env...)
	orderID, customer, admin := shopper(t, b, dbURL)
	sub := subscribe(t, a, customer, orderID)

	began := time.Now()
	b.gql(t, admin, `mutation($id: ID!) { orderMarkPaid(input: {orderId: $id}) { userErrors { code } } }`, map[string]any{"id": orderID})
	ctx := waitfor.Context(t)
	for {
		m, err := sub.Next(ctx)
		if err != nil {
			t.Fatalf("update on A: %v", err)
		}
		if testbin.At(m.Data(), "orderUpdated", "order", "status") == "PAID" {
			t.Logf("mutation on B to update on A: %v", time.Since(began))
			return
		}
	}
}

// An event committed by an instance killed before it could publish it is
// published after the restart: the outbox is in the database, not in the
// process.
func TestOutboxSurvivesSIGKILL(t *testing.T) {
	rURL := testenv.RedisURL(t)
	dbURL := databaseURL(t, "postgres")
	env := []string{"DATABASE_URL=" + dbURL, "REDIS_URL=" + rURL}
	// The listener publishes nothing itself; the writer's dispatcher is off
	// so that its commit stays unpublished until it dies.
	listener := start(t, append(env, "COMPTOIR_OUTBOX_DISPATCH=false")...)
	writer := start(t, append(env, "COMPTOIR_OUTBOX_DISPATCH=false")...)
	orderID, customer, admin := shopper(t, writer, dbURL)
	sub := subscribe(t, listener, customer, orderID)
	writer.gql(t, admin, `mutation($id: ID!) { orderMarkPaid(input: {orderId: $id}) { userErrors { code } } }`, map[string]any{"id": orderID})
	if err := writer.Cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = writer.Cmd.Wait()

	// Only a dispatcher publishes, marking what it published in the same
	// transaction: the committed events are all still unpublished, so the
	// listener cannot have had the update yet.
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var pending, published int
	if err := db.QueryRow(`SELECT count(*) FILTER (WHERE published_at IS NULL), count(*) FILTER (WHERE published_at IS NOT NULL) FROM order_events`).
		Scan(&pending, &published); err != nil {
		t.Fatal(err)
	}
	if pending == 0 || published != 0 {
		t.Fatalf("before any dispatcher ran: %d events pending, %d published", pending, published)
	}
	// The restarted writer dispatches what the killed one committed.
	start(t, env...)
	ctx := waitfor.Context(t)
	for {
		m, err := sub.Next(ctx)
		if err != nil {
			t.Fatalf("no update after the restart: %v", err)
		}
		if testbin.At(m.Data(), "orderUpdated", "order", "status") == "PAID" {
			return
		}
	}
}

var _ = testdb.Dialects

// SIGTERM closes open WebSockets with a close frame saying why (1001, going
// away; the legacy graphql-ws protocol also gets the reason as
// connection_error), then the process exits 0.
func TestSIGTERMClosesWebSockets(t *testing.T) {
	in := start(t, "DATABASE_URL="+databaseURL(t, "sqlite3"))
	ctx := waitfor.Context(t)
	modern, err := wstest.Dial(ctx, in.base+"/graphql", wstest.TransportWS, nil)
	if err != nil {
		t.Fatal(err)
	}
	legacy, err := wstest.Dial(ctx, in.base+"/graphql", wstest.LegacyWS, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := in.Cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	m, err := legacy.Next(ctx)
	if err != nil || m.Type != "connection_error" || !strings.Contains(string(m.Payload), "shutting down") {
		t.Fatalf("legacy: %v %s %s", err, m.Type, m.Payload)
	}
	for name, c := range map[string]*wstest.Client{"graphql-transport-ws": modern, "graphql-ws": legacy} {
		_, err := c.Next(ctx)
		var ce websocket.CloseError
		if !errors.As(err, &ce) || ce.Code != websocket.StatusGoingAway || !strings.Contains(ce.Reason, "shutting down") {
			t.Fatalf("%s: close %v", name, err)
		}
	}
	if err := in.Cmd.Wait(); err != nil {
		t.Fatalf("exit: %v", err)
	}
}

// SIGTERM ends open SSE subscription streams too (without their
// "complete" event, so that clients reconnect elsewhere) and the process
// exits 0 within the drain timeout: a stream never ends by itself, and
// http.Server.Shutdown waits for it.
func TestSIGTERMEndsSSEStreams(t *testing.T) {
	in := start(t, "DATABASE_URL="+databaseURL(t, "sqlite3"), "COMPTOIR_SEED_DEMO=false", "COMPTOIR_SHUTDOWN_TIMEOUT=60s")
	const signUp = `mutation { customerCreate(input: {email: "sse@example.com", password: "correct horse"}) { userErrors { code } } }`
	const signIn = `mutation { customerAccessTokenCreate(input: {email: "sse@example.com", password: "correct horse"}) { customerAccessToken { accessToken } } }`
	in.gql(t, "", signUp, nil)
	token := testbin.At(in.gql(t, "", signIn, nil), "customerAccessTokenCreate", "customerAccessToken", "accessToken").(string)
	req, _ := http.NewRequestWithContext(waitfor.Context(t), http.MethodPost, in.base+"/graphql",
		strings.NewReader(`{"query":"subscription { myOrderUpdates { event { id } } }"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("stream: HTTP %d", resp.StatusCode)
	}
	in.waitSubscriptions(t, 1)
	began := time.Now()
	if err := in.Cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	rest, err := io.ReadAll(resp.Body) // ends when the server ends the stream
	if err != nil {
		t.Fatalf("stream: %v", err)
	}
	if strings.Contains(string(rest), "event: complete") {
		t.Fatalf("a stream ended by shutdown said complete: %q", rest)
	}
	if err := in.Cmd.Wait(); err != nil {
		t.Fatalf("exit: %v", err)
	}
	t.Logf("SIGTERM to exit with an SSE stream open: %v", time.Since(began))
}

// A storefront's client, npm's graphql-ws, subscribes to the running
// server: refused without rights, then receives the order's update.
func TestNodeGraphQLWSClient(t *testing.T) {
	node := testenv.Node(t, "clients/node")
	dbURL := databaseURL(t, "sqlite3")
	in := start(t, "DATABASE_URL="+dbURL)
	orderID, customer, admin := shopper(t, in, dbURL)
	ws := strings.Replace(in.base, "http://", "ws://", 1) + "/graphql"
	const sub = `subscription($id: ID!) { orderUpdated(orderId: $id) { event { id type } order { id status } } }`
	vars := `{"id":"` + orderID + `"}`

	out, err := exec.Command(node, "clients/node/subscribe.mjs", ws, "", sub, vars, "1").Output()
	if err != nil || !strings.Contains(string(out), "UNAUTHENTICATED") {
		t.Fatalf("anonymous: %v %s", err, out)
	}

	cmd := exec.Command(node, "clients/node/subscribe.mjs", ws, customer, sub, vars, "5")
	stdout, _ := cmd.StdoutPipe()
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	if line, _ := bufio.NewReader(stderr).ReadString('\n'); !strings.Contains(line, "subscribed") {
		t.Fatalf("client: %q", line)
	}
	in.waitSubscriptions(t, 1)
	in.gql(t, admin, `mutation($id: ID!) { orderMarkPaid(input: {orderId: $id}) { userErrors { code } } }`, map[string]any{"id": orderID})
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	timeout := time.After(waitfor.Bound)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatal("the client ended without the update")
			}
			if strings.Contains(l, `"status":"PAID"`) && strings.Contains(l, orderID) {
				return
			}
		case <-timeout:
			t.Fatalf("no update within %v", waitfor.Bound)
		}
	}
}
