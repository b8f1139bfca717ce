package config

import (
	"slices"
	"testing"
)

func TestMetricsSettings(t *testing.T) {
	c, err := Load(env(map[string]string{"COMPTOIR_METRICS_OPERATIONS": " ProductGrid, CartView ,,", "COMPTOIR_METRICS_ADDR": "127.0.0.1:9090"}))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.Metrics.Operations, []string{"ProductGrid", "CartView"}) || c.Metrics.Addr != "127.0.0.1:9090" {
		t.Fatalf("metrics settings %+v", c.Metrics)
	}
	for _, tc := range []struct {
		env, addr, token string
		public           bool
	}{
		{Development, "", "", true},
		{Development, "127.0.0.1:9090", "", false},
		{Production, "", "", false},
		{Production, "127.0.0.1:9090", "", false},
		{Production, "", "0123456789abcdef", true},
		{Production, "127.0.0.1:9090", "0123456789abcdef", true},
	} {
		c := &Config{Env: tc.env, Metrics: Metrics{Addr: tc.addr, Token: tc.token}}
		if got := c.PublicMetrics(); got != tc.public {
			t.Errorf("%+v: public %v, want %v", tc, got, tc.public)
		}
	}
}
