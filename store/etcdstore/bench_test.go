package etcdstore_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/bot/digest"
	"github.com/paperbot/paperbot/store"
	"github.com/paperbot/paperbot/store/etcdstore"
	"github.com/paperbot/paperbot/store/etcdstore/etcdtest"
)

// The benchmarks compare the two backends on this machine in one run:
//
//	go test ./store/etcdstore -run '^$' -bench . -benchtime 3s
//
// docs/BENCHMARKS.md records their results.

// t0 is when the benchmarks' readers read their papers.
var t0 = time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)

// benchStore is what a benchmark needs of either backend.
type benchStore interface {
	storeAll
	Close() error
}

type storeAll interface {
	bot.Store
	digest.Store
}

// backends opens each backend under test: a bbolt file, etcd with one
// member and etcd with three, each on loopback with fsync on.
func backends(b *testing.B) []struct {
	name string
	open func(b *testing.B) benchStore
} {
	etcdOn := func(members int) func(b *testing.B) benchStore {
		return func(b *testing.B) benchStore {
			c := etcdtest.Start(b, members)
			db, err := etcdstore.Open(context.Background(), etcdstore.Options{Endpoints: c.Endpoints(), Logger: quiet})
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { db.Close() })
			return db
		}
	}
	return []struct {
		name string
		open func(b *testing.B) benchStore
	}{
		{"bbolt", func(b *testing.B) benchStore {
			db, err := store.Open(filepath.Join(b.TempDir(), "paperbot.db"), store.Options{})
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { db.Close() })
			return db
		}},
		{"etcd-1", etcdOn(1)},
		{"etcd-3", etcdOn(3)},
	}
}

// BenchmarkMarkRead is a reader tapping "read": one Update that adds a
// paper to the record, by 1 and by 64 writers at once (each its own
// reader, ids from a pool of 130 as in the paper set). It reports
// operations a second and the 99th percentile latency.
func BenchmarkMarkRead(b *testing.B) {
	for _, be := range backends(b) {
		for _, writers := range []int{1, 64} {
			b.Run(fmt.Sprintf("%s/writers=%d", be.name, writers), func(b *testing.B) {
				benchMarkRead(b, be.open(b), writers)
			})
		}
	}
}

func benchMarkRead(b *testing.B, db benchStore, writers int) {
	ctx := context.Background()
	var next atomic.Int64
	lat := make([][]time.Duration, writers)
	b.ResetTimer()
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			key := fmt.Sprintf("telegram:%d", w)
			for {
				n := next.Add(1)
				if n > int64(b.N) {
					return
				}
				id := fmt.Sprintf("p%d", n%130)
				start := time.Now()
				_, err := db.Update(ctx, key, func(r *bot.Reader) error {
					if r.Read == nil {
						r.Read = map[string]time.Time{}
					}
					r.Read[id] = t0
					return nil
				})
				lat[w] = append(lat[w], time.Since(start))
				if err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	all := slices.Concat(lat...)
	slices.Sort(all)
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
	b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkDigestFanOut is one digest pass over 300 readers due at once,
// through a sender that costs nothing: on bbolt as one process does it,
// on etcd with a claim per digest as a leader does. It reports digests a
// second (the platforms' own limits, 30 a second on Telegram, are far
// below).
func BenchmarkDigestFanOut(b *testing.B) {
	const n = 300
	for _, be := range backends(b) {
		b.Run(be.name, func(b *testing.B) {
			db := be.open(b)
			var claims digest.Claims
			if e, ok := db.(*etcdstore.DB); ok {
				s, err := e.Session(context.Background(), 30*time.Second)
				if err != nil {
					b.Fatal(err)
				}
				b.Cleanup(func() { s.Close() })
				claims = e.Claims(s, "bench")
			}
			eng, err := engine()
			if err != nil {
				b.Fatal(err)
			}
			var sent atomic.Int64
			total := 0
			b.ResetTimer()
			for i := range b.N {
				b.StopTimer()
				day := due.AddDate(0, 0, i)
				subscribeBench(b, db, n, i)
				bt := bot.New(bot.Options{Engine: eng, Store: db, Now: func() time.Time { return day }})
				s, err := digest.New(digest.Options{Store: db, Composer: bt, Claims: claims,
					Senders: map[string]bot.Sender{"telegram": countSender{&sent}}, Logger: quiet,
					Now: func() time.Time { return day.Add(time.Minute) }})
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				rep, err := s.RunOnce(context.Background(), day.Add(time.Minute))
				if err != nil || rep.Sent != n {
					b.Fatalf("pass = %+v, %v; want %d sent", rep, err, n)
				}
				total += rep.Sent
				b.StopTimer()
				unsubscribeBench(b, db, n, i) // due no more on the next iteration's day
				b.StartTimer()
			}
			b.ReportMetric(float64(total)/b.Elapsed().Seconds(), "digests/s")
		})
	}
}

// subscribeBench stores n readers, fresh for iteration i, due at 08:00 UTC.
func subscribeBench(b *testing.B, db storeAll, n, i int) {
	for j := range n {
		key := fmt.Sprintf("telegram:%d", i*n+j)
		if _, err := db.Update(context.Background(), key, func(r *bot.Reader) error {
			r.Sub = bot.Subscription{On: true, Time: "08:00", Zone: "UTC", Frequency: "daily"}
			return nil
		}); err != nil {
			b.Fatal(err)
		}
	}
}

// unsubscribeBench turns off the subscriptions subscribeBench made for
// iteration i.
func unsubscribeBench(b *testing.B, db storeAll, n, i int) {
	for j := range n {
		if _, err := db.Update(context.Background(), fmt.Sprintf("telegram:%d", i*n+j), func(r *bot.Reader) error {
			r.Sub.On = false
			return nil
		}); err != nil {
			b.Fatal(err)
		}
	}
}

type countSender struct{ n *atomic.Int64 }

func (c countSender) Send(context.Context, string, bot.Reply) error { c.n.Add(1); return nil }

// BenchmarkFailover measures how long the replicas go without a leader
// when the leader dies (its connection closed, nothing resigned) with a
// 2s lease TTL, on three members: ms from the death to another replica
// leading. Each op is one failover; run it with -benchtime 3x.
func BenchmarkFailover(b *testing.B) {
	c := etcdtest.Start(b, 3)
	var total time.Duration
	for i := range b.N {
		total += failoverOnce(b, c, fmt.Sprintf("bench-%d", i))
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "failover-ms")
}

func failoverOnce(b *testing.B, c *etcdtest.Cluster, election string) time.Duration {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	l := newLeading()
	dbs := map[string]*etcdstore.DB{}
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()
	for _, name := range []string{"a", "b"} {
		dbs[name] = openOn(b, c.Endpoints(), 2*time.Second)
		wg.Go(func() {
			dbs[name].Lead(ctx, etcdstore.LeadOptions{Name: election, ID: name, TTL: leadTTL, OnChange: l.hook(name)},
				func(ctx context.Context, _ etcdstore.Term) error { <-ctx.Done(); return nil })
		})
	}
	first, _ := l.next(b, 10*time.Second)
	died := time.Now()
	dbs[first].Close()
	_, at := l.next(b, 10*time.Second)
	return at.Sub(died)
}

// BenchmarkBytesPerReader stores 2,000 readers as a month of use leaves
// them (40 papers read, 5 saved, a subscription, 30 digests) and reports
// the bytes each takes: the record itself, and the cluster's database
// file per reader after compaction and defragmentation (etcd keeps every
// revision until compacted). The bbolt file's is beside it.
func BenchmarkBytesPerReader(b *testing.B) {
	const n = 2000
	ctx := context.Background()
	c := etcdtest.Start(b, 1)
	db, err := etcdstore.Open(ctx, etcdstore.Options{Endpoints: c.Endpoints(), Logger: quiet})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	path := filepath.Join(b.TempDir(), "paperbot.db")
	bdb, err := store.Open(path, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer bdb.Close()
	before := dbSize(b, db, c)
	var record int
	for i := range b.N {
		for j := range n {
			r := monthOfUse(fmt.Sprintf("telegram:%d", i*n+j))
			record += len(store.EncodeReader(&r))
			for _, s := range []storeAll{db, bdb} {
				if _, err := s.Update(ctx, r.Key, func(s *bot.Reader) error { *s = r; return nil }); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	after := dbSize(b, db, c)
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	readers := float64(b.N * n)
	b.ReportMetric(float64(record)/readers, "record-B")
	b.ReportMetric(float64(after-before)/readers, "etcd-db-B/reader")
	b.ReportMetric(float64(fi.Size())/readers, "bbolt-file-B/reader")
}

// dbSize compacts the cluster to its current revision, defragments the
// member and returns its database size.
func dbSize(b *testing.B, db *etcdstore.DB, c *etcdtest.Cluster) int64 {
	ctx := context.Background()
	ep := c.Endpoints()[0]
	st, err := db.Client().Status(ctx, ep)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := db.Client().Compact(ctx, st.Header.Revision); err != nil {
		b.Fatal(err)
	}
	if _, err := db.Client().Defragment(ctx, ep); err != nil {
		b.Fatal(err)
	}
	if st, err = db.Client().Status(ctx, ep); err != nil {
		b.Fatal(err)
	}
	return st.DbSize
}

// monthOfUse is a reader after a month: 40 papers read, 5 saved, a
// subscription and 30 digests.
func monthOfUse(key string) bot.Reader {
	r := bot.Reader{Key: key, Lang: "en", FirstSeen: t0, LastSeen: t0, Read: map[string]time.Time{},
		Saved: map[string]time.Time{}, Sub: bot.Subscription{On: true, Time: "08:30", Zone: "Asia/Shanghai", Frequency: "daily"}}
	for i := range 40 {
		r.Read[fmt.Sprintf("paper%03d", i)] = t0.Add(time.Duration(i) * time.Hour)
	}
	for i := range 5 {
		r.Saved[fmt.Sprintf("saved%03d", i)] = t0
	}
	for i := range 30 {
		r.Digests = append(r.Digests, bot.DigestEntry{Day: t0.AddDate(0, 0, i).Format(time.DateOnly),
			Paper: fmt.Sprintf("paper%03d", i), State: bot.DigestSent, At: t0.AddDate(0, 0, i)})
	}
	return r
}
