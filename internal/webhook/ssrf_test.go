package webhook_test

import (
	"net/netip"
	"testing"

	"github.com/comptoir/comptoir/internal/webhook"
)

// Every special-purpose range of IANA's registries is refused, by its
// literal address; nothing is resolved or dialled.
func TestGlobalFollowsTheSpecialPurposeRegistries(t *testing.T) {
	refused := []string{
		// IPv4
		"0.0.0.0", "0.1.2.3", "10.0.0.1", "10.255.255.255",
		"100.64.0.1", "100.100.100.200", "100.127.255.254", // shared (CGN); Alibaba Cloud's metadata
		"127.0.0.1", "127.1.2.3", "169.254.169.254", "169.254.0.1",
		"172.16.0.1", "172.31.255.255", "192.0.0.1", "192.0.0.8", "192.0.0.170", "192.0.2.10",
		"192.88.99.1", "192.168.1.1", "198.18.0.1", "198.19.255.255", "198.51.100.7", "203.0.113.9",
		"224.0.0.1", "239.255.255.250", "240.0.0.1", "250.1.2.3", "255.255.255.255",
		// IPv4-mapped, NAT64 and other IPv6 forms of those
		"::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::ffff:100.64.0.1",
		"64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b::192.168.0.1", "64:ff9b::100.100.100.200",
		"64:ff9b:1::1", "::127.0.0.1", "::7f00:1",
		"2002:7f00:1::1", "2002:c0a8:101::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2", // 6to4, Teredo
		// IPv6
		"::", "::1", "fe80::1", "fe80::1%eth0", "fc00::1", "fd12:3456::1", "fec0::1", "ff02::1", "ff0e::1",
		"100::1", "100:0:0:1::1", "2001:2::1", "2001:10::1", "2001:db8::1", "3fff::1", "5f00::1",
		"4000::1", "1::1",
	}
	allowed := []string{
		"8.8.8.8", "1.1.1.1", "93.184.215.14", "100.63.255.255", "100.128.0.0", "172.15.255.255", "172.32.0.0",
		"192.0.0.9", "192.0.0.10", "192.31.196.1", "192.52.193.1", "192.175.48.1", "198.17.255.255", "198.20.0.0",
		"223.255.255.254", "::ffff:8.8.8.8", "64:ff9b::808:808", "64:ff9b::1.1.1.1",
		"2606:4700:4700::1111", "2a00:1450:4007:80e::200e", "2001:1::1", "2001:3::1", "2001:4:112::1", "2001:20::1",
		"2620:4f:8000::1",
	}
	for _, s := range refused {
		if webhook.Global(netip.MustParseAddr(s)) {
			t.Errorf("%s is not globally routable unicast but was allowed", s)
		}
	}
	for _, s := range allowed {
		if !webhook.Global(netip.MustParseAddr(s)) {
			t.Errorf("%s is globally routable unicast but was refused", s)
		}
	}
	if webhook.Global(netip.Addr{}) {
		t.Error("the zero address was allowed")
	}
}

// The configuration's private allowance lets any address through; the
// tests' loopback allowance only loopback.
func TestReachAllowances(t *testing.T) {
	for _, c := range []struct {
		reach webhook.Reach
		ip    string
		want  bool
	}{
		{webhook.Reach{}, "127.0.0.1", false},
		{webhook.Reach{}, "8.8.8.8", true},
		{webhook.Reach{Loopback: true}, "127.0.0.1", true},
		{webhook.Reach{Loopback: true}, "::1", true},
		{webhook.Reach{Loopback: true}, "::ffff:127.0.0.1", true},
		{webhook.Reach{Loopback: true}, "10.0.0.1", false},
		{webhook.Reach{Loopback: true}, "169.254.169.254", false},
		{webhook.Reach{Private: true}, "10.0.0.1", true},
		{webhook.Reach{Private: true}, "127.0.0.1", true},
	} {
		if got := c.reach.Allows(netip.MustParseAddr(c.ip)); got != c.want {
			t.Errorf("%+v allows %s: %v, want %v", c.reach, c.ip, got, c.want)
		}
	}
}
