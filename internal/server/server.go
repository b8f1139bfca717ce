// Package server assembles Comptoir's HTTP handler: GraphQL at /graphql, the
// playground at /, Prometheus metrics at /metrics and health checks, behind
// request ids, access logs, a body-size limit and panic recovery.
package server

import (
	"context"
	"fmt"
	"github.com/comptoir/comptoir/internal/analytics"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/comptoir/comptoir/ent"
	entpayment "github.com/comptoir/comptoir/ent/payment"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/account"
	"github.com/comptoir/comptoir/internal/addressbook"
	"github.com/comptoir/comptoir/internal/affiliate"
	"github.com/comptoir/comptoir/internal/auth"
	"github.com/comptoir/comptoir/internal/cart"
	"github.com/comptoir/comptoir/internal/catalog"
	"github.com/comptoir/comptoir/internal/checkout"
	"github.com/comptoir/comptoir/internal/config"
	"github.com/comptoir/comptoir/internal/inventory"
	"github.com/comptoir/comptoir/internal/ledger"
	"github.com/comptoir/comptoir/internal/loader"
	"github.com/comptoir/comptoir/internal/media"
	"github.com/comptoir/comptoir/internal/nodes"
	"github.com/comptoir/comptoir/internal/notify"
	"github.com/comptoir/comptoir/internal/orders"
	"github.com/comptoir/comptoir/internal/outbox"
	"github.com/comptoir/comptoir/internal/payment"
	"github.com/comptoir/comptoir/internal/playground"
	"github.com/comptoir/comptoir/internal/promotion"
	"github.com/comptoir/comptoir/internal/pubsub"
	"github.com/comptoir/comptoir/internal/ratelimit"
	"github.com/comptoir/comptoir/internal/realtime"
	"github.com/comptoir/comptoir/internal/recommend"
	"github.com/comptoir/comptoir/internal/redisx"
	"github.com/comptoir/comptoir/internal/respcache"
	"github.com/comptoir/comptoir/internal/reviews"
	"github.com/comptoir/comptoir/internal/sales"
	"github.com/comptoir/comptoir/internal/sellers"
	"github.com/comptoir/comptoir/internal/shipping"
	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/telemetry"
	"github.com/comptoir/comptoir/internal/webhook"
	"github.com/comptoir/comptoir/internal/wishlist"
	"github.com/comptoir/comptoir/internal/worker"
	"github.com/comptoir/comptoir/migrations"
	"github.com/comptoir/comptoir/resolvers"
)

// Server holds what the handler needs.
type Server struct {
	cfg        *config.Config
	store      *store.Store
	log        *slog.Logger
	metrics    *Metrics
	accounts   *account.Service
	handler    http.Handler
	orders     *orders.Service
	ledger     *ledger.Ledger
	affs       *affiliate.Service
	promotions *promotion.Service
	broker     pubsub.Broker
	redis      *redisx.Client // nil without REDIS_URL
	// respCache keeps PUBLIC answers for anonymous callers; nil when
	// COMPTOIR_RESPONSE_CACHE_BYTES is 0.
	respCache *respcache.Cache
	ws        sockets
	tracing   *telemetry.Tracing
	stop      chan struct{}
	stopOnce  sync.Once
	workers   worker.Runner
	// cacheRun is the response cache's Redis purger, apart from the jobs:
	// it talks to Redis only.
	cacheRun sync.WaitGroup
	// unshare stops carrying wakes between instances (ShareWakes).
	unshare func()

	// wsInitTimeout is how long a WebSocket may wait for connection_init.
	wsInitTimeout time.Duration
}

// Close stops the background workers (payment sweeper, outbox dispatcher,
// mail sender) and closes the broker. Mails not sent yet stay in the mail
// outbox for the next start.
func (s *Server) Close() {
	s.stopOnce.Do(func() {
		close(s.stop)
		s.workers.Wait()
		s.cacheRun.Wait()
		s.unshare()
		_ = s.broker.Close()
		if s.redis != nil {
			_ = s.redis.Close()
		}
	})
}

// ResponseCache returns the shared response cache (nil when off).
func (s *Server) ResponseCache() *respcache.Cache { return s.respCache }

// Hub returns this instance's subscription hub.
func (s *Server) Hub() *pubsub.Hub { return s.broker.Hub() }

// Orders returns the order service (tests drive the sweeper through it).
func (s *Server) Orders() *orders.Service { return s.orders }

// Workers returns the background jobs' runner (tests see it idle).
func (s *Server) Workers() *worker.Runner { return &s.workers }

// Ledger returns the seller ledger (tests release credits through it).
func (s *Server) Ledger() *ledger.Ledger { return s.ledger }

// Affiliates returns the affiliate program (tests approve commissions
// through it).
func (s *Server) Affiliates() *affiliate.Service { return s.affs }

// Option adjusts how the server is built.
type Option func(*options)

type options struct {
	hasher     auth.Hasher
	limits     ratelimit.Counter
	mailer     notify.Mailer
	stripeHTTP *http.Client
	noSweep    bool
	checkout   []checkout.Option
	broker     pubsub.Broker
	wsInit     time.Duration
	tracing    *telemetry.Tracing
	now        func() time.Time

	webhookLoopback bool
}

// WithClock sets the clock that prices carts and dates promotions (tests).
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

// WithWebhookLoopback lets webhooks reach loopback addresses (a test's
// receiver), and only those besides public ones. Tests only: no variable
// turns it on.
func WithWebhookLoopback() Option { return func(o *options) { o.webhookLoopback = true } }

// WithBroker replaces the broker chosen from the configuration.
func WithBroker(b pubsub.Broker) Option { return func(o *options) { o.broker = b } }

// WithStripeHTTPClient sets the HTTP client of the Stripe provider.
func WithStripeHTTPClient(c *http.Client) Option { return func(o *options) { o.stripeHTTP = c } }

// WithSweepInterval(0) turns the payment sweeper, the payment reconciler
// and the marketplace settlement off (tests that drive them by hand). Any
// other value leaves them on: they run when their data is due, not at an
// interval.
func WithSweepInterval(d time.Duration) Option { return func(o *options) { o.noSweep = d == 0 } }

// WithCheckoutOptions passes options to the checkout service (tests: a
// failpoint before the payment record).
func WithCheckoutOptions(opts ...checkout.Option) Option {
	return func(o *options) { o.checkout = append(o.checkout, opts...) }
}

// WithMailer replaces the mailer chosen from the configuration.
func WithMailer(m notify.Mailer) Option { return func(o *options) { o.mailer = m } }

// WithHasher replaces the password hasher (tests use cheap parameters).
func WithHasher(h auth.Hasher) Option { return func(o *options) { o.hasher = h } }

// WithWebSocketInitTimeout sets how long a WebSocket may wait before its
// connection_init (default 10 s); tests shorten it.
func WithWebSocketInitTimeout(d time.Duration) Option { return func(o *options) { o.wsInit = d } }

// WithLimits replaces the rate-limit counter.
func WithLimits(c ratelimit.Counter) Option { return func(o *options) { o.limits = c } }

// New builds the server. metrics may be shared with the store's counter
// (NewMetrics before store.Open). Without COMPTOIR_JWT_KEYS it loads (or
// creates) the development signing key from the store.
func New(cfg *config.Config, st *store.Store, log *slog.Logger, m *Metrics, opts ...Option) (*Server, error) {
	o := options{hasher: auth.Hasher{Params: auth.OWASP}, wsInit: 10 * time.Second}
	for _, opt := range opts {
		opt(&o)
	}
	keys := cfg.JWTKeys
	if len(keys) == 0 {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		k, err := account.DevelopmentKey(ctx, st.Client)
		if err != nil {
			return nil, err
		}
		keys = []auth.Key{k}
	}
	ring, err := auth.NewKeyRing(keys...)
	if err != nil {
		return nil, err
	}
	// One Redis client for throttling, persisted queries and real time,
	// with one health flag: Redis is optional at run time, and while it is
	// down each of them falls back to this instance (logged once).
	var rdb *redisx.Client
	if cfg.RedisURL != "" {
		if rdb, err = redisx.Open(cfg.RedisURL, log); err != nil {
			return nil, fmt.Errorf("REDIS_URL: %w", err)
		}
	}
	if o.limits == nil {
		o.limits = ratelimit.NewMemory()
		if rdb != nil {
			o.limits = &ratelimit.Failover{Shared: &ratelimit.Redis{Client: rdb, Prefix: cfg.RedisPrefix + "rl:"}, Local: ratelimit.NewMemory(), Log: log}
		}
	}
	tokens := &auth.Tokens{Ring: ring, Issuer: cfg.JWTIssuer, Audience: cfg.JWTAudience, TTL: cfg.AccessTokenTTL, Leeway: 30 * time.Second}
	if o.mailer == nil {
		o.mailer = notify.LogMailer{Log: log, Redact: cfg.Env != config.Development}
		if cfg.SMTPURL != "" {
			smtp, err := notify.NewSMTP(cfg.SMTPURL, cfg.MailFrom)
			if err != nil {
				return nil, fmt.Errorf("SMTP_URL: %w", err)
			}
			o.mailer = smtp
		}
	}
	s := &Server{cfg: cfg, store: st, log: log, metrics: m, tracing: o.tracing, stop: make(chan struct{}),
		ws: sockets{perUser: map[pulid.ID]int{}, open: map[*realtime.Conn]pulid.ID{}, gone: make(chan struct{})}}
	s.wsInitTimeout = o.wsInit
	s.redis = rdb
	s.accounts = account.New(st, o.hasher, tokens, o.limits, account.Config{}).
		WithMail(account.Mail{Mailer: notify.Durable{St: st}, StorefrontURL: cfg.StorefrontURL})
	cat := catalog.New(st, cfg.Currency)

	s.promotions = &promotion.Service{Client: st.Client, Background: st.Background().Client, Currency: cfg.Currency, Now: o.now, Log: log}
	pricer := &cart.Pricer{IncludeTax: cfg.PricesIncludeTax, Now: o.now, Promotions: s.promotions}
	// Warm: requests (checkout's transaction included) then never load them.
	warm, cancelWarm := context.WithTimeout(context.Background(), 10*time.Second)
	if _, err := s.promotions.Reload(warm); err != nil {
		log.Warn("load promotions (the first cart read retries)", "err", err)
	}
	cancelWarm()
	carts := cart.New(st, cfg.Currency, pricer)
	var stripe *payment.Stripe
	providers := payment.NewProviders()
	if cfg.StripeSecretKey != "" {
		stripe = payment.NewStripe(cfg.StripeSecretKey, cfg.StripeWebhookSecret, cfg.StripeAPIURL, o.stripeHTTP)
		providers = payment.NewProviders(stripe)
	}
	s.orders = orders.New(st, providers, carts, orders.Config{
		PaymentTimeout: cfg.PaymentTimeout, ManualPaymentTimeout: cfg.ManualPaymentTimeout, ReturnWindow: cfg.ReturnWindow,
		ReconcileAfter: cfg.ReconcileAfter})
	// Guest orders' access tokens: MACs under keys derived from the token
	// signing keys, so they rotate with them (see auth.MACSigner).
	s.orders.Access = auth.NewMACSigner("order-access", "oat_", keys...)

	if o.broker != nil {
		s.broker = o.broker
	} else if rdb != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		b, err := pubsub.NewRedis(ctx, rdb, log)
		if err != nil {
			return nil, fmt.Errorf("REDIS_URL: %w", err)
		}
		// After an outage, this instance's subscribers get from the outbox
		// what the others published meanwhile.
		bgClient := st.Background().Client
		b.SetCatchUp(func(ctx context.Context, hub *pubsub.Hub, since time.Time) error {
			return outbox.Replay(ctx, bgClient, hub, since)
		})
		s.broker = b
	} else {
		s.broker = pubsub.NewMemory()
	}
	// Subscribing is asynchronous to the client: this gauge is how an
	// operator, or a test about to publish, sees the subscriptions taken.
	hub := s.broker.Hub()
	if err := m.Registry.Register(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "comptoir_pubsub_subscriptions",
		Help: "Topic subscriptions held by this instance (one or more per live GraphQL subscription).",
	}, func() float64 { return float64(hub.Count()) })); err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	if rdb != nil {
		if err := m.Registry.Register(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "comptoir_redis_up",
			Help: "1 while Redis answers; 0 while this instance falls back to itself (throttling, persisted queries, real time).",
		}, func() float64 {
			if rdb.Up() {
				return 1
			}
			return 0
		})); err != nil {
			return nil, fmt.Errorf("metrics: %w", err)
		}
	}
	// The ledger and the affiliate program: their request-side services,
	// and copies over the background store for the dispatcher and workers.
	s.ledger = &ledger.Ledger{St: st, DefaultCommissionPPM: cfg.SellerCommissionPPM, ReturnWindow: cfg.ReturnWindow, Currency: cfg.Currency}
	s.affs = &affiliate.Service{St: st, Carts: carts, DefaultPPM: cfg.AffiliateCommissionPPM, ReturnWindow: cfg.ReturnWindow,
		StorefrontURL: cfg.StorefrontURL, Currency: cfg.Currency}
	bg := st.Background()
	bgLedger, bgAffs := *s.ledger, *s.affs
	bgLedger.St, bgAffs.St = bg, bg
	var jobs []worker.Job
	if cfg.ResponseCacheBytes > 0 {
		s.respCache = respcache.New(respcache.Options{MaxBytes: int64(cfg.ResponseCacheBytes), Redis: rdb, Prefix: cfg.RedisPrefix, Log: log})
		// Every write to what answers show records a purge for every
		// instance (the outbox, whose dispatcher the commit wakes) and
		// purges this one once committed.
		purger := &respcache.Purger{Local: s.respCache.Owe}
		st.Client.Use(purger.Hook())
		bg.Client.Use(purger.Hook())
		hub.Listen(pubsub.TopicCache, func(m pubsub.Message) { s.respCache.Owe(m.Tags) })
	}
	// The BEST_SELLING sort's units: recomputed for each paid or refunded
	// order by the dispatcher, and hourly for the sales leaving the window.
	best := &catalog.BestSellers{St: bg, Window: cfg.BestSellingWindow, Log: log, Every: time.Hour}
	jobs = append(jobs, best.Job())
	// Item-to-item scores for recommendations, from paid orders and
	// co-views past its cursors; commits wake it, merged over a minute.
	jobs = append(jobs, (&recommend.Pairs{St: bg, Log: log}).Job())
	if cfg.OutboxDispatch {
		d := outbox.New(bg, s.broker, log)
		d.Mails, d.StorefrontURL = true, cfg.StorefrontURL
		d.OrderLink = func(o *ent.Order) string { return outbox.OrderLink(cfg.StorefrontURL, o, s.orders.AccessToken(o)) }
		d.Handlers = []outbox.Handler{bgLedger.Handle, bgAffs.Handle, best.Handle}
		jobs = append(jobs, d.Job())
	}
	reach := webhook.Reach{Private: cfg.WebhookAllowPrivate, Loopback: o.webhookLoopback}
	if reach.Private {
		// Never silent: an operator reading the start-up log sees that the
		// SSRF guard is off.
		log.Warn("webhooks may reach any address, private and loopback included (COMPTOIR_WEBHOOK_ALLOW_PRIVATE=true)")
	}
	sender := &notify.Sender{St: bg, Mailer: o.mailer, Log: log}
	deliverer := &webhook.Deliverer{St: bg, HTTP: webhook.Client(reach), Log: log}
	jobs = append(jobs, sender.Job(), deliverer.Job())
	live := &realtime.Service{Client: st.Client, Orders: s.orders, Hub: s.broker.Hub(), Log: log}

	if cfg.TestHoldBeforeRecord {
		o.checkout = append(o.checkout, checkout.WithBeforeRecord(func(ctx context.Context) error {
			log.Warn("checkout: holding before record (COMPTOIR_TEST_HOLD_BEFORE_RECORD)")
			<-ctx.Done()
			return ctx.Err()
		}))
	}
	analyticsCfg := analytics.Config{Retention: cfg.AnalyticsRetention}
	mux := http.NewServeMux()
	gql := s.graphQL(&resolvers.Resolver{Analytics: analytics.New(st, o.limits, analyticsCfg), Live: live, Catalog: cat, Accounts: s.accounts, Inventory: &inventory.Writer{Client: st.Client},
		Addresses: addressbook.New(st), Carts: carts, Checkout: checkout.New(st, carts, s.orders, o.checkout...), OrderSvc: s.orders,
		Shipping: &shipping.Admin{St: st}, Store: st, Currency: cfg.Currency,
		Webhooks: &webhook.Admin{St: st, Reach: reach}, WishlistSvc: &wishlist.Service{St: st, Carts: carts},
		SellerSvc: &sellers.Service{St: st, DefaultCommissionPPM: cfg.SellerCommissionPPM, StorefrontURL: cfg.StorefrontURL}, LedgerSvc: s.ledger, Sales: &sales.Reports{St: st},
		ReviewSvc: &reviews.Service{St: st, RequireApproval: cfg.ReviewsRequireApproval}, AffiliateSvc: s.affs,
		NodeSvc: &nodes.Resolver{Client: st.Client, Catalog: cat}, PromotionSvc: s.promotions,
		Recommend: &recommend.Service{Client: st.Client}})
	mux.Handle("/graphql", media.WithOrigin(s.limitBody(limitInFlight(cfg.MaxInFlight, s.authenticate(withCloseFrame(s.withOrderGrants(loader.Middleware(st.Client, pricer, gql))))))))
	// The demo catalog's images, drawn on request (internal/media).
	mux.Handle("GET "+media.DemoPrefix, media.DemoHandler())
	if stripe != nil {
		mux.Handle("POST /webhooks/stripe", s.stripeWebhook(stripe))
	}
	if !o.noSweep {
		// Its own service over the background store: sweeps are not counted
		// with the requests' statements. Both jobs sleep until their data's
		// next due time (an expiry; a delivery's end of return window);
		// their wakes are merged over a minute, since whatever a commit
		// adds is due a timeout or a return window later, never sooner.
		sweeper := orders.New(bg, providers, carts, s.orders.Config())
		jobs = append(jobs, worker.Job{Name: "payment sweep", Limit: 500, Coalesce: time.Minute,
			Step: func(ctx context.Context, now time.Time, limit int) (int, time.Time, error) {
				n, next, err := sweeper.ExpireDue(ctx, now, limit)
				if n > 0 {
					log.Info("payment sweep", "expired", n)
				}
				return n, next, err
			}})
		// Card payments left pending: their provider is asked (a capture
		// whose record was lost, a webhook that never came) once they are
		// past the reconcile delay; the job sleeps until the next is due.
		jobs = append(jobs, worker.Job{Name: "payment reconcile", Limit: 100, Tables: []string{entpayment.Table},
			Step: func(ctx context.Context, now time.Time, limit int) (int, time.Time, error) {
				n, next, err := sweeper.Reconcile(ctx, now, limit)
				if n > 0 {
					log.Info("payment reconcile", "settled", n)
				}
				return n, next, err
			}})
		// Sellers' credits and affiliates' commissions become payable once
		// delivered and past the return window.
		jobs = append(jobs, worker.Job{Name: "marketplace settlement", Limit: 500, Coalesce: time.Minute,
			Step: func(ctx context.Context, now time.Time, limit int) (int, time.Time, error) {
				return settle(ctx, &bgLedger, &bgAffs, log, now, limit)
			}})
	}
	// Behaviour events: folded into daily rollups, purged past retention.
	// Commits that record events wake the job, merged over a minute; it
	// goes on at once while a batch was full.
	if !o.noSweep {
		rollups := analytics.New(bg, o.limits, analyticsCfg)
		jobs = append(jobs, worker.Job{Name: "analytics rollup", Limit: 1, Coalesce: time.Minute,
			Step: func(ctx context.Context, now time.Time, limit int) (int, time.Time, error) {
				next, err := rollups.Step(ctx)
				if err == nil && !next.After(now) {
					return limit, time.Time{}, nil
				}
				return 0, time.Time{}, err
			}})
	}
	// Jobs wait on the store's bell, rung by every committed write; on
	// PostgreSQL the other instances' commits ring it too.
	s.unshare = st.ShareWakes(log)
	s.workers = worker.Runner{Wake: st.Wake, Interval: cfg.WorkerInterval, Log: log}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-s.stop; cancel() }()
	s.workers.Go(ctx, jobs...)
	if s.respCache != nil {
		s.cacheRun.Add(1)
		go func() { defer s.cacheRun.Done(); s.respCache.Run(ctx) }()
	}
	if cfg.Playground {
		mux.Handle("GET /{$}", playground.Handler("Comptoir", "/graphql"))
		mux.Handle("GET "+playground.AssetPath, playground.Assets())
	}
	s.mountMetrics(mux)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"ok"}`))
	})
	mux.HandleFunc("GET /readyz", s.ready)
	// CORS outside compression and everything else, so preflights and error
	// responses carry its headers; inside the request log, so preflights and
	// refused origins are logged with an id.
	s.handler = traceHTTP(o.tracing, s.requestLog(s.cors(compress(s.recoverPanics(mux)))))
	return s, nil
}

// settle releases sellers' credits and approves affiliates' commissions
// that are due, and returns when the next will be.
func settle(ctx context.Context, l *ledger.Ledger, a *affiliate.Service, log *slog.Logger, now time.Time, limit int) (int, time.Time, error) {
	n, err := l.Release(ctx, now, limit)
	if err != nil {
		return 0, time.Time{}, err
	}
	m, err := a.Approve(ctx, now, limit)
	if n+m > 0 {
		log.Info("marketplace settlement", "released_lines", n, "approved_commissions", m)
	}
	if err != nil || n >= limit || m >= limit {
		return max(n, m), time.Time{}, err
	}
	ln, err := l.NextRelease(ctx, now)
	if err != nil {
		return 0, time.Time{}, err
	}
	an, err := a.NextApproval(ctx, now)
	if err != nil {
		return 0, time.Time{}, err
	}
	if ln.IsZero() || (!an.IsZero() && an.Before(ln)) {
		ln = an
	}
	return max(n, m), ln, nil
}

// Handler returns the root handler.
func (s *Server) Handler() http.Handler { return s.handler }

// ready reports whether the store answers and every migration is applied.
func (s *Server) ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "application/json")
	if err := s.store.Ping(ctx); err != nil {
		s.log.Warn("readiness: store unreachable", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(`{"status":"unavailable","reason":"store unreachable"}`))
		return
	}
	n, err := migrations.Pending(ctx, s.store.DB, s.store.Dialect)
	if err != nil || n > 0 {
		s.log.Warn("readiness: migrations", "pending", n, "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(`{"status":"unavailable","reason":"migrations pending"}`))
		return
	}
	_, _ = w.Write([]byte(`{"status":"ready"}`))
}

// NewMetrics registers Comptoir's metrics on a fresh registry.
func NewMetrics() *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		Registry: reg,
		DBQueries: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "comptoir_db_queries_total",
			Help: "SQL statements sent to the database.",
		}),
		RequestDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "comptoir_graphql_request_duration_seconds",
			Help:    "Duration of GraphQL requests by operation name.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"operation"}),
		HTTPRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "comptoir_http_requests_total",
			Help: "HTTP requests by status code.",
		}, []string{"code"}),
		ops: map[string]bool{},
	}
	reg.MustRegister(m.DBQueries, m.RequestDuration, m.HTTPRequests,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}
