package auth

import (
	"strings"
	"testing"
	"time"
)

// fast keeps unit tests quick; the production parameters are checked below.
var fast = Hasher{Params: Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1, KeyLen: 32, SaltLen: 16}}

func TestHashAndVerify(t *testing.T) {
	h, err := fast.Hash("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("hash %q", h)
	}
	if ok, err := fast.Verify("correct horse", h); !ok || err != nil {
		t.Fatalf("right password refused: %v", err)
	}
	if ok, _ := fast.Verify("correct horsE", h); ok {
		t.Fatal("wrong password accepted")
	}
	h2, _ := fast.Hash("correct horse")
	if h2 == h {
		t.Fatal("no salt")
	}
	if _, err := fast.Verify("x", "$bcrypt$nope"); err == nil {
		t.Fatal("malformed hash accepted")
	}
}

func TestPasswordRules(t *testing.T) {
	for pw, want := range map[string]error{
		"short":                  ErrPasswordTooShort,
		"12345678":               nil,
		strings.Repeat("é", 128): nil,
		strings.Repeat("a", 129): ErrPasswordTooLong,
		string([]byte{0xff, 0xfe, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66}): ErrPasswordEncoding,
	} {
		if err := CheckPassword(pw); err != want {
			t.Errorf("CheckPassword(%.10q) = %v, want %v", pw, err, want)
		}
	}
}

// TestHugePasswordIsRefusedWithoutHashing: a 1 MiB password must cost
// nothing, not a 19 MiB argon2 run.
func TestHugePasswordIsRefusedWithoutHashing(t *testing.T) {
	huge := strings.Repeat("a", 1<<20)
	h := Hasher{Params: OWASP}
	start := time.Now()
	if _, err := h.Hash(huge); err != ErrPasswordTooLong {
		t.Fatalf("err = %v", err)
	}
	good, _ := fast.Hash("password1")
	if ok, err := h.Verify(huge, good); ok || err != nil {
		t.Fatalf("huge password verify: %v %v", ok, err)
	}
	if d := time.Since(start); d > 50*time.Millisecond {
		t.Logf("note: refusal took %s", d)
	}
}

func TestOWASPParameters(t *testing.T) {
	h, err := Hasher{Params: OWASP}.Hash("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("not OWASP's argon2id parameters: %s", h)
	}
}
