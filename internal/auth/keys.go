package auth

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// Key is one Ed25519 signing key with its key id.
type Key struct {
	ID      string
	Private ed25519.PrivateKey
}

// NewKey generates a fresh key with a random key id.
func NewKey() (Key, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return Key{}, err
	}
	id := make([]byte, 9)
	if _, err := rand.Read(id); err != nil {
		return Key{}, err
	}
	return Key{ID: base64.RawURLEncoding.EncodeToString(id), Private: priv}, nil
}

// Seed is the key's 32-byte seed, base64url-encoded (what configuration holds).
func (k Key) Seed() string { return base64.RawURLEncoding.EncodeToString(k.Private.Seed()) }

// KeyRing signs with one key and verifies with any of several, so that keys
// can be rotated: add the new key first, keep the old one until every token
// it signed has expired, then drop it.
type KeyRing struct {
	signing Key
	verify  map[string]ed25519.PublicKey
}

// NewKeyRing returns a ring that signs with keys[0] and verifies with all.
func NewKeyRing(keys ...Key) (*KeyRing, error) {
	if len(keys) == 0 {
		return nil, errors.New("a key ring needs at least one key")
	}
	r := &KeyRing{signing: keys[0], verify: map[string]ed25519.PublicKey{}}
	for _, k := range keys {
		if _, dup := r.verify[k.ID]; dup {
			return nil, fmt.Errorf("duplicate key id %q", k.ID)
		}
		r.verify[k.ID] = k.Private.Public().(ed25519.PublicKey)
	}
	return r, nil
}

var kidRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// ParseKeys reads "kid:seed,kid:seed" (seeds are 32 bytes, base64url), as
// held in COMPTOIR_JWT_KEYS; the first key signs.
func ParseKeys(s string) ([]Key, error) {
	var keys []Key
	for _, part := range strings.Split(s, ",") {
		kid, seed, ok := strings.Cut(strings.TrimSpace(part), ":")
		if !ok || !kidRE.MatchString(kid) {
			return nil, fmt.Errorf("each key must be KID:SEED with a key id of letters, digits, '-' or '_'")
		}
		raw, err := base64.RawURLEncoding.DecodeString(seed)
		if err != nil || len(raw) != ed25519.SeedSize {
			return nil, fmt.Errorf("key %q: the seed must be %d bytes, base64url without padding", kid, ed25519.SeedSize)
		}
		keys = append(keys, Key{ID: kid, Private: ed25519.NewKeyFromSeed(raw)})
	}
	return keys, nil
}
