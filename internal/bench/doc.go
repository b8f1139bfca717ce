// Package bench holds the whole-server benchmarks: the GraphQL product
// listing against a hand-written Go + SQL handler that returns the same data
// from the same database (bench_test.go). Run them with
//
//	TEST_POSTGRES_URL=postgres://... go test -run '^$' -bench . -benchtime 5s ./internal/bench/
//
// BenchmarkListingRatio reports the GraphQL listing's cost as a multiple of
// the hand-written one (x-time, x-allocs). TestListingAllocations bounds the
// listing's allocations per request, on SQLite and PostgreSQL: unlike
// times, allocation counts hold on a loaded machine.
package bench
