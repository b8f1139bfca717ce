package pubsub

import (
	"fmt"
	"testing"
)

func TestHubDeliversOncePerEventID(t *testing.T) {
	h := NewHub()
	s := h.Subscribe("order:o1")
	defer s.Close()
	m := Message{ID: "evt1", Type: "PAID", OrderID: "o1"}
	h.Deliver(m)
	h.Deliver(m) // redelivered by the at-least-once outbox
	h.Deliver(Message{ID: "evt2", Type: "SHIPPED", OrderID: "o1"})
	if got := len(s.C); got != 2 {
		t.Fatalf("%d messages queued, want 2", got)
	}
	if (<-s.C).ID != "evt1" || (<-s.C).ID != "evt2" {
		t.Fatal("wrong order")
	}
}

func TestSlowSubscriberIsDroppedNotWaitedFor(t *testing.T) {
	h := NewHub()
	slow, fast := h.Subscribe("all"), h.Subscribe("all")
	defer fast.Close()
	for i := 0; i < Buffer+1; i++ {
		h.Deliver(Message{ID: fmt.Sprint(i)})
		<-fast.C // the fast one keeps up
	}
	select {
	case <-slow.Dropped:
	default:
		t.Fatal("the slow subscriber was not dropped")
	}
	h.Deliver(Message{ID: "after"})
	if (<-fast.C).ID != "after" || h.Count() != 1 {
		t.Fatalf("the fast subscriber must go on alone (%d subscriptions)", h.Count())
	}
}

func TestTopics(t *testing.T) {
	m := Message{OrderID: "o", CustomerID: "c", SellerIDs: []string{"s1", "s2"}}
	if got := fmt.Sprint(m.Topics()); got != "[order:o customer:c seller:s1 seller:s2 all]" {
		t.Fatal(got)
	}
}
