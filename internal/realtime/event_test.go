package realtime

import (
	"fmt"
	"testing"
)

// A subscription sends an event once however often it comes, and forgets
// the oldest only past maxDelivered.
func TestDeliveredOncePerEvent(t *testing.T) {
	var d delivered
	if !d.first("a") || d.first("a") || !d.first("b") || d.first("a") {
		t.Fatal("a repeated event must be refused, a new one accepted")
	}
	for i := range maxDelivered - 1 {
		if !d.first(fmt.Sprint("x", i)) {
			t.Fatalf("x%d refused", i)
		}
	}
	// "a" was the oldest of maxDelivered+1 IDs: forgotten; "b" is remembered.
	if d.first("b") || !d.first("a") || len(d.ids) != maxDelivered {
		t.Fatalf("remembered %d IDs", len(d.ids))
	}
}
