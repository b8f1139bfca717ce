package testenv

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestMissingSkipsOrFailsUnderCI runs a test that lacks Redis in a child
// process, without and with CI set.
func TestMissingSkipsOrFailsUnderCI(t *testing.T) {
	if os.Getenv("TESTENV_CHILD") != "" {
		RedisURL(t)
		t.Fatal("RedisURL returned without TEST_REDIS_URL")
	}
	run := func(ci string) (string, error) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestMissingSkipsOrFailsUnderCI$", "-test.v")
		var env []string
		for _, kv := range os.Environ() {
			if !strings.HasPrefix(kv, "CI=") && !strings.HasPrefix(kv, EnvRedis+"=") {
				env = append(env, kv)
			}
		}
		cmd.Env = append(env, "TESTENV_CHILD=1", "CI="+ci)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	out, err := run("")
	if err != nil || !strings.Contains(out, "--- SKIP") || strings.Count(out, "skipped, "+EnvRedis+" is not set") != 1 {
		t.Fatalf("without CI: %v\n%s", err, out)
	}
	out, err = run("true")
	if err == nil || !strings.Contains(out, "--- FAIL") || !strings.Contains(out, "CI must run this test") {
		t.Fatalf("with CI: %v\n%s", err, out)
	}
}
