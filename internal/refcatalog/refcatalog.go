// Package refcatalog is the reference catalog (5,000 products, 15,000
// variants, 25 sellers) that import tests and benchmarks load: a gzip copy
// of shared/data/catalog-5000.jsonl kept inside the repository, so that a
// fresh clone tests with nothing beside it. Only tests import it.
package refcatalog

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"io"
)

// SHA256 is the checksum of the decompressed file, equal to `sha256sum
// catalog-5000.jsonl` of the original in shared/data.
const SHA256 = "52531f93d2266821df50f485a42a71e30d740aa124c03ea5da626e911277a5f3"

// Products is the number of lines (one product each).
const Products = 5000

//go:embed testdata/catalog-5000.jsonl.gz
var gz []byte

// Open returns the catalog's JSON lines. Regenerate the copy with
// `gzip -9 -n -c catalog-5000.jsonl > testdata/catalog-5000.jsonl.gz`.
func Open() (io.ReadCloser, error) {
	return gzip.NewReader(bytes.NewReader(gz))
}
