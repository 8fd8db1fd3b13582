package etcdstore_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"go.etcd.io/etcd/client/v3/concurrency"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/bot/digest"
	"github.com/paperbot/paperbot/bot/recommend"
	"github.com/paperbot/paperbot/data"
	"github.com/paperbot/paperbot/store/etcdstore"
	"github.com/paperbot/paperbot/store/etcdstore/etcdtest"
)

// due is when the test readers' digests fall due (08:00 UTC), and passAt a
// minute later, when the passes run.
var (
	due    = time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	passAt = due.Add(time.Minute)
	today  = "2026-03-02"
)

// quiet is the logger of the replicas' stores.
var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

var engine = sync.OnceValues(func() (*recommend.Engine, error) {
	set, err := data.Embedded()
	if err != nil {
		return nil, err
	}
	return recommend.New(set), nil
})

// platform is a fake chat platform shared by the replicas: it counts
// digests per (reader, date) and which replica sent each.
type platform struct {
	mu    sync.Mutex
	sends map[string]int // "reader day" → digests received
	by    map[string]int // replica → digests sent
	dead  map[string]bool
	// slow, if set, is how long each send takes.
	slow time.Duration
	// after, if set, runs after each send with the replica's name and
	// how many digests it has sent.
	after func(replica string, n int)
}

func newPlatform() *platform {
	return &platform{sends: map[string]int{}, by: map[string]int{}, dead: map[string]bool{}}
}

// sender is the platform as one replica's Sender.
type sender struct {
	p       *platform
	replica string
}

func (s sender) Send(ctx context.Context, to string, r bot.Reply) error {
	if s.p.slow > 0 {
		time.Sleep(s.p.slow)
	}
	s.p.mu.Lock()
	if s.p.dead[s.replica] {
		s.p.mu.Unlock()
		return fmt.Errorf("replica %s is dead but sent a digest to %s", s.replica, to)
	}
	s.p.sends[to+" "+today]++
	s.p.by[s.replica]++
	n := s.p.by[s.replica]
	after := s.p.after
	s.p.mu.Unlock()
	if after != nil {
		after(s.replica, n)
	}
	return nil
}

func (p *platform) kill(replica string) {
	p.mu.Lock()
	p.dead[replica] = true
	p.mu.Unlock()
}

// check fails the test unless each of keys got exactly one digest today
// and nobody else got any.
func (p *platform) check(tb testing.TB, keys []string) {
	tb.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	total := 0
	for _, k := range keys {
		if n := p.sends[k+" "+today]; n != 1 {
			tb.Errorf("%s got %d digests on %s, want 1", k, n, today)
		}
	}
	for _, n := range p.sends {
		total += n
	}
	if total != len(keys) {
		tb.Errorf("%d digests sent in all, want %d (by replica: %v)", total, len(keys), p.by)
	}
}

// replica is one bot process: its own connection to the cluster, its
// lease, and a digest scheduler over them.
type replica struct {
	name    string
	db      *etcdstore.DB
	session *concurrency.Session
}

func startReplica(tb testing.TB, c *etcdtest.Cluster, name string, ttl int) *replica {
	tb.Helper()
	db, err := etcdstore.Open(context.Background(), etcdstore.Options{
		Endpoints: c.Endpoints(), Prefix: "replicas/", Now: func() time.Time { return passAt },
		OpTimeout: 2 * time.Second, DialTimeout: 2 * time.Second, Logger: quiet})
	if err != nil {
		tb.Fatalf("open replica %s: %v", name, err)
	}
	tb.Cleanup(func() { db.Close() })
	s, err := db.Session(context.Background(), time.Duration(ttl)*time.Second)
	if err != nil {
		tb.Fatalf("session of replica %s: %v", name, err)
	}
	tb.Cleanup(func() { s.Close() })
	return &replica{name: name, db: db, session: s}
}

// scheduler builds the replica's digest scheduler over store (db, or a
// fenced db) with its claims, sending through p.
func (r *replica) scheduler(tb testing.TB, store *etcdstore.DB, p *platform) *digest.Scheduler {
	return r.schedulerWith(tb, store, store.Claims(r.session, r.name), p, 4)
}

// schedulerWith builds a digest scheduler over store with claims and
// workers digests in flight, passing every second when Run.
func (r *replica) schedulerWith(tb testing.TB, store *etcdstore.DB, claims digest.Claims, p *platform, workers int) *digest.Scheduler {
	tb.Helper()
	eng, err := engine()
	if err != nil {
		tb.Fatal(err)
	}
	b := bot.New(bot.Options{Engine: eng, Store: store, Now: func() time.Time { return passAt }})
	s, err := digest.New(digest.Options{Store: store, Composer: b, Claims: claims, Spec: "@every 1s",
		Senders: map[string]bot.Sender{"telegram": sender{p, r.name}}, Workers: workers,
		Now: func() time.Time { return passAt }, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// subscribeAll stores n readers due at 08:00 UTC and returns their keys.
func subscribeAll(tb testing.TB, db *etcdstore.DB, n int) []string {
	tb.Helper()
	return subscribeAt(tb, db, n, 1000, "08:00")
}

// subscribeAt stores n readers, numbered from first, due at hm UTC.
func subscribeAt(tb testing.TB, db *etcdstore.DB, n, first int, hm string) []string {
	tb.Helper()
	var keys []string
	for i := range n {
		key := fmt.Sprintf("telegram:%d", first+i)
		_, err := db.Update(context.Background(), key, func(r *bot.Reader) error {
			r.Sub = bot.Subscription{On: true, Time: hm, Zone: "UTC", Frequency: "daily"}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
		keys = append(keys, key)
	}
	return keys
}

// sentEntries counts the "sent" digest entries of today in each reader's
// record.
func sentEntries(tb testing.TB, db *etcdstore.DB, keys []string) map[string]int {
	tb.Helper()
	out := map[string]int{}
	for _, k := range keys {
		r, err := db.Get(context.Background(), k)
		if err != nil {
			tb.Fatal(err)
		}
		for _, e := range r.Digests {
			if e.Day == today {
				out[e.State]++
			}
		}
	}
	return out
}

// TestReplicasRacingPassesSendOnce runs the same pass on three replicas
// at once, without leader election: the claims alone must give every
// reader exactly one digest.
func TestReplicasRacingPassesSendOnce(t *testing.T) {
	c := etcdtest.Start(t, 3)
	p := newPlatform()
	p.slow = 2 * time.Millisecond
	var rs []*replica
	for i := range 3 {
		rs = append(rs, startReplica(t, c, fmt.Sprintf("r%d", i), 5))
	}
	keys := subscribeAll(t, rs[0].db, 30)
	var wg sync.WaitGroup
	reps := make([]digest.Report, len(rs))
	for i, r := range rs {
		s := r.scheduler(t, r.db, p)
		wg.Go(func() {
			rep, err := s.RunOnce(context.Background(), passAt)
			if err != nil {
				t.Errorf("replica %s: RunOnce = %v", r.name, err)
			}
			reps[i] = rep
		})
	}
	wg.Wait()
	p.check(t, keys)
	sent := 0
	for _, rep := range reps {
		sent += rep.Sent
	}
	if sent != len(keys) {
		t.Errorf("reports count %d sent in all (%+v), want %d", sent, reps, len(keys))
	}
	if got := sentEntries(t, rs[1].db, keys); got["sent"] != len(keys) || len(got) != 1 {
		t.Errorf("today's digest entries by state = %v, want %d sent and nothing else", got, len(keys))
	}
}

// TestQuorumLoss: with one of three members down the bot sends as usual;
// with two down a pass fails on its deadline and sends nothing; once the
// members are back the pass sends what is due, and nobody ever gets two.
func TestQuorumLoss(t *testing.T) {
	if testing.Short() {
		t.Skip("waits out deadlines")
	}
	c := etcdtest.Start(t, 3)
	p := newPlatform()
	r := startReplica(t, c, "r0", 30)
	early := subscribeAt(t, r.db, 10, 1000, "08:00")
	late := subscribeAt(t, r.db, 10, 2000, "09:00")
	s := r.scheduler(t, r.db, p)
	ctx := context.Background()

	c.Stop(0)
	if rep, err := s.RunOnce(ctx, due.Add(time.Minute)); err != nil || rep.Sent != len(early) {
		t.Fatalf("pass with one member down = %+v, %v; want %d sent", rep, err, len(early))
	}
	p.check(t, early)

	c.Stop(1)
	start := time.Now()
	rep, err := s.RunOnce(ctx, due.Add(time.Hour+time.Minute))
	took := time.Since(start)
	if !errors.Is(err, context.DeadlineExceeded) || rep.Sent != 0 {
		t.Errorf("pass with two members down = %+v, %v; want a deadline error and nothing sent", rep, err)
	}
	if took > 5*time.Second {
		t.Errorf("pass with two members down took %v, want about the 2s deadline", took)
	}
	p.check(t, early)

	c.Restart(0)
	c.Restart(1)
	deadline := time.Now().Add(20 * time.Second)
	for {
		rep, err = s.RunOnce(ctx, due.Add(time.Hour+2*time.Minute))
		if err == nil && rep.Due == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("pass after the members came back = %v", err)
	}
	p.check(t, append(early, late...))
}
