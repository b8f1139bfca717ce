package resolvers_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/comptoir/comptoir/internal/apitest"
	"github.com/comptoir/comptoir/internal/config"
	"github.com/comptoir/comptoir/internal/notify/mailtest"
	"github.com/comptoir/comptoir/internal/testdb"
	"github.com/comptoir/comptoir/internal/waitfor"
)

var tokenRE = regexp.MustCompile(`token=(at_[A-Za-z0-9_-]{43})`)

func mailToken(t *testing.T, m mailtest.Mail) string {
	t.Helper()
	match := tokenRE.FindStringSubmatch(m.Text)
	if match == nil {
		t.Fatalf("no token in the mail:\n%s", m.Raw)
	}
	return match[1]
}

func withSMTP(url string) apitest.Option {
	return apitest.Config(func(c *config.Config) { c.SMTPURL = url; c.StorefrontURL = "https://shop.example.com" })
}

func TestEmailVerification(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		smtp := mailtest.Start(t)
		c := apitest.New(t, st, withSMTP(smtp.URL))
		register(t, c, "ada@example.com", "correct horse")
		tk := login(t, c, "ada@example.com", "correct horse")
		const send = `mutation { customerEmailVerificationSend { sent } }`
		if r := c.Query(t, send, nil); len(r.Errors) == 0 || r.Errors[0].Code() != "UNAUTHENTICATED" {
			t.Fatalf("anonymous send: %s", r.Raw)
		}
		if r := c.QueryAs(t, tk.AccessToken, send, nil); !strings.Contains(string(r.Data), `"sent":true`) {
			t.Fatalf("send: %s", r.Raw)
		}
		m := smtp.Next(t)
		if m.To != "ada@example.com" || m.Subject != "Confirm your email address" || !strings.Contains(m.Text, "https://shop.example.com/account/verify?token=") || !strings.Contains(m.HTML, `href="https://shop.example.com/account/verify?token=`) {
			t.Fatalf("mail: %+v", m)
		}
		token := mailToken(t, m)
		const verify = `mutation($t: String!) { customerEmailVerify(input: { token: $t }) { customer { emailVerified } userErrors { code } } }`
		if r := c.Query(t, verify, map[string]any{"t": token}); !strings.Contains(string(r.Data), `"emailVerified":true`) {
			t.Fatalf("verify: %s", r.Raw)
		}
		if r := c.Query(t, verify, map[string]any{"t": token}); !strings.Contains(string(r.Data), "TOKEN_INVALID") {
			t.Fatalf("second use: %s", r.Raw)
		}
	})
}

func TestPasswordReset(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		smtp := mailtest.Start(t)
		c := apitest.New(t, st, withSMTP(smtp.URL))
		register(t, c, "ada@example.com", "correct horse")
		old := login(t, c, "ada@example.com", "correct horse")
		const recover = `mutation($e: String!) { customerRecover(input: { email: $e }) { userErrors { code } } }`
		unknown := c.Query(t, recover, map[string]any{"e": "nobody@example.com"})
		known := c.Query(t, recover, map[string]any{"e": "ADA@example.com"})
		if string(unknown.Raw) != string(known.Raw) || len(known.Errors) > 0 {
			t.Fatalf("recover answers differ:\n%s\n%s", unknown.Raw, known.Raw)
		}
		m := smtp.Next(t)
		if m.To != "ada@example.com" || m.Subject != "Reset your password" {
			t.Fatalf("mail: %+v", m)
		}
		waitSettled(t, st)
		smtp.None(t) // nothing for the unknown address
		token := mailToken(t, m)
		const reset = `mutation($t: String!, $p: String!) { customerReset(input: { token: $t, password: $p }) {
			customerAccessToken { accessToken } userErrors { code } } }`
		if r := c.Query(t, reset, map[string]any{"t": token, "p": "short"}); !strings.Contains(string(r.Data), "TOO_SHORT") {
			t.Fatalf("short password: %s", r.Raw)
		}
		r := c.Query(t, reset, map[string]any{"t": token, "p": "brand new pass"})
		if !strings.Contains(string(r.Data), `"accessToken":"`) {
			t.Fatalf("reset: %s", r.Raw)
		}
		if r, _ := me(t, c, old.AccessToken); len(r.Errors) == 0 {
			t.Fatal("a reset must sign out every session")
		}
		if r := c.Query(t, reset, map[string]any{"t": token, "p": "another pass"}); !strings.Contains(string(r.Data), "TOKEN_INVALID") {
			t.Fatalf("reused reset token: %s", r.Raw)
		}
		bad := c.Query(t, signIn, map[string]any{"input": map[string]any{"email": "ada@example.com", "password": "correct horse"}})
		if !strings.Contains(string(bad.Data), "UNIDENTIFIED_CUSTOMER") {
			t.Fatalf("the old password still works: %s", bad.Raw)
		}
		login(t, c, "ada@example.com", "brand new pass")
	})
}

// Without SMTP_URL, mails are logged: whole in development (the links are
// what a developer needs), but in production (COMPTOIR_MAIL_LOG=true) only
// their recipient and subject: a reset link's token is as good as the
// password to whoever reads the log.
func TestLoggedMailsKeepTheirLinksOutOfProductionLogs(t *testing.T) {
	st := testdb.Open(t, testdb.Dialects[0])
	for _, env := range []string{config.Development, config.Production} {
		t.Run(env, func(t *testing.T) {
			c := apitest.New(t, st, apitest.Config(func(c *config.Config) { c.Env, c.SMTPURL, c.MailLog = env, "", true }))
			email := env + "@example.com"
			register(t, c, email, "correct horse")
			const recover = `mutation($e: String!) { customerRecover(input: { email: $e }) { userErrors { code } } }`
			if r := c.Query(t, recover, map[string]any{"e": email}); len(r.Errors) > 0 {
				t.Fatalf("recover: %s", r.Raw)
			}
			waitfor.Cond(t, "the reset mail in the log", func() bool { return strings.Contains(c.Logs.String(), "Reset your password") })
			logs := c.Logs.String()
			leaked := strings.Contains(logs, "token=") || strings.Contains(logs, "/account/reset") || strings.Contains(logs, "/account/verify")
			if env == config.Production && leaked {
				t.Fatalf("production logged a mail's links:\n%s", logs)
			}
			if env == config.Development && !strings.Contains(logs, "/account/reset?token=") {
				t.Fatalf("development did not log the reset link:\n%s", logs)
			}
		})
	}
}
