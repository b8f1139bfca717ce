package examples

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/comptoir/comptoir/internal/testbin"
	"github.com/comptoir/comptoir/internal/testenv"
	"github.com/comptoir/comptoir/internal/waitfor"
)

const storefrontDir = "storefront"

// TestStorefrontCodegen: the typed documents committed in storefront/gql are
// what GraphQL Code Generator makes of ../schema.graphql and the storefront's
// operations today (regenerate: cd examples/storefront && npm run codegen).
func TestStorefrontCodegen(t *testing.T) {
	node := testenv.Node(t, storefrontDir)
	out := t.TempDir()
	cmd := exec.Command(node, "node_modules/@graphql-codegen/cli/esm/bin.js", "--config", "codegen.ts")
	cmd.Dir = storefrontDir
	cmd.Env = append(os.Environ(), "COMPTOIR_CODEGEN_OUT="+out, "NO_UPDATE_NOTIFIER=1")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("graphql-codegen: %v\n%s", err, b)
	}
	committed, err := filepath.Glob(filepath.Join(storefrontDir, "gql", "*.ts"))
	if err != nil || len(committed) == 0 {
		t.Fatalf("no committed storefront/gql/*.ts: %v", err)
	}
	generated, _ := filepath.Glob(filepath.Join(out, "*.ts"))
	if len(generated) != len(committed) {
		t.Fatalf("codegen writes %d files, %d are committed: run npm run codegen in examples/storefront", len(generated), len(committed))
	}
	for _, f := range committed {
		want, _ := os.ReadFile(filepath.Join(out, filepath.Base(f)))
		got, _ := os.ReadFile(f)
		if !bytes.Equal(want, got) {
			t.Errorf("%s is stale: run npm run codegen in examples/storefront", f)
		}
	}
}

// TestStorefront builds the storefront for production (next build), starts
// it against a fresh Comptoir (SQLite, demo catalog) and has Debian's
// chromium walk a shopper's whole journey through it (storefront/e2e/
// journey.mjs, puppeteer-core): clicks and typing, asserting what each page
// shows, failing on any console error or failed request. This test is the
// admin: it runs a promotion on the demo Backpacks category beforehand (the
// journey checks its badges and discount allocations), and when the journey
// waits on the order page, it ships the order's
// parcels and delivers them through the API, and the page must show each
// change live. The journey then reads the catalog pages again with
// JavaScript disabled. Screenshots go to $STOREFRONT_SCREENSHOTS, or
// storefront/e2e/out.
func TestStorefront(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the storefront: not in -short")
	}
	node := testenv.Node(t, storefrontDir)
	chromium := os.Getenv("CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	if _, err := os.Stat(chromium); err != nil {
		testenv.Missing(t, chromium+" is absent", "apt-get install chromium (or set CHROMIUM)")
	}

	apiAddr, shopAddr := testbin.FreeAddr(t), testbin.FreeAddr(t)
	shopURL := "http://" + shopAddr
	api := startComptoir(t, apiAddr, shopURL)
	admin := api.adminToken(t)
	api.mustGQL(t, admin, `mutation { discountCodeCreate(input: {code: "WELCOME10", discount: {kind: PERCENTAGE, value: "10"}}) { userErrors { code message } } }`, nil, "discountCodeCreate")
	api.backpackPromotion(t, admin)

	began := time.Now()
	if os.Getenv("STOREFRONT_SKIP_BUILD") == "" { // set it to rerun against the last build
		build := exec.Command(node, "node_modules/next/dist/bin/next", "build")
		build.Dir = storefrontDir
		build.Env = append(os.Environ(), "NEXT_TELEMETRY_DISABLED=1")
		if b, err := build.CombinedOutput(); err != nil {
			t.Fatalf("next build: %v\n%s", err, b)
		}
		t.Logf("next build took %v", time.Since(began).Round(time.Second))
	}

	host, port, _ := net.SplitHostPort(shopAddr)
	shop := exec.Command(node, "node_modules/next/dist/bin/next", "start", "-H", host, "-p", port)
	shop.Dir = storefrontDir
	shop.Env = append(os.Environ(), "NEXT_TELEMETRY_DISABLED=1", "COMPTOIR_API_URL="+api.base+"/graphql")
	var shopLog testbin.Buffer
	shop.Stdout, shop.Stderr = &shopLog, &shopLog
	shop.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := shop.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = syscall.Kill(-shop.Process.Pid, syscall.SIGKILL)
		_ = shop.Wait()
		if t.Failed() {
			t.Logf("next start output:\n%s", shopLog.String())
		}
	})
	waitfor.Cond(t, "the storefront to answer", func() bool {
		resp, err := http.Get(shopURL + "/")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == 200
	})

	shots := os.Getenv("STOREFRONT_SCREENSHOTS")
	if shots == "" {
		shots, _ = filepath.Abs(filepath.Join(storefrontDir, "e2e", "out"))
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	began = time.Now()
	journey := exec.Command(node, "e2e/journey.mjs")
	journey.Dir = storefrontDir
	journey.Env = append(os.Environ(), "STOREFRONT_URL="+shopURL, "CHROMIUM="+chromium, "SCREENSHOTS="+shots,
		"PROMOTION_TITLE="+backpackPromotionTitle)
	stdin, err := journey.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := journey.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr testbin.Buffer
	journey.Stderr = &stderr
	if err := journey.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = journey.Process.Kill() })
	var result string
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "AWAIT "):
			// The journey waits on the order page for the admin.
			f := strings.Fields(line)
			if len(f) != 3 {
				t.Fatalf("journey: %q", line)
			}
			t.Logf("journey awaits: %s", f[1])
			api.act(t, admin, f[1], f[2])
			if _, err := io.WriteString(stdin, "DONE\n"); err != nil {
				t.Fatalf("journey stdin: %v", err)
			}
		case strings.HasPrefix(line, "RESULT "):
			result = strings.TrimPrefix(line, "RESULT ")
		default:
			t.Log(line)
		}
	}
	err = journey.Wait()
	t.Logf("browser journey took %v", time.Since(began).Round(time.Second))
	if err != nil {
		t.Fatalf("journey: %v\n%s\nresult: %s", err, stderr.String(), result)
	}
	var r struct {
		Problems []string `json:"problems"`
		Steps    []string `json:"steps"`
	}
	if err := json.Unmarshal([]byte(result), &r); err != nil {
		t.Fatalf("journey result %q: %v\n%s", result, err, stderr.String())
	}
	if len(r.Problems) > 0 {
		t.Fatalf("journey problems:\n%s", strings.Join(r.Problems, "\n"))
	}
	t.Logf("journey steps: %s; screenshots in %s", strings.Join(r.Steps, ", "), shots)
}

type comptoirAPI struct {
	base, dbURL, binary string
}

// startComptoir builds the server, starts it on a fresh SQLite store (the
// demo catalog is seeded) with the storefront's origin allowed, and bootstraps
// an admin with the binary's own command.
func startComptoir(t *testing.T, addr, shopURL string) *comptoirAPI {
	t.Helper()
	dir := t.TempDir()
	bin, cleanup, err := testbin.Build("..")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cleanup)
	dbURL := "sqlite:" + filepath.Join(dir, "comptoir.db")
	env := append(testbin.CleanEnv(), "DATABASE_URL="+dbURL)
	if b, err := commandEnv(bin, env, "admin", "create", "--email", "admin@example.com", "--password", "correct horse battery").CombinedOutput(); err != nil {
		t.Fatalf("admin create: %v\n%s", err, b)
	}
	cmd := commandEnv(bin, append(env, "COMPTOIR_ADDR="+addr, "COMPTOIR_CORS_ORIGINS="+shopURL, "COMPTOIR_STOREFRONT_URL="+shopURL))
	cmd.Dir = dir
	testbin.Start(t, cmd)
	return &comptoirAPI{base: "http://" + addr, dbURL: dbURL, binary: bin}
}

func commandEnv(bin string, env []string, args ...string) *exec.Cmd {
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	return cmd
}

func (a *comptoirAPI) gql(t *testing.T, token, query string, vars map[string]any) (map[string]any, []any) {
	t.Helper()
	return testbin.Post(t, a.base, token, query, vars)
}

// mustGQL runs an operation that must succeed with no errors and no
// userErrors in payload.
func (a *comptoirAPI) mustGQL(t *testing.T, token, query string, vars map[string]any, payload string) map[string]any {
	t.Helper()
	d, errs := a.gql(t, token, query, vars)
	if len(errs) > 0 {
		t.Fatalf("%s: %v", query, errs)
	}
	if payload != "" {
		if ue, _ := testbin.At(d, payload, "userErrors").([]any); len(ue) > 0 {
			t.Fatalf("%s: userErrors %v", payload, ue)
		}
	}
	return d
}

func (a *comptoirAPI) adminToken(t *testing.T) string {
	t.Helper()
	d := a.mustGQL(t, "", `mutation { customerAccessTokenCreate(input: {email: "admin@example.com", password: "correct horse battery"}) { customerAccessToken { accessToken } userErrors { code message } } }`, nil, "customerAccessTokenCreate")
	tok, _ := testbin.At(d, "customerAccessTokenCreate", "customerAccessToken", "accessToken").(string)
	if tok == "" {
		t.Fatalf("admin sign-in: %v", d)
	}
	return tok
}

// The promotion the journey sees: its badge on the backpacks (and on no
// product of another category) and its allocation in a cart holding one.
const backpackPromotionTitle = "Backpack week -15%"

// backpackPromotion has the admin run a platform promotion on the demo
// catalog's Backpacks category, so the journey's backpack carries its badge
// and its cart a discount allocation by that title.
func (a *comptoirAPI) backpackPromotion(t *testing.T, admin string) {
	t.Helper()
	d := a.mustGQL(t, "", `{ categories(first: 100) { edges { node { id name } } } }`, nil, "")
	var id string
	for _, e := range testbin.At(d, "categories", "edges").([]any) {
		n := e.(map[string]any)["node"].(map[string]any)
		if n["name"] == "Backpacks" {
			id, _ = n["id"].(string)
		}
	}
	if id == "" {
		t.Fatalf("the demo catalog has no Backpacks category: %v", d)
	}
	a.mustGQL(t, admin, `mutation($in: PromotionCreateInput!) { promotionCreate(input: $in) { promotion { id } userErrors { field code message } } }`,
		map[string]any{"in": map[string]any{"promotion": map[string]any{
			"title": backpackPromotionTitle, "kind": "PERCENTAGE", "value": "15", "categoryIds": []string{id},
		}}}, "promotionCreate")
}

// subscriptions reads the comptoir_pubsub_subscriptions gauge.
func (a *comptoirAPI) subscriptions(t *testing.T) int {
	return int(testbin.Gauge(t, a.base, "comptoir_pubsub_subscriptions"))
}

// act is what the admin does while the shopper watches the order page:
// ship-first ships one seller's parcel, ship-rest the others, deliver marks
// every parcel delivered. Each waits until the page's subscription is
// registered, since what is published before is not delivered.
func (a *comptoirAPI) act(t *testing.T, admin, what, orderID string) {
	t.Helper()
	waitfor.Cond(t, "the order page's subscription", func() bool { return a.subscriptions(t) >= 1 })
	d := a.mustGQL(t, admin, `query($id: ID!) { order(id: $id) { status lines(first: 100) { edges { node { id sellerId quantity fulfilledQuantity } } } fulfillments { id status } } }`, map[string]any{"id": orderID}, "")
	order, _ := d["order"].(map[string]any)
	if order == nil {
		t.Fatalf("admin cannot read order %s: %v", orderID, d)
	}
	switch what {
	case "ship-first", "ship-rest":
		bySeller := map[string][]map[string]any{}
		for _, e := range testbin.At(order, "lines", "edges").([]any) {
			n := e.(map[string]any)["node"].(map[string]any)
			left := int(n["quantity"].(float64)) - int(n["fulfilledQuantity"].(float64))
			if left > 0 {
				s := n["sellerId"].(string)
				bySeller[s] = append(bySeller[s], map[string]any{"orderLineId": n["id"], "quantity": left})
			}
		}
		sellers := make([]string, 0, len(bySeller))
		for s := range bySeller {
			sellers = append(sellers, s)
		}
		sort.Strings(sellers)
		if what == "ship-first" && len(sellers) > 1 {
			sellers = sellers[:1]
		}
		for i, s := range sellers {
			a.mustGQL(t, admin, `mutation($in: FulfillmentCreateInput!) { fulfillmentCreate(input: $in) { fulfillment { id } userErrors { field code message } } }`,
				map[string]any{"in": map[string]any{"orderId": orderID, "lines": bySeller[s], "carrier": "Colissimo",
					"trackingNumber": fmt.Sprintf("TRK%s%d", strings.ToUpper(strings.ReplaceAll(what, "-", "")), i), "trackingUrl": "http://127.0.0.1/track"}}, "fulfillmentCreate")
		}
	case "deliver":
		for _, f := range order["fulfillments"].([]any) {
			a.mustGQL(t, admin, `mutation($in: FulfillmentTrackingUpdateInput!) { fulfillmentTrackingUpdate(input: $in) { fulfillment { id } userErrors { field code message } } }`,
				map[string]any{"in": map[string]any{"fulfillmentId": f.(map[string]any)["id"], "status": "DELIVERED", "message": "Left with the concierge", "location": "Lyon"}}, "fulfillmentTrackingUpdate")
		}
	default:
		t.Fatalf("journey awaits an unknown action %q", what)
	}
}
