package account

import (
	"context"
	"errors"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/auth"
	"github.com/comptoir/comptoir/internal/notify"
	"github.com/comptoir/comptoir/internal/ratelimit"
	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/testdb"
)

func TestMain(m *testing.M) { os.Exit(testdb.Run(m)) }

// cheap is a fast argon2id for tests.
var cheap = auth.Hasher{Params: auth.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1, KeyLen: 16, SaltLen: 8}}

// spyHasher records the hashes a sign-in verifies against.
type spyHasher struct {
	auth.Hasher
	mu       sync.Mutex
	verified []string
}

func (h *spyHasher) Verify(pw, encoded string) (bool, error) {
	h.mu.Lock()
	h.verified = append(h.verified, encoded)
	h.mu.Unlock()
	return h.Hasher.Verify(pw, encoded)
}

func (h *spyHasher) take() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	v := h.verified
	h.verified = nil
	return v
}

// clock is a settable time shared by the service and its counter.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newService(t *testing.T, st *store.Store, h PasswordHasher, cfg Config) (*Service, *clock) {
	t.Helper()
	clk := &clock{t: time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)}
	limits := ratelimit.NewMemory()
	limits.Now = clk.Now
	k, err := auth.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	ring, err := auth.NewKeyRing(k)
	if err != nil {
		t.Fatal(err)
	}
	s := New(st, h, &auth.Tokens{Ring: ring, Issuer: "t", Audience: "t", TTL: time.Minute, Now: clk.Now}, limits, cfg)
	s.now = clk.Now
	return s, clk
}

func mustRegister(t *testing.T, s *Service, email string) {
	t.Helper()
	if _, ues, err := s.Register(context.Background(), RegisterInput{Email: email, Password: "correct horse"}); err != nil || len(ues) > 0 {
		t.Fatalf("register %s: %v %v", email, ues, err)
	}
}

func retryAfter(err error) (time.Duration, bool) {
	var e *apperr.Error
	if errors.As(err, &e) && e.Code == apperr.RateLimited {
		return e.RetryAfter, true
	}
	return 0, false
}

// An unknown email costs what a wrong password costs: the hasher verifies
// the password against its dummy hash, once, exactly as it verifies a
// known account's hash once. (Structural, not a timing test.)
func TestSignInVerifiesADummyHashForUnknownEmails(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *store.Store) {
		h := &spyHasher{Hasher: cheap}
		s, _ := newService(t, st, h, Config{})
		mustRegister(t, s, "ada@example.com")
		ctx := context.Background()
		for _, tc := range []struct{ email, want string }{
			{"nobody@example.com", cheap.DummyHash()},
			{"ada@example.com", ""}, // the account's own hash
		} {
			h.take()
			_, ues, err := s.SignIn(ctx, tc.email, "wrong password", "192.0.2.1", "")
			if err != nil || len(ues) != 1 || ues[0].Code != CodeUnidentifiedCustomer {
				t.Fatalf("%s: %v %v", tc.email, ues, err)
			}
			got := h.take()
			if len(got) != 1 || (tc.want != "" && got[0] != tc.want) || (tc.want == "" && got[0] == cheap.DummyHash()) {
				t.Fatalf("%s: verified against %q", tc.email, got)
			}
		}
	})
}

// Guessing from one source slows that source down, doubling, without
// locking the owner out: from another source the right password works at
// once; the guesser's waits grow; success forgets the failures.
func TestSignInBackoffPerAccountAndSource(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *store.Store) {
		s, clk := newService(t, st, cheap, Config{FreeFailures: 3, BackoffBase: time.Second, BackoffMax: time.Minute, AccountFreeFailures: 100})
		mustRegister(t, s, "ada@example.com")
		ctx := context.Background()
		const attacker, owner = "198.51.100.7", "192.0.2.1"
		guess := func() error {
			_, ues, err := s.SignIn(ctx, "ada@example.com", "guess", attacker, "")
			if err == nil && len(ues) != 1 {
				t.Fatalf("a guess got in: %v", ues)
			}
			return err
		}
		for i := 0; i < 3; i++ { // the third earns the first wait
			if err := guess(); err != nil {
				t.Fatalf("failure %d: %v", i, err)
			}
		}
		var waits []time.Duration
		for i := 0; i < 4; i++ {
			left, limited := retryAfter(guess())
			if !limited {
				t.Fatalf("no wait after %d failures", 3+i)
			}
			waits = append(waits, left)
			// The owner, elsewhere, is not slowed.
			if _, ues, err := s.SignIn(ctx, "ada@example.com", "correct horse", owner, ""); err != nil || len(ues) > 0 {
				t.Fatalf("the owner is locked out: %v %v", ues, err)
			}
			clk.Add(left)
			if err := guess(); err != nil { // a failure that earns the next wait
				t.Fatalf("failure after waiting: %v", err)
			}
		}
		for i, want := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second} {
			if waits[i] != want {
				t.Fatalf("waits %v, want doubling from 1s", waits)
			}
		}
		// The right password from the attacker's source still waits.
		if _, _, err := s.SignIn(ctx, "ada@example.com", "correct horse", attacker, ""); err == nil {
			t.Fatal("a waiting source was let in")
		}
	})
}

// Many sources guessing one account slow it down for everyone, but only by
// seconds (AccountBackoffMax), never for the window; one source guessing
// many accounts is refused (MaxFailuresPerIP).
func TestSignInThrottleAcrossSources(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *store.Store) {
		s, clk := newService(t, st, cheap, Config{FreeFailures: 3, AccountFreeFailures: 6, BackoffBase: time.Second,
			AccountBackoffMax: 4 * time.Second, MaxFailuresPerIP: 10})
		mustRegister(t, s, "ada@example.com")
		ctx := context.Background()
		for i := 0; i < 12; i++ {
			_, _, err := s.SignIn(ctx, "ada@example.com", "guess", "203.0.113."+string(rune('a'+i)), "")
			if left, limited := retryAfter(err); limited {
				if left > 4*time.Second {
					t.Fatalf("the account waits %v, more than AccountBackoffMax", left)
				}
				clk.Add(left)
			}
		}
		if _, _, err := s.SignIn(ctx, "ada@example.com", "correct horse", "192.0.2.1", ""); err != nil {
			left, _ := retryAfter(err)
			if left > 4*time.Second {
				t.Fatalf("the owner waits %v", left)
			}
			clk.Add(left)
			if _, ues, err := s.SignIn(ctx, "ada@example.com", "correct horse", "192.0.2.1", ""); err != nil || len(ues) > 0 {
				t.Fatalf("the owner is locked out after a short wait: %v %v", ues, err)
			}
		}
		// One source, many accounts.
		for i := 0; i < 10; i++ {
			if _, _, err := s.SignIn(ctx, "user"+string(rune('a'+i))+"@example.com", "guess", "198.51.100.9", ""); err != nil {
				t.Fatalf("failure %d refused early: %v", i, err)
			}
		}
		if _, limited := retryAfter(func() error {
			_, _, err := s.SignIn(ctx, "ada@example.com", "correct horse", "198.51.100.9", "")
			return err
		}()); !limited {
			t.Fatal("a source that failed on many accounts is not refused")
		}
	})
}

// Sign-ups and mails are throttled per source and per address.
func TestSignUpAndMailThrottles(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *store.Store) {
		s, clk := newService(t, st, cheap, Config{MaxSignUpsPerIP: 3, MaxSignUpsPerAddress: 2, MaxMailsPerIP: 4, MaxMailsPerAddress: 2, MailWindow: time.Hour})
		s.WithMail(Mail{Mailer: discard{}, StorefrontURL: "https://shop.example"})
		from := func(ip string) context.Context { return WithClientInfo(context.Background(), ClientInfo{IP: ip}) }
		signUp := func(ip, email string) error {
			_, _, err := s.Register(from(ip), RegisterInput{Email: email, Password: "correct horse"})
			return err
		}
		for i := 0; i < 3; i++ {
			if err := signUp("192.0.2.1", "u"+string(rune('a'+i))+"@example.com"); err != nil {
				t.Fatalf("sign-up %d: %v", i, err)
			}
		}
		if _, limited := retryAfter(signUp("192.0.2.1", "ud@example.com")); !limited {
			t.Fatal("a fourth sign-up from one source")
		}
		// Per address: the same address from several sources.
		for i, ip := range []string{"192.0.2.2", "192.0.2.3"} {
			if err := signUp(ip, "taken@example.com"); err != nil {
				t.Fatalf("sign-up %d of one address: %v", i, err)
			}
		}
		if _, limited := retryAfter(signUp("192.0.2.4", "taken@example.com")); !limited {
			t.Fatal("a third sign-up for one address")
		}
		// Reset mails: per address, known or not (the refusal tells nothing).
		for _, email := range []string{"ua@example.com", "unknown@example.com"} {
			for i, ip := range []string{"192.0.2.5", "192.0.2.6"} {
				if err := s.RequestPasswordReset(from(ip), email); err != nil {
					t.Fatalf("reset %d for %s: %v", i, email, err)
				}
			}
			if _, limited := retryAfter(s.RequestPasswordReset(from("192.0.2.7"), email)); !limited {
				t.Fatalf("a third reset mail to %s", email)
			}
		}
		// Per source: many addresses from one (192.0.2.5 sent two so far).
		for _, email := range []string{"ub@example.com", "uc@example.com"} {
			if err := s.RequestPasswordReset(from("192.0.2.5"), email); err != nil {
				t.Fatalf("reset for %s: %v", email, err)
			}
		}
		if _, limited := retryAfter(s.RequestPasswordReset(from("192.0.2.5"), "ud@example.com")); !limited {
			t.Fatal("one source sends mails to any number of addresses")
		}
		// The window ends.
		clk.Add(time.Hour)
		if err := signUp("192.0.2.1", "ue@example.com"); err != nil {
			t.Fatalf("after the window: %v", err)
		}
	})
}

type discard struct{}

func (discard) Send(context.Context, notify.Message) error { return nil }
