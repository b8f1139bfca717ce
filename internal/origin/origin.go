// Package origin decides which web origins may call the API from a browser.
// One allow-list, read from COMPTOIR_CORS_ORIGINS, answers CORS, the
// WebSocket upgrade and Server-Sent Events alike.
//
// A pattern is scheme://host[:port] with scheme http or https:
//
//	https://shop.example.com   that origin only (the default port of the scheme)
//	https://*.example.com      any subdomain, at any depth; not example.com itself
//	http://localhost:*         any port, the default one included
//
// Hosts are compared case-insensitively and must be written in ASCII
// (punycode), as browsers send them; a default port (:80 for http, :443 for
// https) is the same as none.
package origin

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
)

// Pattern is one entry of the allow-list.
type Pattern struct {
	scheme     string
	host       string // without the "*." of a wildcard
	subdomains bool   // "*.host": any subdomain of host
	port       string // "" for the default port, "*" for any
}

// List is the allow-list; the zero value allows no other origin.
type List []Pattern

// ParseList reads a comma-separated list of patterns ("" is the empty list).
func ParseList(s string) (List, error) {
	var l List
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		p, err := Parse(f)
		if err != nil {
			return nil, err
		}
		l = append(l, p)
	}
	return l, nil
}

// Parse reads one pattern. A trailing slash is tolerated (URLs are often
// pasted with one); a path, query, user or any other wildcard is refused.
func Parse(s string) (Pattern, error) {
	scheme, host, port, err := split(strings.TrimSuffix(s, "/"))
	if err != nil {
		return Pattern{}, fmt.Errorf("%q: %w", s, err)
	}
	if scheme != "http" && scheme != "https" {
		return Pattern{}, fmt.Errorf("%q: the scheme must be http or https", s)
	}
	p := Pattern{scheme: scheme, host: host, port: normalPort(scheme, port)}
	if rest, ok := strings.CutPrefix(host, "*."); ok {
		p.host, p.subdomains = rest, true
	}
	if !validHost(p.host) {
		return Pattern{}, fmt.Errorf("%q: the host must be a DNS name or an IP address, with at most a leading *. as wildcard", s)
	}
	if port != "*" && port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return Pattern{}, fmt.Errorf("%q: the port must be a number from 1 to 65535, or *", s)
		}
	}
	return p, nil
}

// String returns the pattern as it is matched.
func (p Pattern) String() string {
	s := p.scheme + "://"
	if p.subdomains {
		s += "*."
	}
	s += p.host
	if p.port != "" {
		s += ":" + p.port
	}
	return s
}

// Strings returns the patterns as they are matched.
func (l List) Strings() []string {
	out := make([]string, len(l))
	for i, p := range l {
		out[i] = p.String()
	}
	return out
}

// Allows reports whether a browser at origin (the value of an Origin
// header) may call the API.
func (l List) Allows(origin string) bool {
	scheme, host, port, err := split(origin)
	if err != nil || strings.Contains(host, "*") || strings.Trim(port, "0123456789") != "" {
		return false
	}
	port = normalPort(scheme, port)
	for _, p := range l {
		if p.scheme != scheme || (p.port != "*" && p.port != port) {
			continue
		}
		if host == p.host && !p.subdomains ||
			p.subdomains && len(host) > len(p.host)+1 && strings.HasSuffix(host, "."+p.host) {
			return true
		}
	}
	return false
}

// Permits reports whether the request may be served to the browser that
// sent it: a request without an Origin header (not a browser's cross-origin
// call: curl, servers, apps), a same-origin request (its Origin's host is
// the Host it was sent to, as the playground served at / sends) and an
// origin of the list are permitted. The scheme is not compared for
// same-origin requests, as coder/websocket's own check does not, because TLS
// usually ends at a proxy in front of the server.
func (l List) Permits(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" {
		return true
	}
	if _, rest, ok := strings.Cut(o, "://"); ok && r.Host != "" && strings.EqualFold(rest, r.Host) {
		return true
	}
	return l.Allows(o)
}

var errShape = errors.New("must be scheme://host[:port], with no path")

// split cuts scheme://host[:port] into its lower-cased parts.
func split(s string) (scheme, host, port string, err error) {
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok || scheme == "" || rest == "" || strings.ContainsAny(rest, "/?#@ \t") {
		return "", "", "", errShape
	}
	host = rest
	if strings.HasPrefix(rest, "[") { // an IPv6 literal
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			return "", "", "", errShape
		}
		host, rest = rest[:end+1], rest[end+1:]
		if rest != "" {
			if rest[0] != ':' {
				return "", "", "", errShape
			}
			port = rest[1:]
		}
	} else if i := strings.LastIndexByte(rest, ':'); i >= 0 {
		host, port = rest[:i], rest[i+1:]
	}
	if host == "" || (port == "" && strings.HasSuffix(rest, ":")) {
		return "", "", "", errShape
	}
	return strings.ToLower(scheme), strings.ToLower(host), port, nil
}

func normalPort(scheme, port string) string {
	if scheme == "http" && port == "80" || scheme == "https" && port == "443" {
		return ""
	}
	return port
}

var dnsName = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$`)

func validHost(h string) bool {
	if strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]") {
		ip := net.ParseIP(h[1 : len(h)-1])
		return ip != nil && ip.To4() == nil
	}
	return len(h) <= 253 && dnsName.MatchString(h)
}
