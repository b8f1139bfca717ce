package worker_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/worker"
)

// The runner's clock is synctest's: time.Sleep below advances a fake clock
// at once, deterministically, once every goroutine of the bubble waits.

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

type fakeJob struct {
	runs atomic.Int64
	step func(now time.Time, run int64) (int, time.Time, error)
}

func (f *fakeJob) job(name string, coalesce time.Duration) worker.Job {
	return worker.Job{Name: name, Limit: 10, Coalesce: coalesce, Step: func(_ context.Context, now time.Time, _ int) (int, time.Time, error) {
		return f.step(now, f.runs.Add(1))
	}}
}

func start(t *testing.T, r *worker.Runner, jobs ...worker.Job) {
	ctx, cancel := context.WithCancel(context.Background())
	r.Go(ctx, jobs...)
	t.Cleanup(func() { cancel(); r.Wait() })
}

// A job that reports no due time runs once at start, then only when woken,
// and at most every Interval (the safety net).
func TestWaitsForWakeOrInterval(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		bell := &store.Bell{}
		f := &fakeJob{step: func(time.Time, int64) (int, time.Time, error) { return 0, time.Time{}, nil }}
		r := &worker.Runner{Wake: bell, Interval: time.Hour, Log: quiet}
		start(t, r, f.job("j", 0))
		synctest.Wait()
		if f.runs.Load() != 1 {
			t.Fatalf("runs at start: %d", f.runs.Load())
		}
		time.Sleep(59 * time.Minute)
		synctest.Wait()
		if f.runs.Load() != 1 {
			t.Fatalf("ran without a wake: %d", f.runs.Load())
		}
		if idle, next := r.Idle(); !idle || time.Until(next) != time.Minute {
			t.Fatalf("Idle() = %v, %v", idle, next)
		}
		bell.Ring()
		synctest.Wait()
		if f.runs.Load() != 2 {
			t.Fatalf("runs after a wake: %d", f.runs.Load())
		}
		time.Sleep(time.Hour)
		synctest.Wait()
		if f.runs.Load() != 3 {
			t.Fatalf("runs after the interval: %d", f.runs.Load())
		}
	})
}

// A job runs again at the due time it returned, not before; a full batch
// runs again at once.
func TestRunsAtDueTimeAndAgainWhenFull(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		t0 := time.Now()
		f := &fakeJob{step: func(now time.Time, run int64) (int, time.Time, error) {
			switch run {
			case 1:
				return 10, time.Time{}, nil // full: more waits
			case 2:
				return 3, now.Add(10 * time.Minute), nil
			}
			return 0, time.Time{}, nil
		}}
		start(t, &worker.Runner{Wake: &store.Bell{}, Interval: 24 * time.Hour, Log: quiet}, f.job("j", 0))
		synctest.Wait()
		if f.runs.Load() != 2 {
			t.Fatalf("a full batch did not run again at once: %d runs", f.runs.Load())
		}
		time.Sleep(10*time.Minute - time.Nanosecond)
		synctest.Wait()
		if f.runs.Load() != 2 {
			t.Fatalf("ran before its due time: %d runs", f.runs.Load())
		}
		time.Sleep(time.Nanosecond)
		synctest.Wait()
		if f.runs.Load() != 3 || time.Since(t0) != 10*time.Minute {
			t.Fatalf("did not run at its due time: %d runs at %v", f.runs.Load(), time.Since(t0))
		}
	})
}

// Wakes within Coalesce of the last run are merged into one run at its end.
func TestCoalescesWakes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		bell := &store.Bell{}
		f := &fakeJob{step: func(time.Time, int64) (int, time.Time, error) { return 0, time.Time{}, nil }}
		start(t, &worker.Runner{Wake: bell, Interval: time.Hour, Log: quiet}, f.job("j", time.Second))
		synctest.Wait()
		for range 5 {
			bell.Ring()
			time.Sleep(100 * time.Millisecond)
		}
		synctest.Wait()
		if f.runs.Load() != 1 {
			t.Fatalf("wakes within the window ran at once: %d runs", f.runs.Load())
		}
		time.Sleep(time.Second)
		synctest.Wait()
		if f.runs.Load() != 2 {
			t.Fatalf("the merged wakes did not run once: %d runs", f.runs.Load())
		}
	})
}

// A failing step is retried after MinRetry, then twice as late, and a step
// that handled nothing but says it is due already waits a second (no busy
// loop on a row another instance holds).
func TestRetriesAndNoBusyLoop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var at []time.Duration
		t0 := time.Now()
		f := &fakeJob{step: func(now time.Time, run int64) (int, time.Time, error) {
			at = append(at, now.Sub(t0))
			if run <= 2 {
				return 0, time.Time{}, errors.New("database down")
			}
			return 0, now, nil
		}}
		start(t, &worker.Runner{Wake: &store.Bell{}, Interval: time.Hour, Log: quiet}, f.job("j", 0))
		time.Sleep(5 * time.Second)
		synctest.Wait()
		want := []time.Duration{0, time.Second, 3 * time.Second, 4 * time.Second, 5 * time.Second}
		if len(at) != len(want) {
			t.Fatalf("runs at %v, want %v", at, want)
		}
		for i := range want {
			if at[i] != want[i] {
				t.Fatalf("runs at %v, want %v", at, want)
			}
		}
	})
}
