package apitest

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// DemoProduct is a product of the demo catalog as the file states it.
type DemoProduct struct {
	Slug        string                      `json:"slug"`
	Name        string                      `json:"name"`
	Description string                      `json:"description"`
	Category    string                      `json:"category"`
	Seller      struct{ Slug, Name string } `json:"seller"`
	Attributes  map[string]string           `json:"attributes"`
	Variants    []struct {
		SKU   string `json:"sku"`
		Price string `json:"price"`
		Stock int    `json:"stock"`
	} `json:"variants"`
}

// Demo reads the demo catalog file directly, as an oracle independent of the
// importer and of SQL.
func Demo(t testing.TB) []DemoProduct {
	t.Helper()
	_, self, _, _ := runtime.Caller(0)
	f, err := os.Open(filepath.Join(filepath.Dir(self), "..", "seed", "demo.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []DemoProduct
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var p DemoProduct
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}
