package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/paperbot/paperbot/bot"
)

// BenchmarkMarkReadParallel measures mark-read Updates per second with 64
// goroutines sharing the store, one reader each, fsync on. With papers=130
// the ids come from a pool the size of the embedded paper set, so records
// stop growing at 130 entries as real ones do; with papers=unbounded every
// op adds a new id and records grow with b.N (about 800 entries each by the
// end of a 3s run), which costs more per op.
func BenchmarkMarkReadParallel(b *testing.B) {
	for _, pool := range []int64{130, 0} {
		name := fmt.Sprintf("papers=%d", pool)
		if pool == 0 {
			name = "papers=unbounded"
		}
		b.Run(name, func(b *testing.B) { benchMarkRead(b, pool) })
	}
}

func benchMarkRead(b *testing.B, pool int64) {
	const goroutines, readers = 64, 64
	ctx := context.Background()
	db := mustOpen(b)
	b.SetParallelism(max(1, goroutines/runtime.GOMAXPROCS(0)))
	var worker, op atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		key := fmt.Sprintf("telegram:%d", worker.Add(1)%readers)
		for pb.Next() {
			n := op.Add(1)
			if pool > 0 {
				n %= pool
			}
			id := fmt.Sprintf("p%d", n)
			_, err := db.Update(ctx, key, func(r *bot.Reader) error {
				if r.Read == nil {
					r.Read = map[string]time.Time{}
				}
				r.Read[id] = t0
				return nil
			})
			if err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
}

var fileSize struct {
	once           sync.Once
	fileMB, liveMB float64
	load           time.Duration
	err            error
}

// BenchmarkFileSize100k reports the size of a store holding 100,000 readers
// with 20 read papers each. The file is built once, however large b.N is;
// the time per op means nothing.
func BenchmarkFileSize100k(b *testing.B) {
	fs := &fileSize
	fs.once.Do(func() {
		start := time.Now()
		fs.fileMB, fs.liveMB, fs.err = buildReaders(b.TempDir(), 100_000, 20)
		fs.load = time.Since(start)
	})
	if fs.err != nil {
		b.Fatal(fs.err)
	}
	for range b.N { // nothing to repeat: the size is the result
	}
	b.ReportMetric(fs.fileMB, "file-MB")
	b.ReportMetric(fs.liveMB, "live-MB")
	b.ReportMetric(fs.load.Seconds(), "load-s")
	b.ReportMetric(0, "ns/op")
}

// buildReaders fills a new store in dir with n readers, each with reads
// read papers, 10,000 readers to a transaction. It returns the file size
// and the bytes of live keys, values and page headers, in MB; the rest of
// the file is partly filled pages and free pages left by copy-on-write.
func buildReaders(dir string, n, reads int) (fileMB, liveMB float64, err error) {
	db, err := Open(dir+"/paperbot.db", Options{})
	if err != nil {
		return 0, 0, err
	}
	defer db.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	rs := make([]bot.Reader, 0, 10_000)
	for i := range n {
		r := bot.Reader{ // telegram-like ids in random order, unique by i
			Key:  fmt.Sprintf("telegram:%d%06d", 1000+rng.IntN(9000), i),
			Lang: "en", FirstSeen: base, LastSeen: base.Add(time.Duration(i) * time.Second),
			Read: make(map[string]time.Time, reads),
		}
		for j := range reads { // ids shaped like the paper set's, "p1505-05192"
			id := fmt.Sprintf("p%02d%02d-%05d", 15+rng.IntN(11), 1+rng.IntN(12), rng.IntN(20000))
			r.Read[id] = base.Add(time.Duration(i*reads+j) * time.Minute)
		}
		if rs = append(rs, r); len(rs) == cap(rs) || i == n-1 {
			if err := db.putAll(rs); err != nil {
				return 0, 0, err
			}
			rs = rs[:0]
		}
	}
	var live int
	err = db.bolt.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(_ []byte, b *bolt.Bucket) error {
			s := b.Stats()
			live += s.LeafInuse + s.BranchInuse
			return nil
		})
	})
	if err != nil {
		return 0, 0, err
	}
	fi, err := os.Stat(db.Path())
	if err != nil {
		return 0, 0, err
	}
	return float64(fi.Size()) / 1e6, float64(live) / 1e6, nil
}
