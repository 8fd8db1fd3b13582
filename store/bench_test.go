package store

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
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

// BenchmarkMarkRead100kReaders measures mark-read Updates with 100,000
// readers already in the store (20 read papers each, built as in
// BenchmarkFileSize100k), fsync on: 1, 16 or 64 goroutines each mark a
// random paper read for a random reader, again and again. commit=group is
// the store as it is; commit=bbolt-2ms runs the same Updates through
// bbolt's Batch with a 2ms MaxBatchDelay, as the store did before, to
// compare on the same machine at the same time.
//
// Reported: ops/s; p50 and p99 latency of one Update; cores, the CPU the
// whole process used (user+system time over wall time); and per batch
// (one shared transaction): calls/batch, cycle-ms (wall time over the
// number of batches), fn-ms (time in the Updates' functions inside the
// transaction: load, decode, fn, encode, put), write-ms (bbolt writing the
// dirty pages and meta page, with their two fdatasyncs) and pages written.
//
//	go test -run '^$' -bench MarkRead100k -benchtime 3s ./store/
func BenchmarkMarkRead100kReaders(b *testing.B) {
	dir := b.TempDir()
	if _, _, err := buildReaders(dir, 100_000, 20); err != nil {
		b.Fatal(err)
	}
	tmpl := filepath.Join(dir, "paperbot.db")
	keys, err := readerKeys(tmpl)
	if err != nil {
		b.Fatal(err)
	}
	for _, writers := range []int{1, 16, 64} {
		for _, commit := range []string{"group", "bbolt-2ms"} {
			b.Run(fmt.Sprintf("writers=%d/commit=%s", writers, commit), func(b *testing.B) {
				benchMarkRead100k(b, tmpl, keys, writers, commit == "bbolt-2ms")
			})
		}
	}
}

// readerKeys lists the reader keys in the store at path.
func readerKeys(path string) ([]string, error) {
	db, err := Open(path, Options{})
	if err != nil {
		return nil, err
	}
	defer db.Close()
	var keys []string
	err = db.bolt.View(func(tx *bolt.Tx) error {
		return tx.Bucket(readersBucket).ForEach(func(k, _ []byte) error {
			keys = append(keys, string(k))
			return nil
		})
	})
	return keys, err
}

// copyFile copies a store file and syncs the copy, so that the
// benchmark's fsyncs do not also write out the copy.
func copyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func benchMarkRead100k(b *testing.B, tmpl string, keys []string, writers int, boltBatch bool) {
	path := filepath.Join(b.TempDir(), "paperbot.db")
	if err := copyFile(path, tmpl); err != nil {
		b.Fatal(err)
	}
	db := mustOpenAt(b, path, Options{})
	batch := db.batch
	if boltBatch {
		db.bolt.MaxBatchDelay = 2 * time.Millisecond
		batch = db.bolt.Batch
	}
	// Count the transactions and the time spent in the Updates' functions.
	var (
		mu     sync.Mutex
		txs    = map[int]bool{}
		fnTime time.Duration
	)
	db.batch = func(fn func(*bolt.Tx) error) error {
		return batch(func(tx *bolt.Tx) error {
			start := time.Now()
			err := fn(tx)
			mu.Lock()
			txs[tx.ID()] = true
			fnTime += time.Since(start)
			mu.Unlock()
			return err
		})
	}

	ctx := context.Background()
	lat := make([][]time.Duration, writers)
	var next atomic.Int64
	var wg sync.WaitGroup
	before := db.bolt.Stats()
	cpuBefore := cpuTime()
	b.ResetTimer()
	start := time.Now()
	for w := range writers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 7))
			for next.Add(1) <= int64(b.N) {
				key := keys[rng.IntN(len(keys))]
				id := fmt.Sprintf("p%02d%02d-%05d", 15+rng.IntN(11), 1+rng.IntN(12), rng.IntN(20000))
				t := time.Now()
				_, err := db.Update(ctx, key, func(r *bot.Reader) error {
					if r.Read == nil {
						r.Read = map[string]time.Time{}
					}
					r.Read[id] = t0
					return nil
				})
				lat[w] = append(lat[w], time.Since(t))
				if err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	wall := time.Since(start)
	b.StopTimer()
	cpu := cpuTime() - cpuBefore
	after := db.bolt.Stats()
	st := after.Sub(&before)

	all := slices.Concat(lat...)
	slices.Sort(all)
	pct := func(p float64) float64 { return float64(all[int(p*float64(len(all)-1))].Microseconds()) / 1000 }
	b.ReportMetric(float64(b.N)/wall.Seconds(), "ops/s")
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(cpu.Seconds()/wall.Seconds(), "cores")
	mu.Lock()
	defer mu.Unlock()
	nb := float64(len(txs))
	perBatch := func(d time.Duration) float64 { return d.Seconds() * 1000 / nb }
	b.ReportMetric(float64(b.N)/nb, "calls/batch")
	b.ReportMetric(perBatch(wall), "cycle-ms")
	b.ReportMetric(perBatch(fnTime), "fn-ms")
	b.ReportMetric(perBatch(st.TxStats.GetWriteTime()), "write-ms")
	b.ReportMetric(float64(st.TxStats.GetWrite())/nb, "pages/batch")
}

// cpuTime is the user and system CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
