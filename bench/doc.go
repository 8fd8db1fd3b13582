// Package bench compares the paperbot ranking with a Bleve index over the
// same papers, on the public judged queries: quality (nDCG@5) in a test
// and speed in BenchmarkQuery. It is its own module so that the bot does not
// depend on Bleve.
package bench
