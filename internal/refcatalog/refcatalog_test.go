package refcatalog

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"testing"
)

// The copy decompresses to the reference file, byte for byte.
func TestCopyMatchesTheReference(t *testing.T) {
	r, err := Open()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var buf bytes.Buffer
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(h, &buf), r); err != nil {
		t.Fatal(err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != SHA256 {
		t.Fatalf("sha256 %s, want %s", got, SHA256)
	}
	sc := bufio.NewScanner(&buf)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for sc.Scan() {
		n++
	}
	if sc.Err() != nil || n != Products {
		t.Fatalf("%d lines (%v), want %d", n, sc.Err(), Products)
	}
}
