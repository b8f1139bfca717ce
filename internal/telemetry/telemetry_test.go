package telemetry

import (
	"context"
	"testing"
)

func TestSetupIsOffUnlessAnEndpointIsSet(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		on   bool
	}{
		{"nothing set", nil, false},
		{"only a service name", map[string]string{"OTEL_SERVICE_NAME": "x"}, false},
		{"endpoint", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"}, true},
		{"traces endpoint", map[string]string{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://127.0.0.1:4318/v1/traces"}, true},
		{"SDK disabled", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318", "OTEL_SDK_DISABLED": "true"}, false},
		{"exporter none", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318", "OTEL_TRACES_EXPORTER": "none"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for k, v := range c.env {
				t.Setenv(k, v) // the exporter reads the process environment too
			}
			tr, err := Setup(context.Background(), func(k string) string { return c.env[k] })
			if err != nil {
				t.Fatal(err)
			}
			defer tr.Shutdown(context.Background())
			if tr.Enabled() != c.on {
				t.Fatalf("enabled %v, want %v", tr.Enabled(), c.on)
			}
			if !c.on && tr.Provider != nil {
				t.Fatal("a provider while off")
			}
		})
	}
}
