package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/paperbot/paperbot/bot"
)

// platform is a chat platform adapter as serve runs it.
type platform interface {
	// Name is the platform's reader-key prefix: "telegram", "slack".
	Name() string
	// Run serves conversations until ctx is done, then stops taking new
	// updates, finishes the replies under way (within its own deadline)
	// and returns nil. An error means it could not run at all.
	Run(ctx context.Context) error
	// Ready reports whether the platform is connected, for /readyz.
	Ready() bool
	bot.Sender
}

// service is something else serve runs beside the platforms: the digest
// scheduler, the ops listener. run returns when ctx is done.
type service struct {
	name string
	run  func(ctx context.Context) error
}

// shutdownGrace is how long serve waits, after SIGINT or SIGTERM, for
// platforms and services to finish what they are doing.
const shutdownGrace = 15 * time.Second

func (c *cli) serve(ctx context.Context, args []string) error {
	fs, g := c.newFlags("serve")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(g.config, g.dataDir)
	if err != nil {
		return err
	}
	// With no platform, a terminal chats; without a terminal, an ops
	// listener makes a headless service (metrics, backups, digests).
	if len(cfg.platforms()) == 0 && (cfg.HTTP.Listen == "" || isTerminal(c.stdin)) {
		if !isTerminal(c.stdin) {
			return usageError("%s There is no terminal here, so there is nothing to do.", connectHint)
		}
		fmt.Fprintln(c.stderr, connectHint)
		return c.chatLoop(ctx, g, defaultUser(), "")
	}
	a, err := c.openApp(g)
	if err != nil {
		return err
	}
	defer a.Close()
	return a.serve(ctx)
}

// serve runs the configured platforms, the digest scheduler and the ops
// listener until ctx is done.
func (a *app) serve(ctx context.Context) error {
	platforms, services, err := a.build()
	if err != nil {
		return err
	}
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, len(platforms)+len(services))
	start := func(name string, run func(context.Context) error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := run(runCtx); err != nil && !errors.Is(err, context.Canceled) {
				errs <- fmt.Errorf("%s: %w", name, err)
				cancel() // one part failing stops the others
			}
		}()
	}
	for _, p := range platforms {
		a.log.Info("starting platform", "platform", p.Name())
		start(p.Name(), p.Run)
	}
	for _, s := range services {
		start(s.name, s.run)
	}
	go a.warmPictures(runCtx)
	<-runCtx.Done()
	a.log.Info("shutting down", "grace", shutdownGrace)
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(shutdownGrace):
		a.log.Warn("shutdown grace period over; closing anyway")
	}
	close(errs)
	return errors.Join(collect(errs)...)
}

// warmPictures makes Graphviz's context and a first layout, so the first
// /map does not wait for them.
func (a *app) warmPictures(ctx context.Context) {
	start := time.Now()
	if err := a.bot.Painter().Warm(ctx); err != nil && ctx.Err() == nil {
		a.log.Warn("warm the picture painter", "err", err)
		return
	}
	a.log.Debug("picture painter warm", "took", time.Since(start))
}

func collect(errs <-chan error) []error {
	var out []error
	for err := range errs {
		out = append(out, err)
	}
	return out
}

// build makes everything serve runs, without starting or contacting
// anything: the configured platforms' adapters and the services beside
// them.
func (a *app) build() ([]platform, []service, error) {
	var platforms []platform
	var leaderOnly []string
	for _, name := range a.cfg.platforms() {
		if a.leaderOnly(name) {
			leaderOnly = append(leaderOnly, name)
			continue
		}
		p, err := a.newPlatform(name)
		if err != nil {
			return nil, nil, err
		}
		platforms = append(platforms, p)
	}
	senders := map[string]bot.Sender{}
	for _, p := range platforms {
		senders[p.Name()] = p
	}
	services, err := a.services(platforms, senders, leaderOnly)
	if err != nil {
		return nil, nil, err
	}
	return platforms, services, nil
}

// newPlatform builds the adapter of a configured platform.
func (a *app) newPlatform(name string) (platform, error) {
	switch name {
	case "telegram":
		return newTelegram(a)
	case "slack":
		return newSlack(a)
	}
	return nil, fmt.Errorf("unknown platform %q", name)
}

// services lists what runs beside the platforms.
// With etcd, the digest scheduler, intake and leaderOnly platforms run
// on the elected replica only.
func (a *app) services(platforms []platform, senders map[string]bot.Sender, leaderOnly []string) ([]service, error) {
	var out []service
	var lead *leadership
	if a.etcd != nil {
		lead = newLeadership()
		out = append(out, *newLeaderService(a, lead, senders, leaderOnly), *newPaperSyncService(a))
	} else {
		d, err := newDigestService(a, senders)
		if err != nil {
			return nil, err
		}
		out = append(out, *d)
		in, err := newIntakeService(a, senders)
		if err != nil {
			return nil, err
		}
		if in != nil {
			out = append(out, *in)
		}
	}
	o, err := newOpsService(a, platforms, lead)
	if err != nil {
		return nil, err
	}
	if o != nil {
		out = append(out, *o)
	}
	bk, err := newBackupService(a)
	if err != nil {
		return nil, err
	}
	if bk != nil {
		out = append(out, *bk)
	}
	return out, nil
}
