// Package config reads Comptoir's configuration from environment variables
// and validates all of it up front: a bad value is one error naming the
// variable and the problem.
package config

import (
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/comptoir/comptoir/internal/auth"
	"github.com/comptoir/comptoir/internal/money"
	"github.com/comptoir/comptoir/internal/origin"
	"github.com/comptoir/comptoir/internal/store"
)

// Environments.
const (
	Development = "development"
	Production  = "production"
)

// Config is the whole configuration.
type Config struct {
	DatabaseURL string
	// DBPool bounds this instance's database connections.
	DBPool   store.Pool
	RedisURL string
	// RedisPrefix starts the keys of Comptoir's counters in Redis.
	RedisPrefix     string
	Addr            string
	Env             string
	Playground      bool
	Introspection   bool
	SeedDemo        bool
	LogLevel        slog.Level
	LogFormat       string // text | json
	Currency        money.Currency
	ShutdownTimeout time.Duration
	MaxBodyBytes    int64
	// ResponseCacheBytes bounds the answers kept in process (0: no
	// response cache).
	ResponseCacheBytes int
	MaxDepth           int
	MaxComplexity      int
	MaxAliases         int
	MaxTokens          int
	JWTKeys            []auth.Key // nil: a development key kept in the store
	JWTIssuer          string
	JWTAudience        string
	AccessTokenTTL     time.Duration
	SMTPURL            string
	MailLog            bool // without SMTPURL, mails are logged (production: without their text)
	MailFrom           string
	StorefrontURL      string
	CORSOrigins        origin.List // browser origins besides the API's own
	// Checkout and payments.
	PricesIncludeTax     bool
	PaymentTimeout       time.Duration // card payments left PENDING
	ManualPaymentTimeout time.Duration // bank transfers and cash on delivery
	ReturnWindow         time.Duration
	ReconcileAfter       time.Duration // pending card payments older than this are asked about
	// TestHoldBeforeRecord makes checkout stop after the provider answered
	// and before the answer is recorded (a crash test kills the process
	// there). Refused in production.
	TestHoldBeforeRecord bool
	// Raw analytics events are purged past it (rollups stay).
	AnalyticsRetention time.Duration
	// BestSellingWindow is how far back the BEST_SELLING sort counts paid
	// units.
	BestSellingWindow   time.Duration
	StripeSecretKey     string
	StripeWebhookSecret string
	StripeAPIURL        string // "" for Stripe itself
	// Real time.
	OutboxDispatch bool
	// WorkerInterval is the longest a background job waits without a wake
	// or a due time (a safety net; jobs are woken by commits).
	WorkerInterval       time.Duration
	MaxSubscriptionsConn int
	MaxConnectionsUser   int
	// WSRefusalDelay holds a WebSocket whose connection_init carries a bad
	// token this long before closing it 4403 (see server.websocketInit).
	WSRefusalDelay      time.Duration
	WebhookAllowPrivate bool
	// Marketplace.
	SellerCommissionPPM    int
	AffiliateCommissionPPM int
	ReviewsRequireApproval bool
	// Metrics: where /metrics is served, which operation names are labels.
	Metrics Metrics
	// Documents: bounds checked before validation (guard.DocumentLimits).
	MaxSelections    int
	MaxSetSelections int
	// MaxInFlight bounds the queries and mutations executed at once.
	MaxInFlight int
}

// Var documents one variable (the README table is written from these).
type Var struct{ Name, Default, Meaning string }

// Vars lists every variable Comptoir reads.
var Vars = []Var{
	{"DATABASE_URL", "sqlite:comptoir.db", "`postgres://…` for PostgreSQL (lib/pq), or `sqlite:PATH` for the embedded SQLite store"},
	{"COMPTOIR_REDIS_PREFIX", "comptoir:", "prefix of the keys of Comptoir's counters in Redis (sign-in, sign-up and mail throttling), so that deployments (or test runs) sharing one Redis keep their limits apart; the instances of one deployment share it (1 to 64 characters, no spaces)"},
	{"REDIS_URL", "(none)", "`redis://…`; read and validated now, used by real-time and rate limiting (in-process without it)"},
	{"COMPTOIR_ADDR", ":8080", "listen address"},
	{"COMPTOIR_ENV", "development", "`development` or `production`; production turns the playground, introspection (and with it field suggestions) and the demo seed off unless set explicitly, requires COMPTOIR_JWT_KEYS and SMTP_URL (or COMPTOIR_MAIL_LOG=true), and serves `/metrics` only on COMPTOIR_METRICS_ADDR or with COMPTOIR_METRICS_TOKEN"},
	{"COMPTOIR_PLAYGROUND", "on in development", "serve the GraphQL playground at `/`"},
	{"COMPTOIR_INTROSPECTION", "on in development", "allow schema introspection; validation errors suggest names near a typo (\"Did you mean …?\") only when it is on"},
	{"COMPTOIR_SEED_DEMO", "on in development", "load the demo catalog at start-up when the store is empty"},
	{"COMPTOIR_LOG_LEVEL", "info", "`debug`, `info`, `warn` or `error`"},
	{"COMPTOIR_LOG_FORMAT", "text in development, json in production", "`text` or `json`"},
	{"COMPTOIR_METRICS_ADDR", "(none)", "a listener of its own for `/metrics`, e.g. `127.0.0.1:9090`; the public listener then serves `/metrics` only with COMPTOIR_METRICS_TOKEN"},
	{"COMPTOIR_METRICS_TOKEN", "(none)", "require `Authorization: Bearer <token>` (16+ characters) on the public `/metrics`; in production without this or COMPTOIR_METRICS_ADDR, `/metrics` is not served publicly (404)"},
	{"COMPTOIR_METRICS_OPERATIONS", "(none)", "comma-separated operation names kept as the `operation` label of request metrics; other names count as `other` unless sent as persisted queries"},
	{"OTEL_EXPORTER_OTLP_ENDPOINT", "(none: tracing off)", "OTLP/HTTP collector (e.g. `http://127.0.0.1:4318`) to export traces to; OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (used as given), `OTEL_EXPORTER_OTLP_[TRACES_]HEADERS` (the signal's replace the generic ones), `_TIMEOUT` (ms), `_COMPRESSION` (`gzip`), `_CERTIFICATE`, `_CLIENT_CERTIFICATE` and `_CLIENT_KEY` (a pair from one level), `_PROTOCOL` (only `http/protobuf`), and the SDK's OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES and OTEL_TRACES_SAMPLER apply; `OTEL_SDK_DISABLED=true` turns tracing off"},
	{"COMPTOIR_CURRENCY", "EUR", "catalog currency (ISO 4217) that price filters are read in"},
	{"COMPTOIR_SHUTDOWN_TIMEOUT", "15s", "how long SIGTERM waits for in-flight requests"},
	{"COMPTOIR_MAX_BODY_BYTES", "1048576", "largest request body; more is HTTP 413"},
	{"COMPTOIR_RESPONSE_CACHE_BYTES", "33554432", "memory for answers to PUBLIC queries without a viewer, shared by every anonymous caller (and kept in Redis too with REDIS_URL); purged when what they show changes; `0` turns the response cache off"},
	{"COMPTOIR_MAX_INFLIGHT", "8", "queries and mutations executed at once; more wait their turn (subscriptions are not counted). An executing listing holds a few hundred goroutines and its garbage, so this bounds the memory under load: on 2 cores, 8 serves a 64-connection W1 listing load as fast as no bound, with about a third of the anonymous memory. Raise it with the cores and with PostgreSQL latency"},
	{"COMPTOIR_MAX_DEPTH", "15", "deepest field nesting of an operation"},
	{"COMPTOIR_MAX_COMPLEXITY", "25000", "largest operation cost (a connection costs first × its children)"},
	{"COMPTOIR_MAX_ALIASES", "100", "most aliases in one operation"},
	{"COMPTOIR_MAX_TOKENS", "15000", "most lexer tokens in one query document"},
	{"COMPTOIR_MAX_SELECTIONS", "2000", "most selections (fields, aliases, `__typename`, fragments) in one query document, a fragment counted for each operation or fragment spreading it; more is refused before validation"},
	{"COMPTOIR_MAX_SELECTIONS_PER_SET", "200", "most fields and fragment spreads in one selection set, those of its inline fragments included; more is refused before validation"},
	{"COMPTOIR_JWT_KEYS", "generated in development", "access-token keys `KID:SEED,KID:SEED` (Ed25519 seeds, base64url); the first signs, all verify, so keys rotate by adding a new one first; required in production"},
	{"COMPTOIR_JWT_ISSUER", "comptoir", "`iss` of access tokens"},
	{"COMPTOIR_JWT_AUDIENCE", "comptoir", "`aud` of access tokens"},
	{"COMPTOIR_ACCESS_TOKEN_TTL", "15m", "lifetime of access tokens"},
	{"SMTP_URL", "(none: mails are logged in development; required in production)", "`smtp://user:pass@host:587` (STARTTLS when offered), `smtps://…:465`, or `?tls=none` for a local relay"},
	{"COMPTOIR_MAIL_LOG", "true in development, false in production", "without SMTP_URL, log account mails instead of sending them; production then logs only their recipient and subject, never their text (its links carry sign-in tokens), and refuses to start without SMTP_URL unless this is true"},
	{"COMPTOIR_MAIL_FROM", "Comptoir <no-reply@localhost>", "sender of account mails"},
	{"COMPTOIR_STOREFRONT_URL", "http://localhost:3000", "base of the links in mails (`/account/verify?token=…`, `/account/reset?token=…`)"},
	{"COMPTOIR_CORS_ORIGINS", "in development the storefront's origin and `http://localhost:*`; none in production", "browser origins allowed to call the API (CORS, WebSocket, SSE), comma-separated: `https://shop.example.com`, `https://*.example.com` (any subdomain), `http://localhost:*` (any port); requests without `Origin` and same-origin ones are always served"},
	{"COMPTOIR_PRICES_INCLUDE_TAX", "false", "catalog and shipping prices include tax (tax is then the part of the price it accounts for)"},
	{"COMPTOIR_PAYMENT_TIMEOUT", "30m", "a card payment still pending after this expires: its order is cancelled and its stock released"},
	{"COMPTOIR_MANUAL_PAYMENT_TIMEOUT", "168h", "the same for manual payments (bank transfer, cash on delivery) not marked paid"},
	{"COMPTOIR_PAYMENT_RECONCILE_AFTER", "2m", "a card payment still pending after this (checkout crashed or could not record the provider's answer, a webhook was lost) is looked up at its provider (Stripe: the PaymentIntent), and a capture, failure or expiry found there is recorded; then again every as long while it stays pending (1m to 24h)"},
	{"COMPTOIR_TEST_HOLD_BEFORE_RECORD", "false", "tests only, refused in production: checkout stops after the payment provider answered and before the answer is recorded, logging `checkout: holding before record`, so that a crash test can kill the process at that moment"},
	{"COMPTOIR_RETURN_WINDOW", "720h", "how long after delivery a customer may request a return"},
	{"STRIPE_SECRET_KEY", "(none: no Stripe)", "Stripe secret key; enables the `stripe` payment provider"},
	{"STRIPE_WEBHOOK_SECRET", "(none)", "signing secret of the Stripe webhook endpoint (`/webhooks/stripe`); required with STRIPE_SECRET_KEY"},
	{"STRIPE_API_URL", "https://api.stripe.com", "Stripe API base URL (a local server speaking Stripe's API in tests)"},
	{"COMPTOIR_OUTBOX_DISPATCH", "true", "publish committed events from this instance (instances share the work; `false` leaves it to others)"},
	{"COMPTOIR_MAX_SUBSCRIPTIONS_PER_CONNECTION", "20", "subscriptions one WebSocket connection may run (more are RATE_LIMITED); an SSE stream runs one"},
	{"COMPTOIR_MAX_CONNECTIONS_PER_USER", "10", "real-time connections one signed-in account may hold on an instance, WebSockets and SSE subscription streams together (more are refused: at connection_init, or HTTP 429 RATE_LIMITED for SSE)"},
	{"COMPTOIR_WS_REFUSAL_DELAY", "4s", "how long a WebSocket whose `connection_init` carries a bad, tampered or expired token is held before it is closed with 4403: npm's graphql-ws client retries 4403 after 1.3 to 4 s, so with 4s a client holding a dead token connects at most once in 5 s and a token guesser gets one try per delay (0 to 30s)"},
	{"COMPTOIR_WEBHOOK_ALLOW_PRIVATE", "false", "let webhook endpoints be on any address; otherwise only globally routable unicast ones are reached (IANA special-purpose registries: private, loopback, link-local, shared 100.64/10, benchmarking, reserved, documentation, NAT64 and IPv4-mapped forms of those are refused, checked again on every connection), against SSRF; logged as a warning at start"},
	{"COMPTOIR_SELLER_COMMISSION", "10", "the marketplace's commission on each paid line, in percent (0 to 100, up to 4 decimals); admins override it per seller"},
	{"COMPTOIR_AFFILIATE_COMMISSION", "5", "the affiliate program's commission, in percent of an attributed order's net subtotal; admins override it per affiliate"},
	{"COMPTOIR_REVIEWS_REQUIRE_APPROVAL", "false", "hold new and edited reviews until an admin approves them"},
	{"COMPTOIR_DB_MAX_OPEN", "10", "database connections one instance opens at most (in use or idle); sized so that 8 instances fit PostgreSQL's default `max_connections` of 100 with room for migrations and psql (each instance also holds one LISTEN connection on PostgreSQL); requests wait for a free connection beyond it"},
	{"COMPTOIR_DB_MAX_IDLE", "10", "idle connections kept open between uses (0 to COMPTOIR_DB_MAX_OPEN); more are closed when returned"},
	{"COMPTOIR_DB_CONN_MAX_LIFETIME", "30m", "a connection is closed (when returned) this long after it was opened, so that connections move to a restarted or failed-over server and balancers rebalance; `0` keeps them (0 or 1s to 24h)"},
	{"COMPTOIR_DB_CONN_MAX_IDLE_TIME", "1m", "an idle connection is closed after this long unused, so that a quiet instance holds (almost) none; `0` keeps them (0 or 1s to 24h)"},
	{"COMPTOIR_WORKER_INTERVAL", "1m", "the longest a background job (outbox dispatch, mail and webhook delivery, payment expiry, marketplace settlement) waits without being woken: jobs run when a commit wakes them (on PostgreSQL, any instance's commit, through `LISTEN/NOTIFY`) or when their data says (a retry, an expiry), never by polling; this safety net catches writes made outside Comptoir (1s to 24h)"},
}

// Error is a configuration problem with one variable.
type Error struct{ Var, Problem string }

func (e *Error) Error() string { return fmt.Sprintf("invalid configuration: %s: %s", e.Var, e.Problem) }

// Load reads the configuration through getenv (os.Getenv in production).
func Load(getenv func(string) string) (*Config, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	c := &Config{
		DatabaseURL: or(getenv("DATABASE_URL"), "sqlite:comptoir.db"),
		RedisURL:    getenv("REDIS_URL"),
		Addr:        or(getenv("COMPTOIR_ADDR"), ":8080"),
		Env:         or(getenv("COMPTOIR_ENV"), Development),
	}
	if c.Env != Development && c.Env != Production {
		return nil, &Error{"COMPTOIR_ENV", fmt.Sprintf("must be %q or %q, got %q", Development, Production, c.Env)}
	}
	dev := c.Env == Development
	if _, _, _, err := store.ParseURL(c.DatabaseURL); err != nil {
		return nil, &Error{"DATABASE_URL", err.Error()}
	}
	c.RedisPrefix = or(getenv("COMPTOIR_REDIS_PREFIX"), "comptoir:")
	if len(c.RedisPrefix) > 64 || strings.ContainsAny(c.RedisPrefix, " \t\r\n") {
		return nil, &Error{"COMPTOIR_REDIS_PREFIX", "must be 1 to 64 characters without spaces"}
	}
	if c.RedisURL != "" {
		if _, err := redis.ParseURL(c.RedisURL); err != nil {
			return nil, &Error{"REDIS_URL", err.Error()}
		}
	}
	if _, port, err := net.SplitHostPort(c.Addr); err != nil {
		return nil, &Error{"COMPTOIR_ADDR", fmt.Sprintf("must be host:port or :port, got %q", c.Addr)}
	} else if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		return nil, &Error{"COMPTOIR_ADDR", fmt.Sprintf("port must be a number from 0 to 65535, got %q", port)}
	}
	var err error
	if c.Playground, err = boolVar(getenv, "COMPTOIR_PLAYGROUND", dev); err != nil {
		return nil, err
	}
	if c.Introspection, err = boolVar(getenv, "COMPTOIR_INTROSPECTION", dev); err != nil {
		return nil, err
	}
	if c.SeedDemo, err = boolVar(getenv, "COMPTOIR_SEED_DEMO", dev); err != nil {
		return nil, err
	}
	switch v := strings.ToLower(or(getenv("COMPTOIR_LOG_LEVEL"), "info")); v {
	case "debug":
		c.LogLevel = slog.LevelDebug
	case "info":
		c.LogLevel = slog.LevelInfo
	case "warn", "warning":
		c.LogLevel = slog.LevelWarn
	case "error":
		c.LogLevel = slog.LevelError
	default:
		return nil, &Error{"COMPTOIR_LOG_LEVEL", fmt.Sprintf("must be debug, info, warn or error, got %q", v)}
	}
	c.LogFormat = or(getenv("COMPTOIR_LOG_FORMAT"), map[bool]string{true: "text", false: "json"}[dev])
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return nil, &Error{"COMPTOIR_LOG_FORMAT", fmt.Sprintf("must be text or json, got %q", c.LogFormat)}
	}
	if c.Currency, err = money.ParseCurrency(or(getenv("COMPTOIR_CURRENCY"), "EUR")); err != nil {
		return nil, &Error{"COMPTOIR_CURRENCY", err.Error()}
	}
	if v := or(getenv("COMPTOIR_SHUTDOWN_TIMEOUT"), "15s"); true {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return nil, &Error{"COMPTOIR_SHUTDOWN_TIMEOUT", fmt.Sprintf("must be a positive duration such as 15s, got %q", v)}
		}
		c.ShutdownTimeout = d
	}
	ints := []struct {
		name string
		def  int
		dst  *int
	}{
		{"COMPTOIR_MAX_DEPTH", 15, &c.MaxDepth},
		{"COMPTOIR_MAX_INFLIGHT", 8, &c.MaxInFlight},
		{"COMPTOIR_MAX_COMPLEXITY", 25000, &c.MaxComplexity},
		{"COMPTOIR_MAX_ALIASES", 100, &c.MaxAliases},
		{"COMPTOIR_MAX_TOKENS", 15000, &c.MaxTokens},
		{"COMPTOIR_MAX_SELECTIONS", 2000, &c.MaxSelections},
		{"COMPTOIR_MAX_SELECTIONS_PER_SET", 200, &c.MaxSetSelections},
		{"COMPTOIR_MAX_SUBSCRIPTIONS_PER_CONNECTION", 20, &c.MaxSubscriptionsConn},
		{"COMPTOIR_MAX_CONNECTIONS_PER_USER", 10, &c.MaxConnectionsUser},
	}
	for _, iv := range ints {
		if *iv.dst, err = intVar(getenv, iv.name, iv.def); err != nil {
			return nil, err
		}
	}
	body, err := intVar(getenv, "COMPTOIR_MAX_BODY_BYTES", 1<<20)
	if err != nil {
		return nil, err
	}
	c.MaxBodyBytes = int64(body)
	c.ResponseCacheBytes = 32 << 20
	if v := getenv("COMPTOIR_RESPONSE_CACHE_BYTES"); v != "" {
		if c.ResponseCacheBytes, err = strconv.Atoi(v); err != nil || c.ResponseCacheBytes < 0 {
			return nil, &Error{"COMPTOIR_RESPONSE_CACHE_BYTES", fmt.Sprintf("must be a whole number of bytes (0: off), got %q", v)}
		}
	}
	if v := getenv("COMPTOIR_JWT_KEYS"); v != "" {
		if c.JWTKeys, err = auth.ParseKeys(v); err != nil {
			return nil, &Error{"COMPTOIR_JWT_KEYS", err.Error()}
		}
	} else if !dev {
		return nil, &Error{"COMPTOIR_JWT_KEYS", "required in production (KID:SEED with a 32-byte Ed25519 seed, base64url)"}
	}
	c.JWTIssuer = or(getenv("COMPTOIR_JWT_ISSUER"), "comptoir")
	c.JWTAudience = or(getenv("COMPTOIR_JWT_AUDIENCE"), "comptoir")
	if v := or(getenv("COMPTOIR_ACCESS_TOKEN_TTL"), "15m"); true {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Minute || d > 24*time.Hour {
			return nil, &Error{"COMPTOIR_ACCESS_TOKEN_TTL", fmt.Sprintf("must be a duration from 1m to 24h, got %q", v)}
		}
		c.AccessTokenTTL = d
	}
	c.SMTPURL = getenv("SMTP_URL")
	if c.SMTPURL != "" {
		u, err := url.Parse(c.SMTPURL)
		if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
			return nil, &Error{"SMTP_URL", "must be smtp://[user:pass@]host[:port] or smtps://…"}
		}
	}
	if c.MailLog, err = boolVar(getenv, "COMPTOIR_MAIL_LOG", dev); err != nil {
		return nil, err
	}
	if c.SMTPURL == "" && !c.MailLog {
		return nil, &Error{"SMTP_URL", "required in production: account mails carry verification and password-reset links " +
			"(COMPTOIR_MAIL_LOG=true runs without mail, logging only each mail's recipient and subject)"}
	}
	c.MailFrom = or(getenv("COMPTOIR_MAIL_FROM"), "Comptoir <no-reply@localhost>")
	if _, err := mail.ParseAddress(c.MailFrom); err != nil {
		return nil, &Error{"COMPTOIR_MAIL_FROM", "must be an address such as Shop <shop@example.com>"}
	}
	c.StorefrontURL = strings.TrimRight(or(getenv("COMPTOIR_STOREFRONT_URL"), "http://localhost:3000"), "/")
	if u, err := url.Parse(c.StorefrontURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, &Error{"COMPTOIR_STOREFRONT_URL", "must be an absolute http(s) URL"}
	}
	if c.CORSOrigins, err = corsOrigins(getenv, dev, c.StorefrontURL); err != nil {
		return nil, err
	}
	if c.PricesIncludeTax, err = boolVar(getenv, "COMPTOIR_PRICES_INCLUDE_TAX", false); err != nil {
		return nil, err
	}
	durations := []struct {
		name, def string
		dst       *time.Duration
	}{
		{"COMPTOIR_PAYMENT_TIMEOUT", "30m", &c.PaymentTimeout},
		{"COMPTOIR_MANUAL_PAYMENT_TIMEOUT", "168h", &c.ManualPaymentTimeout},
		{"COMPTOIR_RETURN_WINDOW", "720h", &c.ReturnWindow},
		{"COMPTOIR_PAYMENT_RECONCILE_AFTER", "2m", &c.ReconcileAfter},
		{"COMPTOIR_ANALYTICS_RETENTION", "2160h", &c.AnalyticsRetention},
		{"COMPTOIR_BEST_SELLING_WINDOW", "720h", &c.BestSellingWindow},
	}
	for _, dv := range durations {
		v := or(getenv(dv.name), dv.def)
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Minute {
			return nil, &Error{dv.name, fmt.Sprintf("must be a duration of at least 1m, such as %s, got %q", dv.def, v)}
		}
		*dv.dst = d
	}
	if c.ReviewsRequireApproval, err = boolVar(getenv, "COMPTOIR_REVIEWS_REQUIRE_APPROVAL", false); err != nil {
		return nil, err
	}
	for _, pv := range []struct {
		name, def string
		dst       *int
	}{{"COMPTOIR_SELLER_COMMISSION", "10", &c.SellerCommissionPPM}, {"COMPTOIR_AFFILIATE_COMMISSION", "5", &c.AffiliateCommissionPPM}} {
		v := or(getenv(pv.name), pv.def)
		ppm, ok := money.ParsePercent(v)
		if !ok {
			return nil, &Error{pv.name, fmt.Sprintf("must be a percentage from 0 to 100 with up to 4 decimals, got %q", v)}
		}
		*pv.dst = ppm
	}
	if c.WebhookAllowPrivate, err = boolVar(getenv, "COMPTOIR_WEBHOOK_ALLOW_PRIVATE", false); err != nil {
		return nil, err
	}
	if v := or(getenv("COMPTOIR_WS_REFUSAL_DELAY"), "4s"); true {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 || d > 30*time.Second {
			return nil, &Error{"COMPTOIR_WS_REFUSAL_DELAY", fmt.Sprintf("must be a duration from 0s to 30s, got %q", v)}
		}
		c.WSRefusalDelay = d
	}
	if c.ReconcileAfter > 24*time.Hour {
		return nil, &Error{"COMPTOIR_PAYMENT_RECONCILE_AFTER", "must be at most 24h"}
	}
	if c.TestHoldBeforeRecord, err = boolVar(getenv, "COMPTOIR_TEST_HOLD_BEFORE_RECORD", false); err != nil {
		return nil, err
	}
	if c.TestHoldBeforeRecord && !dev {
		return nil, &Error{"COMPTOIR_TEST_HOLD_BEFORE_RECORD", "is for tests and refused in production"}
	}
	if c.OutboxDispatch, err = boolVar(getenv, "COMPTOIR_OUTBOX_DISPATCH", true); err != nil {
		return nil, err
	}
	if getenv("COMPTOIR_OUTBOX_INTERVAL") != "" {
		// Its meaning changed: set to 1s, it would make every job poll.
		return nil, &Error{"COMPTOIR_OUTBOX_INTERVAL", "no longer read: the outbox is dispatched when commits wake it; " +
			"COMPTOIR_WORKER_INTERVAL (default 1m) is the safety net of every background job"}
	}
	if v := or(getenv("COMPTOIR_WORKER_INTERVAL"), "1m"); true {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Second || d > 24*time.Hour {
			return nil, &Error{"COMPTOIR_WORKER_INTERVAL", fmt.Sprintf("must be a duration from 1s to 24h, got %q", v)}
		}
		c.WorkerInterval = d
	}
	if c.DBPool, err = loadPool(getenv); err != nil {
		return nil, err
	}
	if err := loadMetrics(c, getenv); err != nil {
		return nil, err
	}
	c.StripeSecretKey = getenv("STRIPE_SECRET_KEY")
	c.StripeWebhookSecret = getenv("STRIPE_WEBHOOK_SECRET")
	if c.StripeSecretKey != "" && c.StripeWebhookSecret == "" {
		return nil, &Error{"STRIPE_WEBHOOK_SECRET", "required when STRIPE_SECRET_KEY is set (the endpoint's whsec_… secret)"}
	}
	c.StripeAPIURL = getenv("STRIPE_API_URL")
	if c.StripeAPIURL != "" {
		if u, err := url.Parse(c.StripeAPIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, &Error{"STRIPE_API_URL", "must be an absolute http(s) URL"}
		}
	}
	return c, nil
}

// loadPool reads the connection pool's bounds (store.DefaultPool unless
// set).
func loadPool(getenv func(string) string) (store.Pool, error) {
	p := store.DefaultPool
	count := func(name string, def, lo int) (int, error) {
		v := getenv(name)
		if v == "" {
			return def, nil
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < lo || n > 10000 {
			return 0, &Error{name, fmt.Sprintf("must be a whole number from %d to 10000, got %q", lo, v)}
		}
		return n, nil
	}
	var err error
	if p.MaxOpen, err = count("COMPTOIR_DB_MAX_OPEN", p.MaxOpen, 1); err != nil {
		return p, err
	}
	if p.MaxIdle, err = count("COMPTOIR_DB_MAX_IDLE", min(p.MaxIdle, p.MaxOpen), 0); err != nil {
		return p, err
	}
	if p.MaxIdle > p.MaxOpen {
		return p, &Error{"COMPTOIR_DB_MAX_IDLE", fmt.Sprintf("must not exceed COMPTOIR_DB_MAX_OPEN (%d), got %d", p.MaxOpen, p.MaxIdle)}
	}
	for _, dv := range []struct {
		name string
		dst  *time.Duration
	}{{"COMPTOIR_DB_CONN_MAX_LIFETIME", &p.MaxLifetime}, {"COMPTOIR_DB_CONN_MAX_IDLE_TIME", &p.MaxIdleTime}} {
		v := getenv(dv.name)
		if v == "" {
			continue
		}
		d, err := time.ParseDuration(v)
		if err != nil || (d != 0 && (d < time.Second || d > 24*time.Hour)) {
			return p, &Error{dv.name, fmt.Sprintf("must be 0 (never) or a duration from 1s to 24h, got %q", v)}
		}
		*dv.dst = d
	}
	return p, nil
}

// corsOrigins reads COMPTOIR_CORS_ORIGINS; unset, development allows the
// storefront and local development servers on any port, production none.
func corsOrigins(getenv func(string) string, dev bool, storefront string) (origin.List, error) {
	v := getenv("COMPTOIR_CORS_ORIGINS")
	if v == "" && dev {
		u, _ := url.Parse(storefront) // validated above
		v = u.Scheme + "://" + u.Host + ",http://localhost:*"
	}
	l, err := origin.ParseList(v)
	if err != nil {
		return nil, &Error{"COMPTOIR_CORS_ORIGINS", err.Error() + " (comma-separated origins such as https://shop.example.com, https://*.example.com or http://localhost:*)"}
	}
	return l, nil
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func boolVar(getenv func(string) string, name string, def bool) (bool, error) {
	v := getenv(name)
	if v == "" {
		return def, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, &Error{name, fmt.Sprintf("must be true or false, got %q", v)}
	}
	return b, nil
}

func intVar(getenv func(string) string, name string, def int) (int, error) {
	v := getenv(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		return 0, &Error{name, fmt.Sprintf("must be a positive whole number, got %q", v)}
	}
	return n, nil
}
