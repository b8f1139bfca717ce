// Package webhook sends events to third parties' endpoints: admins register
// a URL, the event types it wants and a secret; each event is delivered as
// a signed JSON POST, retried with exponential backoff and jitter for 24
// hours, and every delivery is logged with its attempts.
//
// Signature header, to verify on the receiving side:
//
//	Comptoir-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
//
// Receivers should check the HMAC in constant time and refuse a t older
// than a few minutes. Comptoir-Event-Id and Comptoir-Event-Type name the
// event; an event may arrive more than once (same id).
package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"

	"github.com/comptoir/comptoir/internal/events"
	"github.com/comptoir/comptoir/internal/orders"
)

// Event types endpoints subscribe to, by timeline event.
var types = map[string]string{
	orders.EventPlaced:          "order.placed",
	orders.EventPaymentCaptured: "payment.captured",
	orders.EventPaymentFailed:   "payment.failed",
	orders.EventPaymentExpired:  "payment.failed",
	orders.EventRefunded:        "payment.refunded",
	orders.EventCancelled:       "order.cancelled",
	orders.EventFulfilled:       "fulfillment.created",
	orders.EventTracking:        "fulfillment.tracking_updated",
	orders.EventDelivered:       "order.delivered",
	orders.EventReturnRequested: "return.requested",
	orders.EventReturnApproved:  "return.approved",
	orders.EventReturnRefused:   "return.refused",
	events.BackInStock:          "inventory.back_in_stock",
	events.PriceDropped:         "price.dropped",
}

// TypeOf returns the public type of a timeline event ("" when none).
func TypeOf(eventType string) string { return types[eventType] }

// Types lists the event types an endpoint may subscribe to.
func Types() []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range types {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// Sign returns the Comptoir-Signature header value for a body.
func Sign(secret string, body []byte, at time.Time) string {
	ts := strconv.FormatInt(at.Unix(), 10)
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts + "."))
	m.Write(body)
	return "t=" + ts + ",v1=" + hex.EncodeToString(m.Sum(nil))
}
