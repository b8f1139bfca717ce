package resolvers_test

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/comptoir/comptoir/internal/account"
	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/auth"
	"github.com/comptoir/comptoir/internal/testdb"
)

// TestEveryBadTokenIsUnauthenticated sends each kind of bad access token to
// the running server, signed with its own key where that matters: each gets
// HTTP 401 with UNAUTHENTICATED and nothing more.
func TestEveryBadTokenIsUnauthenticated(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		c := apitest.New(t, st)
		register(t, c, "ada@example.com", "correct horse")
		good := login(t, c, "ada@example.com", "correct horse")
		key, err := account.DevelopmentKey(context.Background(), st.Client)
		if err != nil {
			t.Fatal(err)
		}
		var claims jwt.MapClaims
		payload := strings.Split(good.AccessToken, ".")[1]
		raw, _ := base64.RawURLEncoding.DecodeString(payload)
		if err := json.Unmarshal(raw, &claims); err != nil {
			t.Fatal(err)
		}
		sign := func(k auth.Key, header map[string]any, change func(jwt.MapClaims)) string {
			cl := jwt.MapClaims{}
			for n, v := range claims {
				cl[n] = v
			}
			change(cl)
			tok := jwt.NewWithClaims(jwt.SigningMethodEdDSA, cl)
			for h, v := range header {
				tok.Header[h] = v
			}
			s, err := tok.SignedString(k.Private)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		hdr := map[string]any{"typ": auth.AccessTokenType, "kid": key.ID}
		keep := func(jwt.MapClaims) {}
		other, _ := auth.NewKey()
		hs := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
		hs.Header["typ"], hs.Header["kid"] = auth.AccessTokenType, key.ID
		confused, _ := hs.SignedString([]byte(key.Private.Public().(ed25519.PublicKey)))
		none := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"at+jwt","kid":"`+key.ID+`"}`)) + "." + payload + "."
		parts := strings.Split(good.AccessToken, ".")
		tampered := map[string]any{}
		for n, v := range claims {
			tampered[n] = v
		}
		tampered["sub"] = "cus_01J9ZQ3N4R5S6T7V8W9X0Y1Z2A"
		tb, _ := json.Marshal(tampered)

		cases := map[string]string{
			"alg none":                      none,
			"another algorithm":             confused,
			"missing exp":                   sign(key, hdr, func(c jwt.MapClaims) { delete(c, "exp") }),
			"expired beyond leeway":         sign(key, hdr, func(c jwt.MapClaims) { c["exp"] = time.Now().Add(-time.Minute).Unix() }),
			"wrong audience":                sign(key, hdr, func(c jwt.MapClaims) { c["aud"] = "elsewhere" }),
			"wrong issuer":                  sign(key, hdr, func(c jwt.MapClaims) { c["iss"] = "elsewhere" }),
			"unknown kid":                   sign(key, map[string]any{"typ": auth.AccessTokenType, "kid": "unknown"}, keep),
			"another key":                   sign(other, hdr, keep),
			"refresh token as access token": good.RefreshToken,
			"64 KiB of dots":                strings.Repeat(".", 64<<10),
			"tampered payload":              parts[0] + "." + base64.RawURLEncoding.EncodeToString(tb) + "." + parts[2],
		}
		if _, email := me(t, c, sign(key, hdr, keep)); email != "ada@example.com" {
			t.Fatal("the control token, signed the same way, was refused")
		}
		for name, tok := range cases {
			t.Run(name, func(t *testing.T) {
				r := c.QueryAs(t, tok, `{ me { email } }`, nil)
				if r.Status != 401 || r.Data != nil || len(r.Errors) != 1 || r.Errors[0].Code() != "UNAUTHENTICATED" ||
					r.Errors[0].Message != "invalid or expired access token" {
					t.Fatalf("%d %s", r.Status, r.Raw)
				}
			})
		}
	})
}
