package config

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/comptoir/comptoir/internal/auth"
	"github.com/comptoir/comptoir/internal/store"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaults(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":8080" || c.Env != Development || !c.Playground || !c.Introspection || !c.SeedDemo ||
		c.DatabaseURL != "sqlite:comptoir.db" || c.LogFormat != "text" || c.MaxBodyBytes != 1<<20 {
		t.Fatalf("unexpected defaults: %+v", c)
	}
}

func TestProductionTurnsDevToolsOff(t *testing.T) {
	prod := map[string]string{"COMPTOIR_ENV": "production"}
	if _, err := Load(env(prod)); err == nil || !strings.Contains(err.Error(), "COMPTOIR_JWT_KEYS") {
		t.Fatalf("production without keys: %v", err)
	}
	k, _ := auth.NewKey()
	key := k.ID + ":" + k.Seed()
	c, err := Load(env(map[string]string{"COMPTOIR_ENV": "production", "COMPTOIR_JWT_KEYS": key, "SMTP_URL": "smtp://mail.example.com"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Playground || c.Introspection || c.SeedDemo || c.LogFormat != "json" {
		t.Fatalf("production defaults: %+v", c)
	}
	c, err = Load(env(map[string]string{"COMPTOIR_ENV": "production", "COMPTOIR_JWT_KEYS": key, "SMTP_URL": "smtp://mail.example.com", "COMPTOIR_PLAYGROUND": "true", "COMPTOIR_INTROSPECTION": "1"}))
	if err != nil || !c.Playground || !c.Introspection {
		t.Fatalf("explicit enable in production: %+v, %v", c, err)
	}
}

func TestInvalidValuesNameTheVariable(t *testing.T) {
	for name, val := range map[string]string{
		"COMPTOIR_ENV":                   "staging",
		"DATABASE_URL":                   "mysql://x",
		"REDIS_URL":                      "http://nope",
		"COMPTOIR_ADDR":                  "8080",
		"COMPTOIR_PLAYGROUND":            "maybe",
		"COMPTOIR_LOG_LEVEL":             "loud",
		"COMPTOIR_LOG_FORMAT":            "xml",
		"COMPTOIR_CURRENCY":              "XXX",
		"COMPTOIR_SHUTDOWN_TIMEOUT":      "soon",
		"COMPTOIR_MAX_DEPTH":             "-1",
		"COMPTOIR_MAX_BODY_BYTES":        "lots",
		"COMPTOIR_JWT_KEYS":              "kid:not-a-seed",
		"COMPTOIR_ACCESS_TOKEN_TTL":      "1s",
		"SMTP_URL":                       "http://mail",
		"COMPTOIR_MAIL_LOG":              "sometimes",
		"COMPTOIR_STOREFRONT_URL":        "shop",
		"COMPTOIR_CORS_ORIGINS":          "https://shop.example.com/cart",
		"COMPTOIR_METRICS_ADDR":          "9090",
		"COMPTOIR_METRICS_TOKEN":         "short",
		"COMPTOIR_METRICS_OPERATIONS":    "Good,not-a-name",
		"COMPTOIR_DB_MAX_OPEN":           "0",
		"COMPTOIR_DB_MAX_IDLE":           "-1",
		"COMPTOIR_DB_CONN_MAX_LIFETIME":  "forever",
		"COMPTOIR_DB_CONN_MAX_IDLE_TIME": "10ms",
		"COMPTOIR_WORKER_INTERVAL":       "100ms",
		"COMPTOIR_OUTBOX_INTERVAL":       "1s",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Load(env(map[string]string{name: val}))
			if err == nil {
				t.Fatalf("%s=%q accepted", name, val)
			}
			msg := err.Error()
			if !strings.Contains(msg, name) || strings.Contains(msg, "\n") {
				t.Fatalf("error %q should be one line naming %s", msg, name)
			}
		})
	}
}

func TestCORSOrigins(t *testing.T) {
	k, _ := auth.NewKey()
	prod := map[string]string{"COMPTOIR_ENV": "production", "COMPTOIR_JWT_KEYS": k.ID + ":" + k.Seed(), "COMPTOIR_MAIL_LOG": "true"}
	with := func(base map[string]string, kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	for _, tc := range []struct {
		name string
		env  map[string]string
		want string // the list as matched, comma-joined; "ERR" for an error naming the variable
	}{
		{"development default", nil, "http://localhost:3000,http://localhost:*"},
		{"development follows the storefront", with(nil, "COMPTOIR_STOREFRONT_URL", "https://shop.example.com/fr/"), "https://shop.example.com,http://localhost:*"},
		{"production default: none", prod, ""},
		{"production list", with(prod, "COMPTOIR_CORS_ORIGINS", "https://shop.example.com, https://*.example.com"), "https://shop.example.com,https://*.example.com"},
		{"an explicit list replaces the development default", with(nil, "COMPTOIR_CORS_ORIGINS", "https://shop.example.com"), "https://shop.example.com"},
		{"default port dropped", with(nil, "COMPTOIR_CORS_ORIGINS", "https://shop.example.com:443"), "https://shop.example.com"},
		{"any port", with(prod, "COMPTOIR_CORS_ORIGINS", "http://localhost:*,http://127.0.0.1:*"), "http://localhost:*,http://127.0.0.1:*"},
		{"star alone", with(prod, "COMPTOIR_CORS_ORIGINS", "*"), "ERR"},
		{"no scheme", with(nil, "COMPTOIR_CORS_ORIGINS", "shop.example.com"), "ERR"},
		{"a path", with(nil, "COMPTOIR_CORS_ORIGINS", "https://shop.example.com/app"), "ERR"},
		{"wildcard inside a label", with(nil, "COMPTOIR_CORS_ORIGINS", "https://shop-*.example.com"), "ERR"},
		{"bad port", with(nil, "COMPTOIR_CORS_ORIGINS", "http://localhost:99999"), "ERR"},
		{"one bad entry among good ones", with(nil, "COMPTOIR_CORS_ORIGINS", "https://a.example.com,ws://b.example.com"), "ERR"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Load(env(tc.env))
			if tc.want == "ERR" {
				if err == nil {
					t.Fatalf("accepted as %v", c.CORSOrigins.Strings())
				}
				if msg := err.Error(); !strings.Contains(msg, "COMPTOIR_CORS_ORIGINS") || strings.Contains(msg, "\n") {
					t.Fatalf("error %q should be one line naming COMPTOIR_CORS_ORIGINS", msg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(c.CORSOrigins.Strings(), ","); got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestREADMEDocumentsEveryVariable keeps the README table in step with Vars.
func TestREADMEDocumentsEveryVariable(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range Vars {
		if !strings.Contains(string(b), "| `"+v.Name+"` |") {
			t.Errorf("README.md has no table row for %s", v.Name)
		}
	}
}

// Production refuses to start without a way to send mail: the links in
// account mails would otherwise only be in the log. Logging mails instead
// is a choice made explicitly.
func TestProductionRequiresSMTPUnlessMailLogging(t *testing.T) {
	k, _ := auth.NewKey()
	base := map[string]string{"COMPTOIR_ENV": "production", "COMPTOIR_JWT_KEYS": k.ID + ":" + k.Seed()}
	with := func(kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	if _, err := Load(env(base)); err == nil || !strings.Contains(err.Error(), "SMTP_URL") || !strings.Contains(err.Error(), "COMPTOIR_MAIL_LOG") {
		t.Fatalf("production without SMTP_URL: %v", err)
	}
	if _, err := Load(env(with("COMPTOIR_MAIL_LOG", "false"))); err == nil {
		t.Fatal("production with COMPTOIR_MAIL_LOG=false and no SMTP_URL started")
	}
	if c, err := Load(env(with("COMPTOIR_MAIL_LOG", "true"))); err != nil || !c.MailLog || c.SMTPURL != "" {
		t.Fatalf("production, mail logging allowed: %+v %v", c, err)
	}
	if c, err := Load(env(with("SMTP_URL", "smtps://u:p@mail.example.com"))); err != nil || c.MailLog {
		t.Fatalf("production with SMTP_URL: %+v %v", c, err)
	}
	// Development logs mails by default, and may refuse to as well.
	if c, err := Load(env(nil)); err != nil || !c.MailLog {
		t.Fatalf("development default: %+v %v", c, err)
	}
	if _, err := Load(env(map[string]string{"COMPTOIR_MAIL_LOG": "false"})); err == nil || !strings.Contains(err.Error(), "SMTP_URL") {
		t.Fatalf("development without SMTP_URL nor mail logging: %v", err)
	}
}

func TestDBPool(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.DBPool != store.DefaultPool || c.DBPool.MaxOpen != 10 || c.DBPool.MaxIdle != 10 ||
		c.DBPool.MaxLifetime != 30*time.Minute || c.DBPool.MaxIdleTime != time.Minute || c.WorkerInterval != time.Minute {
		t.Fatalf("defaults: %+v, worker interval %v", c.DBPool, c.WorkerInterval)
	}
	c, err = Load(env(map[string]string{"COMPTOIR_DB_MAX_OPEN": "4", "COMPTOIR_DB_MAX_IDLE": "0",
		"COMPTOIR_DB_CONN_MAX_LIFETIME": "0", "COMPTOIR_DB_CONN_MAX_IDLE_TIME": "30s", "COMPTOIR_WORKER_INTERVAL": "5m"}))
	if err != nil {
		t.Fatal(err)
	}
	if want := (store.Pool{MaxOpen: 4, MaxIdle: 0, MaxLifetime: 0, MaxIdleTime: 30 * time.Second}); c.DBPool != want || c.WorkerInterval != 5*time.Minute {
		t.Fatalf("got %+v, want %+v", c.DBPool, want)
	}
	// A single connection keeps at most that one idle.
	if c, err := Load(env(map[string]string{"COMPTOIR_DB_MAX_OPEN": "1"})); err != nil || c.DBPool.MaxIdle != 1 {
		t.Fatalf("MAX_OPEN=1: %+v %v", c, err)
	}
	_, err = Load(env(map[string]string{"COMPTOIR_DB_MAX_OPEN": "4", "COMPTOIR_DB_MAX_IDLE": "5"}))
	if err == nil || !strings.Contains(err.Error(), "COMPTOIR_DB_MAX_IDLE") || !strings.Contains(err.Error(), "COMPTOIR_DB_MAX_OPEN") {
		t.Fatalf("more idle than open: %v", err)
	}
}

// The reconciler's delay is bounded, and the crash-test failpoint is
// refused in production.
func TestPaymentReconcileAndTestHold(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil || c.ReconcileAfter.String() != "2m0s" || c.TestHoldBeforeRecord {
		t.Fatalf("defaults: %v %v %v", c.ReconcileAfter, c.TestHoldBeforeRecord, err)
	}
	for _, v := range []string{"30s", "25h", "soon"} {
		if _, err := Load(env(map[string]string{"COMPTOIR_PAYMENT_RECONCILE_AFTER": v})); err == nil || !strings.Contains(err.Error(), "COMPTOIR_PAYMENT_RECONCILE_AFTER") {
			t.Errorf("%s: %v", v, err)
		}
	}
	if c, err := Load(env(map[string]string{"COMPTOIR_PAYMENT_RECONCILE_AFTER": "5m", "COMPTOIR_TEST_HOLD_BEFORE_RECORD": "true"})); err != nil || c.ReconcileAfter.String() != "5m0s" || !c.TestHoldBeforeRecord {
		t.Fatalf("set: %+v %v", c, err)
	}
	k, _ := auth.NewKey()
	prod := map[string]string{"COMPTOIR_ENV": "production", "COMPTOIR_JWT_KEYS": k.ID + ":" + k.Seed(), "SMTP_URL": "smtp://mail.example.com", "COMPTOIR_TEST_HOLD_BEFORE_RECORD": "true"}
	if _, err := Load(env(prod)); err == nil || !strings.Contains(err.Error(), "COMPTOIR_TEST_HOLD_BEFORE_RECORD") {
		t.Fatalf("production with the test hold: %v", err)
	}
}
