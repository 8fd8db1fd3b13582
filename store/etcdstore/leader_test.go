package etcdstore_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/store/etcdstore"
	"github.com/paperbot/paperbot/store/etcdstore/etcdtest"
)

// leadTTL is the lease TTL of replicas in these tests.
const leadTTL = 2 * time.Second

// leading records when each replica started leading.
type leading struct {
	mu    sync.Mutex
	since map[string]time.Time
	ch    chan string // gets each replica's name when it starts leading
}

func newLeading() *leading {
	return &leading{since: map[string]time.Time{}, ch: make(chan string, 16)}
}

func (l *leading) hook(name string) func(bool) {
	return func(on bool) {
		if !on {
			return
		}
		l.mu.Lock()
		l.since[name] = time.Now()
		l.mu.Unlock()
		l.ch <- name
	}
}

// next waits for the next replica to start leading.
func (l *leading) next(tb testing.TB, within time.Duration) (string, time.Time) {
	tb.Helper()
	select {
	case name := <-l.ch:
		l.mu.Lock()
		defer l.mu.Unlock()
		return name, l.since[name]
	case <-time.After(within):
		tb.Fatalf("no replica started leading within %v", within)
		return "", time.Time{}
	}
}

// openOn opens a replica's store on endpoints.
func openOn(tb testing.TB, endpoints []string, op time.Duration) *etcdstore.DB {
	tb.Helper()
	db, err := etcdstore.Open(context.Background(), etcdstore.Options{Endpoints: endpoints, Prefix: "replicas/",
		Now: func() time.Time { return passAt }, OpTimeout: op, DialTimeout: 2 * time.Second, Logger: quiet})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// TestPausedLeaderIsFenced freezes the leader's connection past its
// lease: another replica takes over, and the old leader's writes, one
// sent during the freeze and one after it, are refused.
func TestPausedLeaderIsFenced(t *testing.T) {
	c := etcdtest.Start(t, 1)
	proxy := etcdtest.NewProxy(t, strings.TrimPrefix(c.Endpoints()[0], "http://"))
	a := openOn(t, []string{proxy.URL()}, 15*time.Second)
	b := openOn(t, c.Endpoints(), 2*time.Second)
	keys := subscribeAll(t, b, 1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	l := newLeading()
	terms := make(chan etcdstore.Term, 1)
	hold := func(ctx context.Context, t etcdstore.Term) error {
		terms <- t
		<-ctx.Done()
		return nil
	}
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()
	wg.Go(func() {
		a.Lead(ctx, etcdstore.LeadOptions{Name: "jobs", ID: "a", TTL: leadTTL, OnChange: l.hook("a")}, hold)
	})
	if name, _ := l.next(t, 5*time.Second); name != "a" {
		t.Fatalf("%s leads first, want a", name)
	}
	termA := <-terms
	wg.Go(func() {
		b.Lead(ctx, etcdstore.LeadOptions{Name: "jobs", ID: "b", TTL: leadTTL, OnChange: l.hook("b")}, func(context.Context, etcdstore.Term) error {
			<-ctx.Done()
			return nil
		})
	})
	setLang := func(lang string) func(*bot.Reader) error {
		return func(r *bot.Reader) error { r.Lang = lang; return nil }
	}
	if _, err := termA.Store.Update(ctx, keys[0], setLang("en")); err != nil {
		t.Fatalf("the leader's fenced write before the pause = %v", err)
	}

	proxy.Pause()
	paused := time.Now()
	during := make(chan error, 1)
	go func() {
		_, err := termA.Store.Update(ctx, keys[0], setLang("zh"))
		during <- err
	}()
	name, at := l.next(t, leadTTL+5*time.Second)
	if name != "b" {
		t.Fatalf("%s leads after a froze, want b", name)
	}
	t.Logf("b leads %v after a froze", at.Sub(paused).Round(time.Millisecond))
	proxy.Resume()
	if err := <-during; !errors.Is(err, etcdstore.ErrFenced) {
		t.Errorf("write sent while frozen = %v, want ErrFenced", err)
	}
	if _, err := termA.Store.Update(ctx, keys[0], setLang("zh")); !errors.Is(err, etcdstore.ErrFenced) {
		t.Errorf("write after resuming = %v, want ErrFenced", err)
	}
	if r, err := b.Get(ctx, keys[0]); err != nil || r.Lang != "en" {
		t.Errorf("reader's language = %q, %v; want en: no fenced write may land", r.Lang, err)
	}
}

// TestLeaderKilledMidFanOut runs three replicas, each campaigning and, as
// leader, running the digest scheduler. The leader dies (its connection
// closed, nothing resigned) after its tenth digest: another replica
// leads within the lease TTL and a second, finishes the fan-out, and
// every reader has exactly one digest.
func TestLeaderKilledMidFanOut(t *testing.T) {
	if testing.Short() {
		t.Skip("waits out a lease")
	}
	c := etcdtest.Start(t, 3)
	p := newPlatform()
	p.slow = 10 * time.Millisecond
	const n, killAt = 30, 10
	l := newLeading()
	type proc struct {
		r      *replica
		cancel context.CancelFunc
	}
	procs := map[string]*proc{}
	var mu sync.Mutex // guards killed and killedName
	var killed time.Time
	var killedName string
	p.after = func(name string, sent int) {
		mu.Lock()
		defer mu.Unlock()
		if sent == killAt && killedName == "" {
			killedName, killed = name, time.Now()
			p.kill(name) // a dead process sends nothing more
			procs[name].r.db.Close()
			procs[name].cancel()
		}
	}
	var wg sync.WaitGroup
	defer wg.Wait()
	var keys []string
	for i := range 3 {
		name := fmt.Sprintf("r%d", i)
		r := &replica{name: name, db: openOn(t, c.Endpoints(), 2*time.Second)}
		if i == 0 {
			keys = subscribeAll(t, r.db, n)
		}
		procs[name] = &proc{r: r}
	}
	for name, pr := range procs {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		pr.cancel = cancel
		wg.Go(func() {
			pr.r.db.Lead(ctx, etcdstore.LeadOptions{Name: "jobs", ID: name, TTL: leadTTL, OnChange: l.hook(name)},
				func(ctx context.Context, term etcdstore.Term) error {
					return pr.r.schedulerWith(t, term.Store, term.Claims, p, 1).Run(ctx)
				})
		})
	}
	first, _ := l.next(t, 10*time.Second)
	second, at := l.next(t, 15*time.Second)
	mu.Lock()
	name, when := killedName, killed
	mu.Unlock()
	if first != name || second == first {
		t.Fatalf("leaders %s then %s; killed %q", first, second, name)
	}
	failover := at.Sub(when)
	t.Logf("failover took %v (lease TTL %v)", failover.Round(time.Millisecond), leadTTL)
	if failover > leadTTL+time.Second {
		t.Errorf("failover took %v, want at most the TTL %v and a second", failover, leadTTL)
	}
	db := procs[second].r.db
	deadline := time.Now().Add(15 * time.Second)
	var got map[string]int
	for time.Now().Before(deadline) {
		if got = sentEntries(t, db, keys); got["sent"]+got["unconfirmed"] == n {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if got["sent"]+got["unconfirmed"] != n || got["unconfirmed"] > 1 {
		t.Errorf("today's entries by state = %v, want %d sent or unconfirmed, at most 1 unconfirmed (the send the kill cut off)", got, n)
	}
	for _, pr := range procs {
		pr.cancel()
	}
	p.check(t, keys)
}
