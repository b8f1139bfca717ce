package auth

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

var t0 = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

func newTokens(t *testing.T, keys ...Key) *Tokens {
	t.Helper()
	if len(keys) == 0 {
		k, err := NewKey()
		if err != nil {
			t.Fatal(err)
		}
		keys = []Key{k}
	}
	ring, err := NewKeyRing(keys...)
	if err != nil {
		t.Fatal(err)
	}
	now := t0
	return &Tokens{Ring: ring, Issuer: "comptoir", Audience: "comptoir-api", TTL: 15 * time.Minute, Leeway: 30 * time.Second,
		Now: func() time.Time { return now }}
}

func b64(v any) string {
	b, _ := json.Marshal(v)
	return base64.RawURLEncoding.EncodeToString(b)
}

// sign builds a token by hand so that each test can break one thing.
func sign(t *testing.T, k Key, header map[string]any, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(jwt.SigningMethodEdDSA, claims)
	for h, v := range header {
		tok.Header[h] = v
	}
	s, err := tok.SignedString(k.Private)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func validClaims() jwt.MapClaims {
	return jwt.MapClaims{
		"iss": "comptoir", "aud": "comptoir-api", "sub": "cus_1", "sid": "ses_1",
		"exp": t0.Add(10 * time.Minute).Unix(), "iat": t0.Unix(),
	}
}

func TestIssueAndVerify(t *testing.T) {
	tk := newTokens(t)
	s, exp, err := tk.Issue("cus_1", "ses_1", "CUSTOMER")
	if err != nil {
		t.Fatal(err)
	}
	if !exp.Equal(t0.Add(15 * time.Minute)) {
		t.Fatalf("exp = %v", exp)
	}
	c, err := tk.Verify(s)
	if err != nil || c.Subject != "cus_1" || c.SessionID != "ses_1" || c.Role != "CUSTOMER" {
		t.Fatalf("verify: %+v, %v", c, err)
	}
}

func TestVerifyRefusals(t *testing.T) {
	tk := newTokens(t)
	key := tk.Ring.signing
	hdr := map[string]any{"typ": AccessTokenType, "kid": key.ID}
	with := func(change func(jwt.MapClaims)) jwt.MapClaims {
		c := validClaims()
		change(c)
		return c
	}
	valid := sign(t, key, hdr, validClaims())
	parts := strings.Split(valid, ".")
	other, _ := NewKey()
	pub := key.Private.Public()

	hs := jwt.NewWithClaims(jwt.SigningMethodHS256, validClaims())
	hs.Header["typ"], hs.Header["kid"] = AccessTokenType, key.ID
	// Key confusion: the public key bytes used as an HMAC secret.
	hsToken, _ := hs.SignedString([]byte(pub.(ed25519.PublicKey)))

	tampered := validClaims()
	tampered["sub"] = "cus_admin"

	cases := map[string]string{
		"alg none":              b64(map[string]any{"alg": "none", "typ": AccessTokenType, "kid": key.ID}) + "." + parts[1] + ".",
		"another algorithm":     hsToken,
		"missing exp":           sign(t, key, hdr, with(func(c jwt.MapClaims) { delete(c, "exp") })),
		"expired beyond leeway": sign(t, key, hdr, with(func(c jwt.MapClaims) { c["exp"] = t0.Add(-31 * time.Second).Unix() })),
		"wrong audience":        sign(t, key, hdr, with(func(c jwt.MapClaims) { c["aud"] = "someone-else" })),
		"wrong issuer":          sign(t, key, hdr, with(func(c jwt.MapClaims) { c["iss"] = "evil" })),
		"unknown kid":           sign(t, key, map[string]any{"typ": AccessTokenType, "kid": "nope"}, validClaims()),
		"signed by another key": sign(t, other, hdr, validClaims()),
		"no kid":                sign(t, key, map[string]any{"typ": AccessTokenType}, validClaims()),
		"not an access token":   sign(t, key, map[string]any{"typ": "JWT", "kid": key.ID}, validClaims()),
		"refresh token":         "rt_" + strings.Repeat("A", 43),
		"64 KiB of dots":        strings.Repeat(".", 64<<10),
		"tampered payload":      parts[0] + "." + b64(tampered) + "." + parts[2],
		"no session":            sign(t, key, hdr, with(func(c jwt.MapClaims) { delete(c, "sid") })),
		"not yet valid":         sign(t, key, hdr, with(func(c jwt.MapClaims) { c["nbf"] = t0.Add(5 * time.Minute).Unix() })),
		"empty":                 "",
		"garbage":               "a.b.c",
	}
	for name, tok := range cases {
		t.Run(name, func(t *testing.T) {
			c, err := tk.Verify(tok)
			if !errors.Is(err, ErrInvalidToken) || c != nil {
				t.Fatalf("accepted or wrong error: %+v, %v", c, err)
			}
		})
	}
	if _, err := tk.Verify(valid); err != nil {
		t.Fatalf("the untouched token was refused: %v", err)
	}
	within := sign(t, key, hdr, with(func(c jwt.MapClaims) { c["exp"] = t0.Add(-20 * time.Second).Unix() }))
	if _, err := tk.Verify(within); err != nil {
		t.Fatalf("expired within leeway refused: %v", err)
	}
}

func TestKeyRotation(t *testing.T) {
	oldKey, _ := NewKey()
	newKey, _ := NewKey()
	before := newTokens(t, oldKey)
	tok, _, _ := before.Issue("cus_1", "ses_1", "CUSTOMER")
	during := newTokens(t, newKey, oldKey)
	if _, err := during.Verify(tok); err != nil {
		t.Fatalf("a token of the previous key was refused during rotation: %v", err)
	}
	fresh, _, _ := during.Issue("cus_1", "ses_1", "CUSTOMER")
	if c, _ := jwt.NewParser().Parse(fresh, nil); c == nil || c.Header["kid"] != newKey.ID {
		t.Fatal("the ring does not sign with its first key")
	}
	after := newTokens(t, newKey)
	if _, err := after.Verify(tok); !errors.Is(err, ErrInvalidToken) {
		t.Fatal("a token of a retired key is still accepted")
	}
}

func TestParseKeys(t *testing.T) {
	k, _ := NewKey()
	keys, err := ParseKeys(k.ID + ":" + k.Seed())
	if err != nil || len(keys) != 1 || !keys[0].Private.Equal(k.Private) {
		t.Fatalf("%v %v", keys, err)
	}
	for _, bad := range []string{"", "nokey", "a:short", "bad kid!:" + k.Seed()} {
		if _, err := ParseKeys(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if _, err := NewKeyRing(k, k); err == nil {
		t.Error("duplicate key ids accepted")
	}
}
