package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/comptoir/comptoir/internal/testdb"
	"github.com/comptoir/comptoir/internal/wstest"
)

// redisURL is TEST_REDIS_URL; without it the test skips (fails in CI).
func redisURL(t *testing.T) string {
	u := os.Getenv("TEST_REDIS_URL")
	if u == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("TEST_REDIS_URL is not set: CI must run the multi-instance tests")
		}
		t.Skip("multi-instance tests skipped: set TEST_REDIS_URL and TEST_POSTGRES_URL")
	}
	return u
}

// instance is a running server process.
type instance struct {
	cmd  *exec.Cmd
	base string
}

// start runs the binary with env and waits until it listens.
func start(t *testing.T, env ...string) *instance {
	t.Helper()
	addr := freePort(t)
	cmd := exec.Command(binary)
	cmd.Dir = t.TempDir()
	cmd.Env = append(append(cleanEnv(), "COMPTOIR_ADDR="+addr), env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stderr)
		signalled := false
		for sc.Scan() {
			if !signalled && strings.Contains(sc.Text(), "Comptoir is listening") {
				close(ready)
				signalled = true
			}
		}
	}()
	select {
	case <-ready:
	case <-time.After(60 * time.Second):
		t.Fatal("instance did not start")
	}
	return &instance{cmd: cmd, base: "http://" + addr}
}

// gql posts an operation to an instance.
func (in *instance) gql(t *testing.T, token, query string, vars map[string]any) map[string]any {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, in.base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Data   map[string]any `json:"data"`
		Errors []any          `json:"errors"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || len(out.Errors) > 0 {
		t.Fatalf("%s: %v %v", query, err, out.Errors)
	}
	return out.Data
}

func at(v any, path ...string) any {
	for _, p := range path {
		m, _ := v.(map[string]any)
		v = m[p]
	}
	return v
}

// shopper signs up a customer and an admin on an instance and places a
// manual-payment order; it returns the order id and both tokens.
func shopper(t *testing.T, in *instance, dbURL string) (orderID, customer, admin string) {
	t.Helper()
	const signUp = `mutation($e: String!) { customerCreate(input: {email: $e, password: "correct horse"}) { userErrors { code } } }`
	const signIn = `mutation($e: String!) { customerAccessTokenCreate(input: {email: $e, password: "correct horse"}) { customerAccessToken { accessToken } } }`
	in.gql(t, "", signUp, map[string]any{"e": "buyer@example.com"})
	customer = at(in.gql(t, "", signIn, map[string]any{"e": "buyer@example.com"}), "customerAccessTokenCreate", "customerAccessToken", "accessToken").(string)
	if code, _, errOut := comptoir(t, []string{"DATABASE_URL=" + dbURL}, "admin", "create", "--email", "staff@example.com", "--password", "correct horse"); code != 0 {
		t.Fatalf("admin create: %s", errOut)
	}
	admin = at(in.gql(t, "", signIn, map[string]any{"e": "staff@example.com"}), "customerAccessTokenCreate", "customerAccessToken", "accessToken").(string)
	d := in.gql(t, "", `{ products(first: 1, where: {inStock: true}) { edges { node { variants(first: 1) { edges { node { id } } } } } } }`, nil)
	variant := at(d["products"].(map[string]any)["edges"].([]any)[0], "node", "variants")
	vid := at(variant.(map[string]any)["edges"].([]any)[0], "node", "id").(string)
	c := at(in.gql(t, customer, `mutation($v: ID!) { cartCreate(input: {lines: [{merchandiseId: $v, quantity: 1}]}) { cart { id } } }`, map[string]any{"v": vid}), "cartCreate", "cart", "id").(string)
	d = in.gql(t, customer, `mutation($c: ID!) { cartShippingAddressUpdate(input: {cartId: $c, address: {address1: "1 rue", city: "Lyon", countryCode: "FR"}}) { cart { availableShippingMethods { id } } } }`, map[string]any{"c": c})
	method := at(at(d, "cartShippingAddressUpdate", "cart", "availableShippingMethods").([]any)[0], "id").(string)
	in.gql(t, customer, `mutation($c: ID!, $m: ID!) { cartSelectShippingMethod(input: {cartId: $c, shippingMethodId: $m}) { userErrors { code } } }`, map[string]any{"c": c, "m": method})
	d = in.gql(t, customer, `mutation($c: ID!, $k: String!) { checkoutComplete(input: {cartId: $c, idempotencyKey: $k, payment: {provider: "manual"}}) { order { id } userErrors { code message } } }`,
		map[string]any{"c": c, "k": "multi-instance-0001"})
	id, _ := at(d, "checkoutComplete", "order", "id").(string)
	if id == "" {
		t.Fatalf("checkout: %v", d)
	}
	return id, customer, admin
}

func subscribe(t *testing.T, in *instance, token, orderID string) *wstest.Client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := wstest.Dial(ctx, in.base+"/graphql", wstest.TransportWS, map[string]any{"Authorization": "Bearer " + token})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	if err := c.Subscribe(ctx, "1", `subscription($id: ID!) { orderUpdated(orderId: $id) { order { id status } } }`, map[string]any{"id": orderID}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // the subscription registers asynchronously
	return c
}

// A client subscribed on instance A receives, within a second, the update
// caused by a mutation on instance B (PostgreSQL and Redis shared).
func TestSubscriptionAcrossInstances(t *testing.T) {
	rURL := redisURL(t)
	dbURL := databaseURL(t, "postgres")
	env := []string{"DATABASE_URL=" + dbURL, "REDIS_URL=" + rURL}
	a := start(t, env...)
	b := start(t, env...)
	orderID, customer, admin := shopper(t, b, dbURL)
	sub := subscribe(t, a, customer, orderID)

	began := time.Now()
	b.gql(t, admin, `mutation($id: ID!) { orderMarkPaid(input: {orderId: $id}) { userErrors { code } } }`, map[string]any{"id": orderID})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var took time.Duration
	for {
		m, err := sub.Next(ctx)
		took = time.Since(began)
		if err != nil {
			t.Fatalf("update on A: %v", err)
		}
		if at(m.Data(), "orderUpdated", "order", "status") == "PAID" {
			break
		}
	}
	t.Logf("mutation on B to update on A: %v", took)
	if took > time.Second {
		t.Fatalf("the update took %v, want under 1s", took)
	}
}

// An event committed by an instance killed before it could publish it is
// published after the restart: the outbox is in the database, not in the
// process.
func TestOutboxSurvivesSIGKILL(t *testing.T) {
	rURL := redisURL(t)
	dbURL := databaseURL(t, "postgres")
	env := []string{"DATABASE_URL=" + dbURL, "REDIS_URL=" + rURL}
	// The listener publishes nothing itself; the writer's dispatcher is off
	// so that its commit stays unpublished until it dies.
	listener := start(t, append(env, "COMPTOIR_OUTBOX_DISPATCH=false")...)
	writer := start(t, append(env, "COMPTOIR_OUTBOX_DISPATCH=false")...)
	orderID, customer, admin := shopper(t, writer, dbURL)
	sub := subscribe(t, listener, customer, orderID)
	writer.gql(t, admin, `mutation($id: ID!) { orderMarkPaid(input: {orderId: $id}) { userErrors { code } } }`, map[string]any{"id": orderID})
	if err := writer.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = writer.cmd.Wait()

	ctx, cancel := context.WithTimeout(context.Background(), 700*time.Millisecond)
	if m, err := sub.Next(ctx); err == nil {
		t.Fatalf("an update came before any dispatcher ran: %s", m.Payload)
	}
	cancel()
	// The restarted writer dispatches what the killed one committed. (A
	// read that timed out leaves the client unusable: subscribe anew first.)
	sub = subscribe(t, listener, customer, orderID)
	start(t, env...)
	ctx, cancel = context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for {
		m, err := sub.Next(ctx)
		if err != nil {
			t.Fatalf("no update after the restart: %v", err)
		}
		if at(m.Data(), "orderUpdated", "order", "status") == "PAID" {
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
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	modern, err := wstest.Dial(ctx, in.base+"/graphql", wstest.TransportWS, nil)
	if err != nil {
		t.Fatal(err)
	}
	legacy, err := wstest.Dial(ctx, in.base+"/graphql", wstest.LegacyWS, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := in.cmd.Process.Signal(syscall.SIGTERM); err != nil {
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
	if err := in.cmd.Wait(); err != nil {
		t.Fatalf("exit: %v", err)
	}
}

// A storefront's client, npm's graphql-ws, subscribes to the running
// server: refused without rights, then receives the order's update.
func TestNodeGraphQLWSClient(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node is not installed: CI must run the npm graphql-ws test")
		}
		t.Skip("node not found: npm graphql-ws test skipped")
	}
	if _, err := os.Stat("clients/node/node_modules/graphql-ws"); err != nil {
		if out, err := exec.Command("npm", "ci", "--prefix", "clients/node", "--no-audit", "--no-fund").CombinedOutput(); err != nil {
			t.Fatalf("npm ci: %v\n%s", err, out)
		}
	}
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
	time.Sleep(500 * time.Millisecond) // the server registers the subscription
	in.gql(t, admin, `mutation($id: ID!) { orderMarkPaid(input: {orderId: $id}) { userErrors { code } } }`, map[string]any{"id": orderID})
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	timeout := time.After(10 * time.Second)
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
			t.Fatal("no update within 10 s")
		}
	}
}
