// Package testsrv starts servers of a test's own (a redis-server, a
// PostgreSQL cluster) in a temporary directory on a free loopback port, so
// that the test may kill and restart them: outage tests never touch the
// machine's shared servers. Without the binaries a test skips (fails under
// CI) through testenv.
package testsrv

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/comptoir/comptoir/internal/testenv"
	"github.com/comptoir/comptoir/internal/waitfor"
)

// freePort returns a loopback port nothing listens on now.
func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// listening reports whether addr accepts connections.
func listening(addr string) bool {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return false
	}
	_ = c.Close()
	return true
}

// Redis is a redis-server of the test's own.
type Redis struct {
	URL  string
	addr string
	dir  string
	port int
	bin  string
	cmd  *exec.Cmd
}

// StartRedis starts a redis-server (no persistence) on a free loopback
// port, stopped at cleanup.
func StartRedis(t testing.TB) *Redis {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		testenv.Missing(t, "redis-server is not installed", "install it (Debian: apt-get install redis-server)")
	}
	r := &Redis{dir: t.TempDir(), port: freePort(t), bin: bin}
	r.addr = "127.0.0.1:" + strconv.Itoa(r.port)
	r.URL = "redis://" + r.addr + "/0"
	t.Cleanup(func() { r.Kill(t) })
	r.Start(t)
	return r
}

// Start starts the server (again) on its port and waits until it listens.
func (r *Redis) Start(t testing.TB) {
	t.Helper()
	r.cmd = exec.Command(r.bin, "--port", strconv.Itoa(r.port), "--bind", "127.0.0.1", "--save", "",
		"--appendonly", "no", "--dir", r.dir, "--logfile", filepath.Join(r.dir, "redis.log"))
	if err := r.cmd.Start(); err != nil {
		t.Fatalf("redis-server: %v", err)
	}
	waitfor.Cond(t, "redis-server to listen on "+r.addr, func() bool { return listening(r.addr) })
}

// Kill stops the server with SIGKILL.
func (r *Redis) Kill(t testing.TB) {
	t.Helper()
	if r.cmd == nil {
		return
	}
	_ = r.cmd.Process.Kill()
	_ = r.cmd.Wait()
	r.cmd = nil
}

// Postgres is a PostgreSQL cluster of the test's own.
type Postgres struct {
	URL  string // of database postgres, as user postgres
	dir  string
	data string
	port int
	bin  string
}

// pgBin finds the directory of initdb and pg_ctl.
func pgBin() string {
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		return filepath.Dir(p)
	}
	m, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_ctl")
	if len(m) == 0 {
		return ""
	}
	return filepath.Dir(m[len(m)-1])
}

// StartPostgres creates a cluster in a temporary directory (trust
// authentication, loopback only, fsync off) and starts it on a free port;
// it is stopped and removed at cleanup. Running as root, initdb and pg_ctl
// run as the postgres user, which owns the directory.
func StartPostgres(t testing.TB) *Postgres {
	t.Helper()
	bin := pgBin()
	if bin == "" {
		testenv.Missing(t, "PostgreSQL server binaries (initdb, pg_ctl) are absent", "install them (Debian: apt-get install postgresql)")
	}
	if os.Geteuid() == 0 {
		if _, err := user.Lookup("postgres"); err != nil {
			testenv.Missing(t, "running as root without a postgres user", "create the postgres user (the Debian package does)")
		}
	}
	// Not t.TempDir: its parent is private to root, and the server runs as
	// postgres.
	dir, err := os.MkdirTemp("", "comptoir-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	p := &Postgres{dir: dir, data: filepath.Join(dir, "data"), port: freePort(t), bin: bin}
	p.URL = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", p.port)
	if os.Geteuid() == 0 {
		if err := os.Chmod(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command("chown", "postgres:", dir).CombinedOutput(); err != nil {
			t.Fatalf("chown %s: %v %s", dir, err, out)
		}
	}
	p.run(t, "initdb", "-D", p.data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale", "C")
	t.Cleanup(func() { p.Stop(t) })
	p.Start(t)
	return p
}

// run runs a PostgreSQL program, as postgres when we are root.
func (p *Postgres) run(t testing.TB, prog string, args ...string) {
	t.Helper()
	path := filepath.Join(p.bin, prog)
	var cmd *exec.Cmd
	if os.Geteuid() == 0 {
		cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", path}, args...)...)
	} else {
		cmd = exec.Command(path, args...)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %v: %v\n%s", prog, args, err, out)
	}
}

// Start starts the cluster (again) on its port and waits until it accepts
// connections.
func (p *Postgres) Start(t testing.TB) {
	t.Helper()
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off", p.port, p.dir)
	p.run(t, "pg_ctl", "-D", p.data, "-o", opts, "-l", filepath.Join(p.dir, "log"), "-w", "-t", "120", "start")
}

// Stop stops the cluster at once (pg_ctl stop -m immediate: a crash, as
// far as clients and recovery are concerned).
func (p *Postgres) Stop(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(p.data, "postmaster.pid")); err != nil {
		return
	}
	p.run(t, "pg_ctl", "-D", p.data, "-m", "immediate", "-w", "stop")
}
