// Package bench compares the paperbot ranking with a Bleve index over the
// same papers and fields. It is its own module so that the bot does not
// depend on Bleve.
//
// Bleve gets its best in-memory setup (NewBleveIndex): scorch without a
// path, all papers in one batch, the fields paperbot indexes with the
// English analyzer (stemming) or, for Chinese items, the CJK analyzer,
// and a disjunction of one match query per field boosted by paperbot's
// field weight.
//
// Tests (fast, run by go test ./...): TestCompareQuality prints nDCG@5 of
// both engines on the public judged queries of bot/recommend, and of the
// other kinds of in-memory bleve index; TestSynthetic runs the synthetic
// query mix on a small synthetic set.
//
// Benchmarks: BenchmarkQuery times one query per op on both engines at 130
// papers (the embedded set and the public queries) and at 10,000 and
// 100,000 synthetic papers (bot/recommend/synthetic, with its query mix),
// reporting p50 and p99 beside ns/op; BenchmarkBuild builds both at
// 100,000 papers and reports the heap each keeps; BenchmarkBleveKinds
// compares scorch with upside_down on gtreap (bleve.NewMemOnly) and on
// moss. The large indexes are built only by the benchmarks.
package bench
