package server

import (
	"regexp"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the server's Prometheus collectors.
type Metrics struct {
	Registry        *prometheus.Registry
	DBQueries       prometheus.Counter
	RequestDuration *prometheus.HistogramVec
	HTTPRequests    *prometheus.CounterVec

	mu  sync.Mutex
	ops map[string]bool
}

// maxOperations bounds the label values clients can create.
const maxOperations = 200

var opNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,63}$`)

// operationLabel keeps operation names usable as a label: anonymous
// operations, odd names and names past the first 200 are grouped.
func (m *Metrics) operationLabel(name string) string {
	switch {
	case name == "":
		return "anonymous"
	case !opNameRE.MatchString(name):
		return "other"
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ops[name] {
		return name
	}
	if len(m.ops) >= maxOperations {
		return "other"
	}
	m.ops[name] = true
	return name
}
