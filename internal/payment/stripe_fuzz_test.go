package payment

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"testing"
	"time"
)

// FuzzStripeWebhook: any Stripe-Signature header and body are refused or
// parsed without panicking. With sign set, the body is signed with the
// endpoint secret first, so that the event decoding behind the signature
// check is fuzzed too; unsigned, nothing but a bad signature may come out.
func FuzzStripeWebhook(f *testing.F) {
	event := `{"id":"evt_1","object":"event","type":"payment_intent.succeeded","data":{"object":{"id":"pi_1","object":"payment_intent",` +
		`"status":"succeeded","amount":1990,"currency":"eur","metadata":{"comptoir_payment_id":"pay_01J00000000000000000000000"}}}}`
	f.Add([]byte(event), "", true)
	f.Add([]byte(event), "t=1700000000,v1=00", false)
	f.Add([]byte(`{"id":"evt_2","type":"charge.refunded","data":{"object":{}}}`), "", true)
	f.Add([]byte(`{"type":"payment_intent.payment_failed","data":{"object":{"amount":"x"}}}`), "", true)
	f.Add([]byte(`{}`), "t=,v1=,v1=zz,,=,t=99999999999999999999", false)
	f.Add([]byte("not json"), "v0=abc,t=1", false)
	const secret = "whsec_fuzz"
	s := &Stripe{webhookSecret: secret}
	f.Fuzz(func(t *testing.T, payload []byte, header string, sign bool) {
		if sign {
			ts := fmt.Sprint(time.Now().Unix())
			m := hmac.New(sha256.New, []byte(secret))
			m.Write([]byte(ts + "."))
			m.Write(payload)
			header = "t=" + ts + ",v1=" + hex.EncodeToString(m.Sum(nil)) + "," + header
		}
		ev, err := s.ParseWebhook(payload, header)
		if err != nil {
			if !sign && !errors.Is(err, ErrBadSignature) {
				t.Fatalf("unsigned body passed the signature check: %v", err)
			}
			return
		}
		if !sign {
			t.Fatalf("an unsigned body was accepted: %+v", ev)
		}
		if ev.Provider != "stripe" || (ev.Relevant && ev.PaymentID == "") {
			t.Fatalf("%+v", ev)
		}
	})
}
