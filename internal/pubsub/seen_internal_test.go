package pubsub

import (
	"strconv"
	"testing"
)

// TestSeenSetRemembersTheLastN: an ID is new once; after n newer IDs it is
// forgotten (new again), and the set never holds more than n.
func TestSeenSetRemembersTheLastN(t *testing.T) {
	s := newSeenSet(3)
	for i, c := range []struct {
		id  string
		new bool
	}{
		{"a", true}, {"a", false}, {"b", true}, {"c", true}, {"a", false},
		{"d", true},  // forgets a
		{"a", true},  // forgets b
		{"c", false}, // still there
		{"b", true},  // forgets c
		{"c", true},
	} {
		if got := s.add(c.id); got != c.new {
			t.Fatalf("step %d: add(%q) = %v, want %v", i, c.id, got, c.new)
		}
		if len(s.ids) > 3 || len(s.ring) > 3 {
			t.Fatalf("step %d: holds %d IDs (ring %d), more than 3", i, len(s.ids), len(s.ring))
		}
	}
}

// TestSeenSetStartsSmall: the hub's set of 10,000 IDs reserves nothing
// up front (it was some 700 KB, live for the process's life).
func TestSeenSetStartsSmall(t *testing.T) {
	var s *seenSet
	allocs := testing.AllocsPerRun(10, func() { s = newSeenSet(10_000) })
	if cap(s.ring) != 0 || allocs > 3 {
		t.Fatalf("a new set allocates %v times, ring capacity %d", allocs, cap(s.ring))
	}
	for i := range 20_000 {
		s.add(strconv.Itoa(i))
	}
	if len(s.ids) != 10_000 || len(s.ring) != 10_000 {
		t.Fatalf("after 20,000 IDs: %d remembered, ring %d", len(s.ids), len(s.ring))
	}
}
