package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strings"
)

// MACSigner signs short messages for one purpose (order access links) with
// keys derived from the signing keys, so that it needs no secret of its
// own and rotates with them: it signs with the first key and accepts a MAC
// of any key of the ring. Tokens do not expire; what they open decides how
// long they matter.
type MACSigner struct {
	prefix string
	keys   [][]byte
}

// NewMACSigner derives one MAC key per signing key for purpose; tokens
// start with prefix.
func NewMACSigner(purpose, prefix string, keys ...Key) *MACSigner {
	s := &MACSigner{prefix: prefix}
	for _, k := range keys {
		m := hmac.New(sha256.New, k.Private.Seed())
		m.Write([]byte("comptoir/mac/v1/" + purpose))
		s.keys = append(s.keys, m.Sum(nil))
	}
	return s
}

func (s *MACSigner) mac(key []byte, msg string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return s.prefix + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// Sign returns the token of msg.
func (s *MACSigner) Sign(msg string) string { return s.mac(s.keys[0], msg) }

// Verify reports whether token is msg's, signed with any key, in constant
// time.
func (s *MACSigner) Verify(msg, token string) bool {
	if s == nil || len(token) != len(s.prefix)+43 || !strings.HasPrefix(token, s.prefix) {
		return false
	}
	ok := false
	for _, k := range s.keys {
		if hmac.Equal([]byte(s.mac(k, msg)), []byte(token)) {
			ok = true
		}
	}
	return ok
}
