package server

import (
	"errors"
	"io"
	"net/http"

	"github.com/comptoir/comptoir/internal/orders"
	"github.com/comptoir/comptoir/internal/payment"
	"github.com/comptoir/comptoir/internal/realtime"
)

// withCloseFrame lets WebSocket connections say why the server closes them.
func withCloseFrame(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(realtime.WithCloseFrame(r.Context())))
	})
}

// withOrderGrants lets a request remember the orders a guest opened with
// their email (order(id:, email:)), so nested fields show them whole.
func (s *Server) withOrderGrants(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(orders.WithGrants(r.Context())))
	})
}

// stripeWebhook verifies a Stripe event and applies it once. A bad
// signature, a timestamp more than 5 minutes away, or a PaymentIntent whose
// id, amount or currency differ from the payment's is 400; a failure to record it is
// 500 (Stripe retries); a duplicate is 200 and changes nothing.
func (s *Server) stripeWebhook(st *payment.Stripe) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
		if err != nil {
			http.Error(w, "body too large or unreadable", http.StatusRequestEntityTooLarge)
			return
		}
		ev, err := st.ParseWebhook(body, r.Header.Get("Stripe-Signature"))
		if errors.Is(err, payment.ErrBadSignature) {
			s.log.Warn("stripe webhook refused", "error", err)
			http.Error(w, "invalid signature", http.StatusBadRequest)
			return
		}
		if err != nil {
			http.Error(w, "malformed event", http.StatusBadRequest)
			return
		}
		fresh, err := s.orders.ApplyEvent(r.Context(), ev)
		if errors.Is(err, payment.ErrMismatch) {
			// Signed by Stripe, yet not about the payment it names: not
			// applied, and not recorded, so a corrected event still can be.
			s.log.Warn("stripe webhook refused", "event", ev.ID, "error", err)
			http.Error(w, "the event does not match its payment", http.StatusBadRequest)
			return
		}
		if err != nil {
			s.log.Error("stripe webhook failed", "event", ev.ID, "error", err)
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		s.log.Info("stripe webhook", "event", ev.ID, "type", ev.Type, "new", fresh)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"received":true}`))
	})
}
