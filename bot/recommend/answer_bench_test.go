package recommend

import "testing"

// BenchmarkAnswer is one answer over the embedded set, as the bot gives it,
// cycling through the public queries.
func BenchmarkAnswer(b *testing.B) {
	e := testEngine(b)
	qs := publicQueries(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		e.Answer(qs[i%len(qs)], History{}, 0, 5)
		i++
	}
}

// BenchmarkAnswerUnderstanding cycles through the queries of
// testdata/queries-understanding.tsv: lookups, relations, comparisons,
// negations, Chinese and queries the set has nothing on.
func BenchmarkAnswerUnderstanding(b *testing.B) {
	e := testEngine(b)
	var qs []string
	for _, kq := range readKindQueries(b, "testdata/queries-understanding.tsv") {
		qs = append(qs, kq.query)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		e.Answer(qs[i%len(qs)], History{}, 0, 5)
		i++
	}
}
