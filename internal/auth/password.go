package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Password length rules, in characters.
const (
	MinPasswordLen = 8
	MaxPasswordLen = 128
	// maxPasswordBytes is checked before anything else, so that a huge
	// password costs nothing (128 characters of 4-byte UTF-8 fit).
	maxPasswordBytes = 4 * MaxPasswordLen
)

// Argon2Params are the argon2id cost parameters.
type Argon2Params struct {
	MemoryKiB uint32
	Time      uint32
	Threads   uint8
	KeyLen    uint32
	SaltLen   int
}

// OWASP is OWASP's recommended argon2id configuration (19 MiB, 2 passes,
// 1 lane).
var OWASP = Argon2Params{MemoryKiB: 19 * 1024, Time: 2, Threads: 1, KeyLen: 32, SaltLen: 16}

// Password rule violations.
var (
	ErrPasswordTooShort = fmt.Errorf("password must have at least %d characters", MinPasswordLen)
	ErrPasswordTooLong  = fmt.Errorf("password must have at most %d characters", MaxPasswordLen)
	ErrPasswordEncoding = errors.New("password must be valid UTF-8")
	errMalformedHash    = errors.New("malformed password hash")
)

// CheckPassword applies the length rules without hashing anything.
func CheckPassword(pw string) error {
	if len(pw) > maxPasswordBytes {
		return ErrPasswordTooLong
	}
	if !utf8.ValidString(pw) {
		return ErrPasswordEncoding
	}
	switch n := utf8.RuneCountInString(pw); {
	case n < MinPasswordLen:
		return ErrPasswordTooShort
	case n > MaxPasswordLen:
		return ErrPasswordTooLong
	}
	return nil
}

// Hasher hashes and verifies passwords.
type Hasher struct{ Params Argon2Params }

// Hash checks the rules and returns the PHC-encoded argon2id hash.
func (h Hasher) Hash(pw string) (string, error) {
	if err := CheckPassword(pw); err != nil {
		return "", err
	}
	salt := make([]byte, h.Params.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	p := h.Params
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.MemoryKiB, p.Threads, p.KeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.MemoryKiB, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// Verify reports whether pw matches the encoded hash, in constant time. A
// password that breaks the length rules never matches and is not hashed.
func (h Hasher) Verify(pw, encoded string) (bool, error) {
	if len(pw) > maxPasswordBytes {
		return false, nil
	}
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errMalformedHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errMalformedHash
	}
	var p Argon2Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.MemoryKiB, &p.Time, &p.Threads); err != nil {
		return false, errMalformedHash
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false, errMalformedHash
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false, errMalformedHash
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.MemoryKiB, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

var (
	dummyMu     sync.Mutex
	dummyHashes = map[Argon2Params]string{}
)

// DummyHash is verified against when an account does not exist, so that a
// sign-in for an unknown email costs as much as one with a wrong password.
// It is made with this hasher's parameters (once per parameters), since the
// cost of a verification is the hash's.
func (h Hasher) DummyHash() string {
	dummyMu.Lock()
	defer dummyMu.Unlock()
	if d, ok := dummyHashes[h.Params]; ok {
		return d
	}
	d, _ := h.Hash("not-a-real-password-0")
	dummyHashes[h.Params] = d
	return d
}
