package webhook

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"syscall"
	"time"
)

// ErrPrivate refuses a destination that is not globally routable unicast
// (SSRF), unless the configuration allows it.
var ErrPrivate = errors.New("the address is not a public one (private, loopback, shared, reserved, documentation or multicast)")

// Reach says which addresses webhooks may reach besides globally routable
// unicast ones.
type Reach struct {
	// Private lets them reach any address (COMPTOIR_WEBHOOK_ALLOW_PRIVATE:
	// receivers inside the operator's own network).
	Private bool
	// Loopback lets them reach 127.0.0.0/8 and ::1 only: a test's receiver
	// (httptest). No variable sets it; only code does
	// (server.WithWebhookLoopback), so that a deployment cannot turn it on
	// by its environment.
	Loopback bool
}

// Allows reports whether a webhook may connect to ip.
func (r Reach) Allows(ip netip.Addr) bool {
	switch {
	case r.Private:
		return true
	case r.Loopback && ip.Unmap().IsLoopback():
		return true
	}
	return Global(ip)
}

// Global reports whether ip is globally routable unicast by IANA's IPv4 and
// IPv6 Special-Purpose Address Registries (RFC 6890 and their later
// entries): every block not "Globally Reachable" there is refused, and so is
// multicast, broadcast and IPv6 outside 2000::/3 (the only space allocated
// for global unicast). An IPv4 address embedded in an IPv6 form that
// reaches it (IPv4-mapped ::ffff:a.b.c.d, NAT64's 64:ff9b::a.b.c.d) is
// judged as that IPv4 address. 6to4 and Teredo, whose relays lead anywhere,
// are refused.
func Global(ip netip.Addr) bool {
	if !ip.IsValid() {
		return false
	}
	ip = ip.WithZone("")
	if ip.Is4In6() {
		ip = ip.Unmap()
	}
	if ip.Is4() {
		return !inAny(ip, nonGlobal4) || inAny(ip, global4)
	}
	if nat64.Contains(ip) {
		b := ip.As16()
		return Global(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}))
	}
	return globalUnicast6.Contains(ip) && (!inAny(ip, nonGlobal6) || inAny(ip, global6))
}

func inAny(ip netip.Addr, blocks []netip.Prefix) bool {
	for _, p := range blocks {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

func prefixes(s ...string) []netip.Prefix {
	out := make([]netip.Prefix, len(s))
	for i, p := range s {
		out[i] = netip.MustParsePrefix(p)
	}
	return out
}

// The IPv4 Special-Purpose Address Registry's blocks that are not globally
// reachable, plus multicast (224/4, not unicast).
var nonGlobal4 = prefixes(
	"0.0.0.0/8",          // "this network" (RFC 791)
	"10.0.0.0/8",         // private-use (RFC 1918)
	"100.64.0.0/10",      // shared address space, carrier-grade NAT (RFC 6598)
	"127.0.0.0/8",        // loopback (RFC 1122)
	"169.254.0.0/16",     // link-local, cloud metadata (RFC 3927)
	"172.16.0.0/12",      // private-use (RFC 1918)
	"192.0.0.0/24",       // IETF protocol assignments (RFC 6890), except global4
	"192.0.2.0/24",       // documentation TEST-NET-1 (RFC 5737)
	"192.88.99.0/24",     // deprecated 6to4 relay anycast (RFC 7526)
	"192.168.0.0/16",     // private-use (RFC 1918)
	"198.18.0.0/15",      // benchmarking (RFC 2544)
	"198.51.100.0/24",    // documentation TEST-NET-2 (RFC 5737)
	"203.0.113.0/24",     // documentation TEST-NET-3 (RFC 5737)
	"224.0.0.0/4",        // multicast (RFC 5771)
	"240.0.0.0/4",        // reserved (RFC 1112), including 255.255.255.255
	"255.255.255.255/32", // limited broadcast (RFC 919)
)

// Blocks inside nonGlobal4 that the registry marks globally reachable.
var global4 = prefixes(
	"192.0.0.9/32",  // port control protocol anycast (RFC 7723)
	"192.0.0.10/32", // traversal using relays around NAT anycast (RFC 8155)
)

// globalUnicast6 is IANA's global unicast allocation; the rest of the IPv6
// space (::/8 with ::1 and IPv4-compatible forms, fc00::/7, fe80::/10,
// ff00::/8, ...) is not globally routable unicast.
var globalUnicast6 = netip.MustParsePrefix("2000::/3")

// nat64 is the well-known NAT64 prefix (RFC 6052): its last 32 bits are the
// IPv4 address a translator connects to. The local-use 64:ff9b:1::/48 is
// outside 2000::/3, refused.
var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// The IPv6 Special-Purpose Address Registry's blocks inside 2000::/3 that
// are not globally reachable (those outside it are refused anyway).
var nonGlobal6 = prefixes(
	"2001::/23",     // IETF protocol assignments (RFC 2928), except global6
	"2001::/32",     // Teredo (RFC 4380)
	"2001:2::/48",   // benchmarking (RFC 5180)
	"2001:db8::/32", // documentation (RFC 3849)
	"2002::/16",     // 6to4 (RFC 3056)
	"3fff::/20",     // documentation (RFC 9637)
	"5f00::/16",     // segment routing SIDs (RFC 9602)
)

// Blocks inside nonGlobal6 that the registry marks globally reachable.
var global6 = prefixes(
	"2001:1::1/128",   // port control protocol anycast (RFC 7723)
	"2001:1::2/128",   // traversal using relays around NAT anycast (RFC 8155)
	"2001:1::3/128",   // DNS-SD service registration protocol anycast (RFC 9665)
	"2001:3::/32",     // AMT (RFC 7450)
	"2001:4:112::/48", // AS112-v6 (RFC 7535)
	"2001:20::/28",    // ORCHIDv2 (RFC 7343)
	"2001:30::/28",    // drone remote ID protocol entity tags (RFC 9374)
)

// CheckURL validates an endpoint URL when it is registered: http or https,
// a host, and only addresses reach allows once resolved. It is early
// feedback for the admin; what protects is Client's check at connect time.
func CheckURL(ctx context.Context, raw string, reach Reach) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || u.User != nil {
		return errors.New("the URL must be http(s)://host/… without credentials")
	}
	if reach.Private {
		return nil
	}
	if ip, err := netip.ParseAddr(u.Hostname()); err == nil {
		if !reach.Allows(ip) {
			return ErrPrivate
		}
		return nil
	}
	ips, err := net.DefaultResolver.LookupNetIP(ctx, "ip", u.Hostname())
	if err != nil {
		return fmt.Errorf("the host does not resolve: %w", err)
	}
	for _, ip := range ips {
		if !reach.Allows(ip) {
			return ErrPrivate
		}
	}
	return nil
}

// dialControl refuses, at connect time, an address reach does not allow:
// it runs for every address a name resolves to, just before the connection
// is made, so a name that resolves elsewhere after registration (DNS
// rebinding) cannot reach the inside.
func dialControl(reach Reach) func(network, address string, _ syscall.RawConn) error {
	return func(_, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("%w: %q", ErrPrivate, address)
		}
		if !reach.Allows(ap.Addr()) {
			return fmt.Errorf("%w: %s", ErrPrivate, ap.Addr())
		}
		return nil
	}
}

// Client returns the HTTP client of deliveries: no proxy, no redirects,
// and every connection's address checked by reach when it is dialled.
func Client(reach Reach) *http.Client {
	d := &net.Dialer{Timeout: 5 * time.Second, Control: dialControl(reach)}
	tr := &http.Transport{DialContext: d.DialContext, TLSHandshakeTimeout: 5 * time.Second, ResponseHeaderTimeout: 10 * time.Second, MaxIdleConnsPerHost: 4}
	return &http.Client{Transport: tr, Timeout: 15 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}
