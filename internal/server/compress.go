package server

import (
	"net/http"

	"github.com/CAFxX/httpcompression"
	"github.com/CAFxX/httpcompression/contrib/andybalholm/brotli"
	"github.com/CAFxX/httpcompression/contrib/klauspost/gzip"
)

// compressMinSize is the smallest body worth compressing: below about a
// kilobyte the saving is lost in headers and framing.
const compressMinSize = 1024

// compress encodes responses of at least compressMinSize bytes with brotli
// or gzip, as the request's Accept-Encoding asks (its q-values first, brotli
// when both are equally welcome), and sets Vary: Accept-Encoding.
//
// WebSocket upgrades and event streams bypass it: its writer holds the
// status and the first bytes back until it has compressMinSize of them
// (a 101 or an event would wait), and its Hijack only looks for an
// http.Hijacker one level down, not through our status-recording writer.
// text/event-stream is also excluded by content type, for a stream asked
// for some other way.
func compress(next http.Handler) http.Handler {
	gz, err := gzip.New(gzip.Options{Level: gzip.DefaultCompression})
	if err != nil {
		panic(err) // constant options: a bug
	}
	// Quality 4: about gzip's speed for a better ratio (levels 5+ cost
	// several times the CPU for a few percent).
	br, err := brotli.New(brotli.Options{Quality: 4})
	if err != nil {
		panic(err)
	}
	wrap, err := httpcompression.Adapter(
		httpcompression.GzipCompressor(gz),
		httpcompression.BrotliCompressor(br), // a higher server priority than gzip
		httpcompression.Prefer(httpcompression.PreferClient),
		httpcompression.MinSize(compressMinSize),
		httpcompression.ContentTypes([]string{"text/event-stream"}, true),
	)
	if err != nil {
		panic(err)
	}
	compressed := wrap(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isStream(r) {
			next.ServeHTTP(w, r)
			return
		}
		compressed.ServeHTTP(w, r)
	})
}
