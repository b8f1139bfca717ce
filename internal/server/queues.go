package server

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/domainevent"
	"github.com/comptoir/comptoir/ent/mailoutbox"
	"github.com/comptoir/comptoir/ent/orderevent"
	"github.com/comptoir/comptoir/ent/webhookdelivery"
	"github.com/comptoir/comptoir/internal/store"
)

// queueCountCap bounds the pending counts: a scrape counts at most this
// many rows per queue, so a runaway backlog does not make scrapes slow.
const queueCountCap = 10000

// scrapeTimeout bounds the queries of one scrape.
const scrapeTimeout = 2 * time.Second

// queueCollector reports the background queues at scrape time: the outboxes
// (events committed but not yet published, and the age of the oldest), the
// mails and the webhook deliveries waiting to go out. Its statements run on
// the background store, so they are not counted with the requests'.
type queueCollector struct {
	st  *store.Store
	log *slog.Logger
	now func() time.Time

	outboxPending, outboxAge, mails, webhooks *prometheus.Desc
}

func newQueueCollector(bg *store.Store, log *slog.Logger) *queueCollector {
	return &queueCollector{st: bg, log: log, now: time.Now,
		outboxPending: prometheus.NewDesc("comptoir_outbox_pending_events",
			fmt.Sprintf("Committed events not yet published, by outbox (counted up to %d).", queueCountCap), []string{"outbox"}, nil),
		outboxAge: prometheus.NewDesc("comptoir_outbox_oldest_pending_seconds",
			"Age of the oldest event not yet published, by outbox (0 when none is pending).", []string{"outbox"}, nil),
		mails: prometheus.NewDesc("comptoir_mail_queue_pending",
			fmt.Sprintf("Mails waiting to be sent, retries included (counted up to %d).", queueCountCap), nil, nil),
		webhooks: prometheus.NewDesc("comptoir_webhook_queue_pending",
			fmt.Sprintf("Webhook deliveries waiting to be made, retries included (counted up to %d).", queueCountCap), nil, nil),
	}
}

func (c *queueCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.outboxPending
	ch <- c.outboxAge
	ch <- c.mails
	ch <- c.webhooks
}

// Collect leaves out a gauge whose query fails (and logs it) rather than
// failing the whole scrape.
func (c *queueCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	count := func(table, where string) (float64, bool) {
		var n int64
		q := fmt.Sprintf(`SELECT COUNT(*) FROM (SELECT 1 FROM %q WHERE %s LIMIT %d) AS t`, table, where, queueCountCap)
		if err := c.st.DB.QueryRowContext(ctx, q).Scan(&n); err != nil {
			c.log.Warn("metrics: queue count failed", "table", table, "err", err)
			return 0, false
		}
		return float64(n), true
	}
	oldest := func(outbox string, first func() (time.Time, error)) {
		t, err := first()
		switch {
		case ent.IsNotFound(err):
			gauge(c.outboxAge, 0, outbox)
		case err != nil:
			c.log.Warn("metrics: oldest outbox event", "outbox", outbox, "err", err)
		default:
			gauge(c.outboxAge, max(0, c.now().Sub(t).Seconds()), outbox)
		}
	}
	for _, ob := range []struct{ name, table string }{{"order", orderevent.Table}, {"domain", domainevent.Table}} {
		if n, ok := count(ob.table, `"published_at" IS NULL`); ok {
			gauge(c.outboxPending, n, ob.name)
		}
	}
	cl := c.st.Client
	oldest("order", func() (time.Time, error) {
		e, err := cl.OrderEvent.Query().Where(orderevent.PublishedAtIsNil()).
			Order(ent.Asc(orderevent.FieldCreatedAt)).Select(orderevent.FieldCreatedAt).First(ctx)
		if err != nil {
			return time.Time{}, err
		}
		return e.CreatedAt, nil
	})
	oldest("domain", func() (time.Time, error) {
		e, err := cl.DomainEvent.Query().Where(domainevent.PublishedAtIsNil()).
			Order(ent.Asc(domainevent.FieldCreatedAt)).Select(domainevent.FieldCreatedAt).First(ctx)
		if err != nil {
			return time.Time{}, err
		}
		return e.CreatedAt, nil
	})
	if n, ok := count(mailoutbox.Table, fmt.Sprintf(`%q = '%s'`, mailoutbox.FieldStatus, mailoutbox.StatusPENDING)); ok {
		gauge(c.mails, n)
	}
	if n, ok := count(webhookdelivery.Table, fmt.Sprintf(`%q = '%s'`, webhookdelivery.FieldStatus, webhookdelivery.StatusPENDING)); ok {
		gauge(c.webhooks, n)
	}
}
