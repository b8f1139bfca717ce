package config

import (
	"os"
	"strings"
	"testing"

	"github.com/comptoir/comptoir/internal/auth"
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
	c, err := Load(env(map[string]string{"COMPTOIR_ENV": "production", "COMPTOIR_JWT_KEYS": key}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Playground || c.Introspection || c.SeedDemo || c.LogFormat != "json" {
		t.Fatalf("production defaults: %+v", c)
	}
	c, err = Load(env(map[string]string{"COMPTOIR_ENV": "production", "COMPTOIR_JWT_KEYS": key, "COMPTOIR_PLAYGROUND": "true", "COMPTOIR_INTROSPECTION": "1"}))
	if err != nil || !c.Playground || !c.Introspection {
		t.Fatalf("explicit enable in production: %+v, %v", c, err)
	}
}

func TestInvalidValuesNameTheVariable(t *testing.T) {
	for name, val := range map[string]string{
		"COMPTOIR_ENV":                "staging",
		"DATABASE_URL":                "mysql://x",
		"REDIS_URL":                   "http://nope",
		"COMPTOIR_ADDR":               "8080",
		"COMPTOIR_PLAYGROUND":         "maybe",
		"COMPTOIR_LOG_LEVEL":          "loud",
		"COMPTOIR_LOG_FORMAT":         "xml",
		"COMPTOIR_CURRENCY":           "XXX",
		"COMPTOIR_SHUTDOWN_TIMEOUT":   "soon",
		"COMPTOIR_MAX_DEPTH":          "-1",
		"COMPTOIR_MAX_BODY_BYTES":     "lots",
		"COMPTOIR_JWT_KEYS":           "kid:not-a-seed",
		"COMPTOIR_ACCESS_TOKEN_TTL":   "1s",
		"SMTP_URL":                    "http://mail",
		"COMPTOIR_STOREFRONT_URL":     "shop",
		"COMPTOIR_METRICS_ADDR":       "9090",
		"COMPTOIR_METRICS_TOKEN":      "short",
		"COMPTOIR_METRICS_OPERATIONS": "Good,not-a-name",
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
