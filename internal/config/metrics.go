package config

import (
	"fmt"
	"net"
	"regexp"
	"strconv"
	"strings"
)

// Metrics is where /metrics is served and which operation names become
// labels.
type Metrics struct {
	// Addr, when set, is a listener of its own serving /metrics (e.g.
	// 127.0.0.1:9090); the public listener then serves it only with Token.
	Addr string
	// Token, when set, is required as "Authorization: Bearer <token>" on
	// the public /metrics.
	Token string
	// Operations are operation names kept as labels besides persisted ones;
	// any other name is counted as "other".
	Operations []string
}

// PublicMetrics says whether the public listener serves /metrics: always
// with a token; without one, only in development with no listener of its own.
func (c *Config) PublicMetrics() bool {
	return c.Metrics.Token != "" || (c.Metrics.Addr == "" && c.Env == Development)
}

var operationNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,63}$`)

// loadMetrics reads COMPTOIR_METRICS_ADDR, COMPTOIR_METRICS_TOKEN and
// COMPTOIR_METRICS_OPERATIONS.
func loadMetrics(c *Config, getenv func(string) string) error {
	c.Metrics.Addr = strings.TrimSpace(getenv("COMPTOIR_METRICS_ADDR"))
	if c.Metrics.Addr != "" {
		_, port, err := net.SplitHostPort(c.Metrics.Addr)
		if err != nil {
			return &Error{"COMPTOIR_METRICS_ADDR", fmt.Sprintf("must be host:port such as 127.0.0.1:9090, got %q", c.Metrics.Addr)}
		}
		if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
			return &Error{"COMPTOIR_METRICS_ADDR", fmt.Sprintf("port must be a number from 0 to 65535, got %q", port)}
		}
	}
	c.Metrics.Token = getenv("COMPTOIR_METRICS_TOKEN")
	if t := c.Metrics.Token; t != "" && (len(t) < 16 || strings.ContainsAny(t, " \t\r\n")) {
		return &Error{"COMPTOIR_METRICS_TOKEN", "must be at least 16 characters with no spaces"}
	}
	if v := getenv("COMPTOIR_METRICS_OPERATIONS"); v != "" {
		for _, name := range strings.Split(v, ",") {
			name = strings.TrimSpace(name)
			if name == "" {
				continue
			}
			if !operationNameRE.MatchString(name) {
				return &Error{"COMPTOIR_METRICS_OPERATIONS", fmt.Sprintf("must be comma-separated GraphQL operation names, got %q", name)}
			}
			c.Metrics.Operations = append(c.Metrics.Operations, name)
		}
	}
	return nil
}
