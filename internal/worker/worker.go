// Package worker runs Comptoir's background jobs (outbox dispatcher, mail
// sender, webhook deliverer, payment sweeper, marketplace settlement) and
// lets queue workers claim one row so that instances never work on it
// twice. A job does not poll: each run says when it next needs to run, from
// its data (a retry's due time, a payment's expiry), and otherwise it waits
// for the store's bell, which rings after every committed write (to the
// job's tables, when it names them).
package worker

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"time"

	"entgo.io/ent/dialect"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/internal/store"
)

// Step does one batch of a job at now: at most limit items. It returns how
// many it handled (limit means more may be waiting: it runs again at once)
// and when it next needs to run, the earliest due time in its data, or
// zero when only new data (a wake) can give it work.
type Step func(ctx context.Context, now time.Time, limit int) (n int, next time.Time, err error)

// Job is a background job.
type Job struct {
	Name  string
	Limit int // items per Step; 1 when unset
	Step  Step
	// Coalesce is the least time between two runs caused by wakes: the
	// commits meanwhile are handled by one run, so that a busy instance
	// does not run every job after every commit. Runs due by time are not
	// delayed.
	Coalesce time.Duration
	// Interval, when set, replaces the runner's for this job: a job whose
	// own schedule is slower (an hourly sweep) is not run by the safety
	// net every minute.
	Interval time.Duration
	// Tables, when set, are the only tables whose committed writes can
	// give the job work: other commits do not wake it (a busy storefront's
	// cart writes do not run the outbox dispatcher each time). Wakes from
	// other instances, and writes whose table is not known, still do.
	Tables []string
}

// Runner runs jobs until its context ends.
type Runner struct {
	// Wake subscribes to the wakes (the store's bell).
	Wake *store.Bell
	// Interval is the longest a job waits without a wake or a due time:
	// a safety net for what no wake announces (writes made outside
	// Comptoir, a notification lost with its connection). 0: none.
	Interval time.Duration
	Log      *slog.Logger

	wg    sync.WaitGroup
	mu    sync.Mutex
	state map[string]*jobState
}

type jobState struct {
	wake    <-chan struct{}
	running bool
	until   time.Time // when the waiting job runs again (zero: on a wake only)
	runs    int64
}

// MinRetry is the first wait after a failed step; it doubles with each
// failure in a row, up to the runner's Interval (or a minute).
const MinRetry = time.Second

// stuckGap is the least wait when a step handled nothing yet says it is
// due already (say its row is locked by another instance): no busy loop.
const stuckGap = time.Second

// Go starts the jobs, each in its goroutine, each running once at once.
func (r *Runner) Go(ctx context.Context, jobs ...Job) {
	r.mu.Lock()
	if r.state == nil {
		r.state = map[string]*jobState{}
	}
	for _, j := range jobs {
		r.state[j.Name] = &jobState{running: true}
	}
	r.mu.Unlock()
	for _, j := range jobs {
		r.wg.Add(1)
		go func() {
			defer r.wg.Done()
			r.run(ctx, j)
		}()
	}
}

// Wait waits until every job has stopped (after the context ended).
func (r *Runner) Wait() { r.wg.Wait() }

// Idle reports whether every job waits, and the earliest time one of them
// will run without a wake (zero: none will).
func (r *Runner) Idle() (idle bool, next time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	idle = true
	for _, s := range r.state {
		if s.running || len(s.wake) > 0 {
			idle = false
		}
		if !s.until.IsZero() && (next.IsZero() || s.until.Before(next)) {
			next = s.until
		}
	}
	return idle, next
}

// Runs is how many steps the jobs have run in all.
func (r *Runner) Runs() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	var n int64
	for _, s := range r.state {
		n += s.runs
	}
	return n
}

// Job reports how many steps the named job has run and whether a wake
// waits for it (a test's view of which commits reach which job).
func (r *Runner) Job(name string) (runs int64, woken bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s, ok := r.state[name]
	if !ok {
		return 0, false
	}
	return s.runs, len(s.wake) > 0
}

// String lists each job's state (running, woken, or when it runs next),
// for a test that waits for the jobs to settle to say which did not.
func (r *Runner) String() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	names := make([]string, 0, len(r.state))
	for n := range r.state {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		s := r.state[n]
		fmt.Fprintf(&b, "%s: running=%v woken=%v runs=%d", n, s.running, len(s.wake) > 0, s.runs)
		if !s.until.IsZero() {
			fmt.Fprintf(&b, " next in %v", time.Until(s.until).Round(time.Millisecond))
		}
		b.WriteString("; ")
	}
	return b.String()
}

func (r *Runner) set(name string, running bool, until time.Time) {
	r.mu.Lock()
	s := r.state[name]
	s.running, s.until = running, until
	if running {
		s.runs++
	}
	r.mu.Unlock()
}

func (r *Runner) run(ctx context.Context, j Job) {
	limit := max(j.Limit, 1)
	var wake <-chan struct{}
	if r.Wake != nil {
		c, cancel := r.Wake.Subscribe(j.Tables...)
		defer cancel()
		wake = c
		r.mu.Lock()
		r.state[j.Name].wake = c
		r.mu.Unlock()
	}
	maxRetry := r.Interval
	if maxRetry <= 0 {
		maxRetry = time.Minute
	}
	retry := MinRetry
	for {
		// The step reads after every wake received so far: they are
		// handled by it. One that comes during the step stays in the
		// channel: the step may have read before that commit, so it runs
		// again.
		select {
		case <-wake:
		default:
		}
		now := time.Now()
		r.set(j.Name, true, time.Time{})
		n, next, err := j.Step(ctx, now, limit)
		if ctx.Err() != nil {
			r.set(j.Name, false, time.Time{})
			return
		}
		switch {
		case err != nil:
			r.Log.Error(j.Name, "error", err, "retry_in", retry)
			next = now.Add(retry)
			retry = min(retry*2, maxRetry)
		case n >= limit:
			retry = MinRetry
			continue
		default:
			retry = MinRetry
			if !next.IsZero() && next.Before(now.Add(stuckGap)) && n == 0 {
				next = now.Add(stuckGap)
			}
		}
		interval := r.Interval
		if j.Interval > 0 {
			interval = j.Interval
		}
		if interval > 0 && (next.IsZero() || next.After(now.Add(interval))) {
			next = now.Add(interval)
		}
		if !r.wait(ctx, j, wake, next, now) {
			r.set(j.Name, false, time.Time{})
			return
		}
	}
}

// wait waits until next (zero: forever) or a wake, whichever comes first;
// after a wake it still waits until lastRun + Coalesce, further wakes
// merging into the coming run. It reports false when ctx ended.
func (r *Runner) wait(ctx context.Context, j Job, wake <-chan struct{}, next, lastRun time.Time) bool {
	for {
		r.set(j.Name, false, next)
		var due <-chan time.Time
		var t *time.Timer
		if !next.IsZero() {
			t = time.NewTimer(time.Until(next))
			due = t.C
		}
		select {
		case <-ctx.Done():
			return false
		case <-due:
			return true
		case <-wake:
		}
		if t != nil {
			t.Stop()
		}
		hold := lastRun.Add(j.Coalesce)
		if !time.Now().Before(hold) {
			return true
		}
		if next.IsZero() || hold.Before(next) {
			next = hold
		}
		wake = nil
	}
}

// Claim runs work on one queued row and reports whether there was one. On
// PostgreSQL work runs in a transaction with lock true: it selects its row
// FOR UPDATE SKIP LOCKED, so that the row stays claimed while work talks to
// the outside (SMTP, a webhook endpoint) and instances share the queue. On
// SQLite (one instance, one writer) it runs outside any transaction, lock
// false, so that the write lock is not held during the network call; the
// final update of the row must then be conditional.
func Claim(ctx context.Context, st *store.Store, work func(ctx context.Context, c *ent.Client, lock bool) (bool, error)) (bool, error) {
	if st.Dialect != dialect.Postgres {
		return work(ctx, st.Client, false)
	}
	found := false
	err := st.WithTx(ctx, func(tx *ent.Tx) error {
		var err error
		found, err = work(ctx, tx.Client(), true)
		return err
	})
	return found, err
}
