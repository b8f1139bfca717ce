// Package stripetest is a local HTTP server speaking the part of Stripe's
// API that Comptoir uses (PaymentIntents and Refunds), with state, so that
// the Stripe provider is tested through stripe-go and real HTTP rather than
// a mock object. It can also sign and deliver webhooks the way Stripe does.
//
// Payment methods behave like Stripe's test ones: pm_card_visa succeeds,
// pm_card_chargeDeclined is declined (HTTP 402 card_error), and
// pm_card_threeDSecure2Required needs the buyer's action (Succeed completes
// it).
package stripetest

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Intent is a PaymentIntent as the server keeps it.
type Intent struct {
	ID           string            `json:"id"`
	Object       string            `json:"object"`
	Amount       int64             `json:"amount"`
	Currency     string            `json:"currency"`
	Status       string            `json:"status"`
	ClientSecret string            `json:"client_secret"`
	Metadata     map[string]string `json:"metadata"`
	Refunded     int64             `json:"-"`
}

// Server is the fake Stripe.
type Server struct {
	*httptest.Server
	Secret string // webhook signing secret
	// OnSucceeded, when set, is called (synchronously, before the API
	// answers) when an intent succeeds: tests deliver the webhook from it to
	// race the caller.
	OnSucceeded func(*Intent)

	mu       sync.Mutex
	n        int
	intents  map[string]*Intent
	byKey    map[string][]byte // idempotency key → response body
	Creates  int               // PaymentIntent creations that were not replays
	Captures int               // intents that succeeded: money taken
	Searches int               // PaymentIntent searches
	Refunds  int
	Requests int
}

// New starts a server; close it with Close.
func New(webhookSecret string) *Server {
	s := &Server{Secret: webhookSecret, intents: map[string]*Intent{}, byKey: map[string][]byte{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/payment_intents", s.createIntent)
	mux.HandleFunc("GET /v1/payment_intents/search", s.searchIntents)
	mux.HandleFunc("GET /v1/payment_intents/{id}", s.getIntent)
	mux.HandleFunc("POST /v1/payment_intents/{id}/cancel", s.cancelIntent)
	mux.HandleFunc("POST /v1/refunds", s.createRefund)
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer sk_test_") {
			writeErr(w, 401, map[string]any{"type": "invalid_request_error", "message": "Invalid API Key provided"})
			return
		}
		s.mu.Lock()
		s.Requests++
		s.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	return s
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeErr(w http.ResponseWriter, status int, e map[string]any) {
	writeJSON(w, status, map[string]any{"error": e})
}

func (s *Server) createIntent(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeErr(w, 400, map[string]any{"type": "invalid_request_error", "message": err.Error()})
		return
	}
	key := r.Header.Get("Idempotency-Key")
	s.mu.Lock()
	if b, ok := s.byKey[key]; ok && key != "" {
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Idempotent-Replayed", "true")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(b)
		return
	}
	amount, err := strconv.ParseInt(r.PostForm.Get("amount"), 10, 64)
	if err != nil || amount < 1 {
		s.mu.Unlock()
		writeErr(w, 400, map[string]any{"type": "invalid_request_error", "param": "amount", "message": "Invalid positive integer"})
		return
	}
	s.n++
	s.Creates++
	id := fmt.Sprintf("pi_test_%d", s.n)
	in := &Intent{ID: id, Object: "payment_intent", Amount: amount, Currency: r.PostForm.Get("currency"),
		ClientSecret: id + "_secret_x", Metadata: map[string]string{}}
	for k, v := range r.PostForm {
		if strings.HasPrefix(k, "metadata[") {
			in.Metadata[strings.TrimSuffix(strings.TrimPrefix(k, "metadata["), "]")] = v[0]
		}
	}
	status, body := 200, any(in)
	switch pm := r.PostForm.Get("payment_method"); pm {
	case "pm_card_visa":
		in.Status = "succeeded"
		s.Captures++
	case "pm_card_threeDSecure2Required":
		in.Status = "requires_action"
	case "pm_card_chargeDeclined":
		in.Status = "requires_payment_method"
		status = 402
		body = map[string]any{"error": map[string]any{"type": "card_error", "code": "card_declined", "decline_code": "generic_decline",
			"message": "Your card was declined.", "payment_intent": in}}
	default:
		s.mu.Unlock()
		writeErr(w, 400, map[string]any{"type": "invalid_request_error", "param": "payment_method", "message": "No such PaymentMethod: '" + pm + "'"})
		return
	}
	s.intents[id] = in
	b, _ := json.Marshal(body)
	if key != "" {
		s.byKey[key] = b
	}
	snapshot := *in
	hook := s.OnSucceeded
	s.mu.Unlock()
	if in.Status == "succeeded" && hook != nil {
		hook(&snapshot)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func (s *Server) getIntent(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	in, ok := s.intents[r.PathValue("id")]
	var cp Intent
	if ok {
		cp = *in
	}
	s.mu.Unlock()
	if !ok {
		writeErr(w, 404, map[string]any{"type": "invalid_request_error", "code": "resource_missing", "message": "No such payment_intent"})
		return
	}
	writeJSON(w, 200, cp)
}

func (s *Server) cancelIntent(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in, ok := s.intents[r.PathValue("id")]
	if !ok {
		writeErr(w, 404, map[string]any{"type": "invalid_request_error", "code": "resource_missing", "message": "No such payment_intent"})
		return
	}
	if in.Status == "succeeded" {
		writeErr(w, 400, map[string]any{"type": "invalid_request_error", "code": "payment_intent_unexpected_state", "message": "already succeeded"})
		return
	}
	in.Status = "canceled"
	writeJSON(w, 200, in)
}

func (s *Server) createRefund(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeErr(w, 400, map[string]any{"type": "invalid_request_error", "message": err.Error()})
		return
	}
	key := r.Header.Get("Idempotency-Key")
	s.mu.Lock()
	defer s.mu.Unlock()
	if b, ok := s.byKey[key]; ok && key != "" {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(b)
		return
	}
	in, ok := s.intents[r.PostForm.Get("payment_intent")]
	if !ok || in.Status != "succeeded" {
		writeErr(w, 400, map[string]any{"type": "invalid_request_error", "message": "This PaymentIntent can't be refunded"})
		return
	}
	amount, _ := strconv.ParseInt(r.PostForm.Get("amount"), 10, 64)
	if amount < 1 || in.Refunded+amount > in.Amount {
		writeErr(w, 400, map[string]any{"type": "invalid_request_error", "code": "amount_too_large", "message": "Refund amount is greater than unrefunded amount"})
		return
	}
	in.Refunded += amount
	s.n++
	s.Refunds++
	b, _ := json.Marshal(map[string]any{"id": fmt.Sprintf("re_test_%d", s.n), "object": "refund", "amount": amount,
		"currency": in.Currency, "payment_intent": in.ID, "status": "succeeded"})
	if key != "" {
		s.byKey[key] = b
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(b)
}

// Succeed completes an intent's second step (the buyer passed 3-D Secure).
func (s *Server) Succeed(id string) *Intent {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.intents[id]
	if in.Status != "succeeded" {
		s.Captures++
	}
	in.Status = "succeeded"
	cp := *in
	return &cp
}

// SetStatus puts an intent in a state (requires_payment_method after a
// failed second step, canceled) without a webhook: what a lost webhook
// leaves the reconciler to find.
func (s *Server) SetStatus(id, status string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.intents[id].Status = status
}

// Counts returns Creates, Captures and Searches under the lock (handlers
// run concurrently with the test).
func (s *Server) Counts() (creates, captures, searches int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.Creates, s.Captures, s.Searches
}

// searchIntents answers the one query Comptoir sends,
// metadata['KEY']:'VALUE', as Stripe's search does (at once here; Stripe
// may lag up to a minute).
func (s *Server) searchIntents(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("query")
	k, v, ok := strings.Cut(q, "']:'")
	k, ok1 := strings.CutPrefix(k, "metadata['")
	v, ok2 := strings.CutSuffix(v, "'")
	if !ok || !ok1 || !ok2 {
		writeErr(w, 400, map[string]any{"type": "invalid_request_error", "message": "unsupported query " + q})
		return
	}
	s.mu.Lock()
	s.Searches++
	data := []Intent{}
	for _, in := range s.intents {
		if in.Metadata[k] == v {
			data = append(data, *in)
		}
	}
	s.mu.Unlock()
	writeJSON(w, 200, map[string]any{"object": "search_result", "data": data, "has_more": false, "url": "/v1/payment_intents/search"})
}

// Intent returns a copy of an intent.
func (s *Server) Intent(id string) Intent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return *s.intents[id]
}

// Event builds a webhook body for an intent.
func Event(id, typ string, in *Intent) []byte {
	b, _ := json.Marshal(map[string]any{"id": id, "object": "event", "api_version": "2025-01-01", "type": typ,
		"created": time.Now().Unix(), "data": map[string]any{"object": in}})
	return b
}

// Sign returns a Stripe-Signature header for a body at a time: one v1
// value per secret, as Stripe sends while a secret is being rolled.
func Sign(body []byte, at time.Time, secrets ...string) string {
	ts := strconv.FormatInt(at.Unix(), 10)
	parts := []string{"t=" + ts}
	for _, sec := range secrets {
		m := hmac.New(sha256.New, []byte(sec))
		m.Write([]byte(ts + "."))
		m.Write(body)
		parts = append(parts, "v1="+hex.EncodeToString(m.Sum(nil)))
	}
	return strings.Join(parts, ",")
}

// Deliver posts a signed event to a webhook URL and returns the status.
func (s *Server) Deliver(url string, body []byte) (int, error) {
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Stripe-Signature", Sign(body, time.Now(), s.Secret))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}
