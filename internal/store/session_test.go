package store_test

import (
	"context"
	"net/url"
	"testing"

	"entgo.io/ent/dialect"

	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/testdb"
)

// The store's PostgreSQL sessions run without JIT compilation unless the
// URL sets jit (or options naming it) itself.
func TestParseURLTurnsJITOff(t *testing.T) {
	for _, tc := range []struct{ raw, jit, options string }{
		{"postgres://db.internal/shop", "off", ""},
		{"postgres://db.internal/shop?sslmode=disable&jit=on", "on", ""},
		{"postgresql://db.internal/shop?options=-c%20jit%3Don", "", "-c jit=on"},
	} {
		_, _, dsn, err := store.ParseURL(tc.raw)
		if err != nil {
			t.Fatalf("%s: %v", tc.raw, err)
		}
		u, err := url.Parse(dsn)
		if err != nil {
			t.Fatal(err)
		}
		if q := u.Query(); q.Get("jit") != tc.jit || q.Get("options") != tc.options || q.Get("connect_timeout") != store.DefaultConnectTimeout {
			t.Errorf("%s: DSN %s, want jit=%q options=%q connect_timeout=%s", tc.raw, dsn, tc.jit, tc.options, store.DefaultConnectTimeout)
		}
	}
}

// And PostgreSQL applies it: SHOW jit in the store's sessions.
func TestSessionsRunWithoutJIT(t *testing.T) {
	base, err := url.Parse(testdb.URL(t, dialect.Postgres))
	if err != nil {
		t.Fatal(err)
	}
	on := *base
	q := on.Query()
	q.Set("jit", "on")
	on.RawQuery = q.Encode()
	ctx := context.Background()
	for _, tc := range []struct{ url, want string }{{base.String(), "off"}, {on.String(), "on"}} {
		st, err := store.Open(ctx, tc.url, nil)
		if err != nil {
			t.Fatal(err)
		}
		var got string
		err = st.DB.QueryRowContext(ctx, "SHOW jit").Scan(&got)
		st.Close()
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("jit is %s in a session of %s, want %s", got, tc.url, tc.want)
		}
	}
}
