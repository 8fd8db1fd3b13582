package main

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/paperbot/paperbot/adapters/telegram"
	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/store/etcdstore"
)

// electionName is the election the replicas of one store campaign in.
const electionName = "jobs"

// leadership is this replica's part in the leader election of an etcd
// store: the digest scheduler, arXiv intake and Telegram long polling
// run only while it leads.
type leadership struct {
	id      string
	leading atomic.Bool
}

// newLeadership names this replica in the election: its name and
// process id.
func newLeadership() *leadership {
	return &leadership{id: fmt.Sprintf("%s-%d", replicaName(), os.Getpid())}
}

// replicaName names this replica, the same across its restarts:
// $PAPERBOT_REPLICA, else the host name. Replicas sharing an etcd store
// need distinct names: a replica takes back at once the inbox updates
// held under its own name.
func replicaName() string {
	if n := os.Getenv("PAPERBOT_REPLICA"); n != "" {
		return n
	}
	host, err := os.Hostname()
	if err != nil || host == "" {
		return "paperbot"
	}
	return host
}

// leaderOnly reports whether platform name runs on the leader only with
// etcd: Telegram long polling, since Telegram hands each update to one
// poller. Webhooks and Slack run on every replica.
func (a *app) leaderOnly(name string) bool {
	return a.etcd != nil && name == "telegram" && a.cfg.Telegram.Mode != telegram.ModeWebhook
}

// newLeaderService campaigns for leadership and, while this replica
// leads, runs the jobs that must run once: the digest scheduler (fenced,
// with claims), arXiv intake (fenced) and the leader-only platforms.
func newLeaderService(a *app, lead *leadership, senders map[string]bot.Sender, leaderOnly []string) *service {
	run := func(ctx context.Context) error {
		a.log.Info("leader election: campaigning", "id", lead.id, "lease_ttl", a.cfg.Store.Etcd.leaseT)
		return a.etcd.Lead(ctx, etcdstore.LeadOptions{
			Name: electionName, ID: lead.id, TTL: a.cfg.Store.Etcd.leaseT,
			OnChange: func(on bool) {
				lead.leading.Store(on)
				a.metrics.Leading(on)
			},
		}, func(ctx context.Context, t etcdstore.Term) error {
			return a.leaderTerm(ctx, t, senders, leaderOnly)
		})
	}
	return &service{name: "leader jobs", run: run}
}

// leaderTerm runs the leader's jobs until ctx ends with the term. Each
// term builds them anew: the Telegram adapter runs once per instance.
func (a *app) leaderTerm(ctx context.Context, t etcdstore.Term, senders map[string]bot.Sender, leaderOnly []string) error {
	all := maps.Clone(senders)
	var jobs []service
	for _, name := range leaderOnly {
		p, err := a.newPlatform(name)
		if err != nil {
			return err
		}
		all[name] = p
		jobs = append(jobs, service{name: name, run: p.Run})
	}
	s, err := a.schedulerOn(t.Store, t.Claims, all)
	if err != nil {
		return err
	}
	jobs = append(jobs, service{name: "digest", run: s.Run})
	in, err := newIntakeServiceOn(a, all, t.Store, a.newHarvesterOn(t.Store))
	if err != nil {
		return err
	}
	if in != nil {
		jobs = append(jobs, *in)
	}
	return runAll(ctx, jobs)
}

// runAll runs services until ctx ends or one fails, which stops the
// others; it returns their errors.
func runAll(ctx context.Context, jobs []service) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var mu sync.Mutex
	var errs []error
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Go(func() {
			if err := j.run(ctx); err != nil && !errors.Is(err, context.Canceled) {
				mu.Lock()
				errs = append(errs, fmt.Errorf("%s: %w", j.name, err))
				mu.Unlock()
				cancel()
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// paperSyncDelay is how long a replica waits after intake's papers change
// before rebuilding its paper set, so a harvest's pages make one rebuild.
const paperSyncDelay = 2 * time.Second

// newPaperSyncService keeps this replica's paper set in step with intake's
// papers in etcd: the leader harvests and any replica may take an
// admin's decision, and every replica serves searches.
func newPaperSyncService(a *app) *service {
	run := func(ctx context.Context) error {
		var mu sync.Mutex
		var timer *time.Timer
		publish := func() {
			if err := a.publish.Publish(ctx); err != nil && ctx.Err() == nil {
				a.log.Error("intake: rebuild the paper set after a change elsewhere", "err", err)
			}
		}
		a.etcd.WatchPapers(ctx, func() {
			mu.Lock()
			defer mu.Unlock()
			if timer == nil {
				timer = time.AfterFunc(paperSyncDelay, publish)
				return
			}
			timer.Reset(paperSyncDelay)
		})
		mu.Lock()
		if timer != nil {
			timer.Stop()
		}
		mu.Unlock()
		return nil
	}
	return &service{name: "paper set sync", run: run}
}
