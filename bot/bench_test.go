package bot_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/bot/recommend"
	"github.com/paperbot/paperbot/bot/recommend/synthetic"
	"github.com/paperbot/paperbot/data"
	"github.com/paperbot/paperbot/store"
)

// What a reader waits for: a message through Handle, the store's
// transaction included, over the embedded set (130 papers, the public
// queries) and synthetic sets of 10,000 and 100,000 papers (their query
// mix), for a reader who has read 20 papers. Each benchmark reports the
// median and 99th percentile of the requests it timed. store=bolt is a
// real store.DB in a temporary directory; store=mem keeps the reader in
// memory, to show what the bot and the engine take apart from the store.
//
//	go test -run '^$' -bench 'BenchmarkReader' -benchtime=3s -timeout 30m ./bot/

// benchSizes are the set sizes benchmarked; 0 is the embedded set.
var benchSizes = []int{0, 10_000, 100_000}

// benchWorld is an engine over one set with its query mix.
type benchWorld struct {
	eng     *recommend.Engine
	queries []string
}

// benchWorlds keeps the last world built, and only that one, so that a
// 100,000-paper set is built once for all the benchmarks of a size.
var benchWorlds struct {
	mu sync.Mutex
	n  int
	w  *benchWorld
}

func worldFor(b *testing.B, n int) *benchWorld {
	b.Helper()
	benchWorlds.mu.Lock()
	defer benchWorlds.mu.Unlock()
	if benchWorlds.w != nil && benchWorlds.n == n {
		return benchWorlds.w
	}
	benchWorlds.w = nil
	runtime.GC()
	var (
		set *data.Set
		qs  []string
		err error
	)
	if n == 0 {
		set, err = data.Embedded()
		qs = publicQueries(b)
	} else {
		set, err = synthetic.Set(n)
		if err == nil {
			qs = synthetic.Queries(set)
		}
	}
	if err != nil {
		b.Fatal(err)
	}
	benchWorlds.n, benchWorlds.w = n, &benchWorld{eng: recommend.New(set), queries: qs}
	return benchWorlds.w
}

// publicQueries reads the queries of the engine's public relevance file.
func publicQueries(b *testing.B) []string {
	f, err := os.Open(filepath.Join("recommend", "testdata", "queries-public.tsv"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var qs []string
	sc := bufio.NewScanner(f)
	for first := true; sc.Scan(); first = false {
		q, _, _ := strings.Cut(sc.Text(), "\t")
		if !first && strings.TrimSpace(q) != "" && !strings.HasPrefix(q, "#") {
			qs = append(qs, q)
		}
	}
	if err := sc.Err(); err != nil {
		b.Fatal(err)
	}
	return qs
}

// memStore is a bot.Store that keeps readers in memory.
type memStore struct {
	mu sync.Mutex
	m  map[string]bot.Reader
}

func (s *memStore) Update(_ context.Context, key string, fn func(*bot.Reader) error) (bot.Reader, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.m[key]
	r.Key = key
	if err := fn(&r); err != nil {
		return bot.Reader{}, err
	}
	s.m[key] = r
	return r, nil
}

func (s *memStore) Get(_ context.Context, key string) (bot.Reader, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.m[key]
	r.Key = key
	return r, nil
}

const benchReader = "console:bench"

// readerBot is a bot over w with the given store ("bolt" or "mem"), whose
// reader has read 20 papers spread over the set, a day apart.
func readerBot(b *testing.B, w *benchWorld, kind string) *bot.Bot {
	b.Helper()
	var st bot.Store
	switch kind {
	case "bolt":
		db, err := store.Open(filepath.Join(b.TempDir(), "paperbot.db"), store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
		st = db
	default:
		st = &memStore{m: map[string]bot.Reader{}}
	}
	papers := w.eng.Set().Papers
	now := time.Now()
	_, err := st.Update(context.Background(), benchReader, func(r *bot.Reader) error {
		r.Lang = "en"
		r.Read = map[string]time.Time{}
		for i := range 20 {
			r.Read[papers[(i*7919+13)%len(papers)].ID] = now.AddDate(0, 0, -i)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return bot.New(bot.Options{Engine: w.eng, Store: st})
}

// runReader times texts sent in turn by the reader and reports the median
// and 99th percentile.
func runReader(b *testing.B, bt *bot.Bot, texts []string) {
	ctx := context.Background()
	for _, text := range texts { // warm up: first uses build lazy orders
		if _, err := bt.Handle(ctx, bot.Request{Reader: benchReader, Text: text}); err != nil {
			b.Fatal(err)
		}
	}
	durs := make([]time.Duration, 0, 4096)
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		start := time.Now()
		if _, err := bt.Handle(ctx, bot.Request{Reader: benchReader, Text: texts[i%len(texts)]}); err != nil {
			b.Fatal(err)
		}
		durs = append(durs, time.Since(start))
		i++
	}
	slices.Sort(durs)
	at := func(p float64) float64 {
		return float64(durs[min(len(durs)-1, int(float64(len(durs))*p))].Nanoseconds()) / 1e3
	}
	b.ReportMetric(at(0.50), "p50-µs")
	b.ReportMetric(at(0.99), "p99-µs")
}

// eachReaderWorld runs fn for every set size and store.
func eachReaderWorld(b *testing.B, fn func(b *testing.B, w *benchWorld, bt *bot.Bot)) {
	for _, n := range benchSizes {
		name := n
		if n == 0 {
			name = 130
		}
		for _, kind := range []string{"bolt", "mem"} {
			b.Run(fmt.Sprintf("papers=%d/store=%s", name, kind), func(b *testing.B) {
				w := worldFor(b, n)
				fn(b, w, readerBot(b, w, kind))
			})
		}
	}
}

// BenchmarkReaderPaper is "/paper QUERY" over the whole query mix.
func BenchmarkReaderPaper(b *testing.B) {
	eachReaderWorld(b, func(b *testing.B, w *benchWorld, bt *bot.Bot) {
		var texts []string
		for _, q := range w.queries {
			texts = append(texts, "/paper "+q)
		}
		runReader(b, bt, texts)
	})
}

// BenchmarkReaderMore is "/more 3 QUERY", the second page of each query.
func BenchmarkReaderMore(b *testing.B) {
	eachReaderWorld(b, func(b *testing.B, w *benchWorld, bt *bot.Bot) {
		var texts []string
		for _, q := range w.queries {
			texts = append(texts, "/more 3 "+q)
		}
		runReader(b, bt, texts)
	})
}

// BenchmarkReaderWhatNext is "what next": "/paper" with no query (the best
// next paper) and "/next" (the next on the reader's path).
func BenchmarkReaderWhatNext(b *testing.B) {
	for _, cmd := range []string{"/paper", "/next"} {
		b.Run("cmd="+cmd[1:], func(b *testing.B) {
			eachReaderWorld(b, func(b *testing.B, w *benchWorld, bt *bot.Bot) {
				runReader(b, bt, []string{cmd})
			})
		})
	}
}
