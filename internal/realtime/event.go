package realtime

import (
	"time"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/pubsub"
)

// Event is what a subscription update says about itself. Its fields come
// from the committed timeline row the outbox published (never from the
// delivery), so every instance delivering it gives the same event.
type Event struct {
	ID         pulid.ID
	Type       string
	OccurredAt time.Time
}

// eventOf is the event a broker message carries.
func eventOf(m pubsub.Message) Event {
	return Event{ID: pulid.ID(m.ID), Type: m.Type, OccurredAt: m.At}
}

// OrderUpdate is an order read after an event.
type OrderUpdate struct {
	Event Event
	Order *ent.Order
}

// ShipmentUpdate is a parcel read after an event.
type ShipmentUpdate struct {
	Event       Event
	Fulfillment *ent.Fulfillment
}

// delivered remembers the events a subscription has sent, so that it sends
// each once: a subscription may listen to several topics an event is
// published to (an admin's "all" and a seller's), and a broker may deliver
// an event again (the outbox publishes at least once). Only the
// subscription's goroutine uses it.
type delivered struct {
	ids map[string]struct{}
	// order keeps the IDs in arrival order, to forget the oldest.
	order []string
}

// maxDelivered bounds what a long-lived subscription remembers; a
// redelivery comes soon after the first delivery, well within it.
const maxDelivered = 1024

// first reports whether id is new to the subscription, remembering it.
func (d *delivered) first(id string) bool {
	if d.ids == nil {
		d.ids = map[string]struct{}{}
	}
	if _, ok := d.ids[id]; ok {
		return false
	}
	if len(d.order) == maxDelivered {
		delete(d.ids, d.order[0])
		d.order = d.order[1:]
	}
	d.ids[id] = struct{}{}
	d.order = append(d.order, id)
	return true
}
