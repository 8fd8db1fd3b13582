package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/paperbot/paperbot/adapters/arxiv"
	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/bot/intake"
	"github.com/paperbot/paperbot/bot/recommend"
	"github.com/paperbot/paperbot/data"
)

// minHarvestGap is the least time between two harvests by schedule: a
// catch-up harvest at start stands in for the scheduled one that follows
// it the same day.
const minHarvestGap = 20 * time.Hour

// Defaults of the intake keys.
const (
	defaultIntakeTime = "22:00"            // after arXiv's evening announcement
	defaultIntakeZone = "America/New_York" // arXiv's own clock
)

var categoryRe = regexp.MustCompile(`^[a-z-]+(\.[A-Za-z-]+)?$`)

// validateIntake checks the intake keys.
func (c *Config) validateIntake(bad func(key, format string, args ...any) error) error {
	in := &c.Intake
	if u := in.APIURL; u != "" {
		p, err := url.Parse(u)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			return bad("intake.api_url", "%q is not an http(s) URL", u)
		}
	}
	for _, cat := range in.Categories {
		if !categoryRe.MatchString(cat) {
			return bad("intake.categories", "%q is not an arXiv category such as cs.CV", cat)
		}
	}
	if t := in.Time; t != "" {
		if _, ok := bot.ParseClock(t); !ok {
			return bad("intake.time", "%q is not HH:MM", t)
		}
	}
	if z := in.Timezone; z != "" {
		if _, err := bot.ParseZone(z); err != nil {
			return bad("intake.timezone", "%q is not a time zone such as America/New_York", z)
		}
	}
	if l := in.Lookback; l != "" {
		if d, err := parseDays(l); err != nil || d < time.Hour || d > 90*24*time.Hour {
			return bad("intake.lookback", "%q is not a duration from 1h to 90d, such as 7d or 48h", l)
		}
	}
	switch in.Review {
	case "", intake.ReviewAuto, intake.ReviewAdmins:
	default:
		return bad("intake.review", "%q is not auto or admins", in.Review)
	}
	if in.Review == intake.ReviewAdmins && len(c.Admins) == 0 {
		return bad("intake.review", "admins review needs at least one reader under admins:")
	}
	if th := in.Threshold; th < 0 || th > 1 {
		return bad("intake.threshold", "%v is not between 0 and 1", th)
	}
	if strings.ContainsAny(in.Contact, "\r\n") {
		return bad("intake.contact", "must be one line")
	}
	return nil
}

// parseDays reads a Go duration or a whole number of days ("7d").
func parseDays(s string) (time.Duration, error) {
	if n, ok := strings.CutSuffix(s, "d"); ok {
		var days int
		if _, err := fmt.Sscanf(n, "%d", &days); err != nil || fmt.Sprint(days) != n {
			return 0, fmt.Errorf("bad days %q", s)
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	return time.ParseDuration(s)
}

// intakeOn reports whether serve harvests arXiv: intake.enabled, by
// default on when a chat platform runs.
func (c *Config) intakeOn() bool {
	if c.Intake.Enabled != nil {
		return *c.Intake.Enabled
	}
	return len(c.platforms()) > 0
}

// reviewMode is intake.review, by default admins when there are admins.
func (c *Config) reviewMode() string {
	if c.Intake.Review != "" {
		return c.Intake.Review
	}
	if len(c.Admins) > 0 {
		return intake.ReviewAdmins
	}
	return intake.ReviewAuto
}

// publisher rebuilds the searchable set from the base set (embedded and
// papers file) and intake's accepted papers, and swaps it into the bot.
type publisher struct {
	mu   sync.Mutex
	base *data.Set
	app  *app
}

// engine builds the engine of base plus the accepted papers.
func (p *publisher) engine(ctx context.Context, base *data.Set) (*recommend.Engine, error) {
	papers, err := intake.AcceptedPapers(ctx, p.app.store)
	if err != nil {
		return nil, fmt.Errorf("read accepted papers: %w", err)
	}
	set, skipped := base.With(papers)
	for _, err := range skipped {
		p.app.log.Debug("intake: paper not added to the set", "err", err)
	}
	return recommend.New(set), nil
}

// Publish makes the accepted papers searchable.
func (p *publisher) Publish(ctx context.Context) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	start := time.Now()
	e, err := p.engine(ctx, p.base)
	if err != nil {
		return err
	}
	p.app.bot.SetEngine(e)
	p.app.log.Info("intake: paper set rebuilt", "papers", len(e.Set().Papers), "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// reload re-reads the papers files for /reload; the accepted papers stay.
func (p *publisher) reload() (*recommend.Engine, error) {
	base, err := loadSet(p.app.cfg)
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	e, err := p.engine(context.Background(), base)
	if err != nil {
		return nil, err
	}
	p.base = base
	return e, nil
}

// newHarvester builds intake over the app's store and bot.
func (a *app) newHarvester() *intake.Harvester { return a.newHarvesterOn(a.store) }

// newHarvesterOn builds intake writing to st: the app's store, or a
// leader's fenced one.
func (a *app) newHarvesterOn(st intake.Store) *intake.Harvester {
	lookback, _ := parseDays(a.cfg.Intake.Lookback)
	return intake.New(intake.Options{
		Store:     st,
		Engine:    func() *recommend.Engine { return a.bot.Engine() },
		Publish:   a.publish.Publish,
		Review:    a.cfg.reviewMode(),
		Threshold: a.cfg.Intake.Threshold,
		Lookback:  lookback,
		Logger:    a.log,
		Observe:   a.metrics.Intake,
	})
}

// arxivClient is the arXiv adapter as the config sets it up.
func (a *app) arxivClient() *arxiv.Client {
	return arxiv.New(arxiv.Options{
		BaseURL:    a.cfg.Intake.APIURL,
		Categories: a.cfg.Intake.Categories,
		Contact:    a.cfg.Intake.Contact,
		Version:    version(),
		Logger:     a.log,
		Observe:    a.metrics.ArXiv,
	})
}

// fetchFrom is the harvest's source: the arXiv API.
func fetchFrom(c *arxiv.Client) intake.FetchFunc {
	return func(ctx context.Context, since time.Time, page func([]intake.Entry) error) error {
		_, err := c.Fetch(ctx, since, page)
		return err
	}
}

// notifyAdmins sends each queued candidate to every admin whose platform
// has a sender, as a card with Accept and Reject.
func (a *app) notifyAdmins(senders map[string]bot.Sender) func(ctx context.Context, queued []intake.Record) {
	return func(ctx context.Context, queued []intake.Record) {
		for _, key := range a.cfg.Admins {
			s := senders[platformOf(key)]
			if s == nil {
				continue
			}
			lang := a.bot.AdminLang(ctx, key)
			for _, rec := range queued {
				if err := s.Send(ctx, key, bot.ReviewReply(lang, rec)); err != nil {
					a.log.Warn("intake: tell an admin about a candidate", "admin", key, "arxiv", rec.Paper.ArXiv, "err", err)
					break
				}
			}
		}
	}
}

func platformOf(key string) string {
	p, _, _ := strings.Cut(key, ":")
	return p
}

// newIntakeService harvests arXiv once a day at intake.time in
// intake.timezone, plus once at start when the last harvest is over a day
// old. Harvests run beside the chat: the new set is swapped in whole.
func newIntakeService(a *app, senders map[string]bot.Sender) (*service, error) {
	return newIntakeServiceOn(a, senders, a.store, a.harvester)
}

// newIntakeServiceOn is newIntakeService reading and writing st through
// h: a leader's fenced store with etcd.
func newIntakeServiceOn(a *app, senders map[string]bot.Sender, st intake.Store, h *intake.Harvester) (*service, error) {
	if !a.cfg.intakeOn() {
		return nil, nil
	}
	if a.cfg.Intake.Contact == "" {
		a.log.Warn("intake: intake.contact is empty; arXiv asks harvesters to say how to reach them (an e-mail or URL)")
	}
	zone := a.cfg.Intake.Timezone
	if zone == "" {
		zone = defaultIntakeZone
	}
	name, _ := bot.ParseZone(zone)
	loc, err := bot.LoadZone(name)
	if err != nil {
		return nil, fmt.Errorf("intake.timezone: %w", err)
	}
	hm := a.cfg.Intake.Time
	if hm == "" {
		hm = defaultIntakeTime
	}
	hm, _ = bot.ParseClock(hm)
	h.SetNotify(a.notifyAdmins(senders))
	fetch := fetchFrom(a.arxivClient())
	harvest := func(ctx context.Context) {
		// one harvest a day: a catch-up at start stands for the day's
		if st, err := st.IntakeState(ctx); err == nil && time.Since(st.LastHarvest) < minHarvestGap {
			a.log.Info("intake: skipping the scheduled harvest; the last one was recent", "last", st.LastHarvest)
			return
		}
		if _, err := h.Run(ctx, fetch, time.Now(), false); err != nil && !errors.Is(err, context.Canceled) {
			a.metrics.Error("intake")
			a.log.Error("intake: harvest failed; the next one tries again", "err", err)
		}
	}
	run := func(ctx context.Context) error {
		c := cron.New(cron.WithLocation(loc), cron.WithChain(cron.SkipIfStillRunning(cronLog{a}), cron.Recover(cronLog{a})))
		var hh, mm int
		fmt.Sscanf(hm, "%d:%d", &hh, &mm)
		if _, err := c.AddFunc(fmt.Sprintf("%d %d * * *", mm, hh), func() { harvest(ctx) }); err != nil {
			return fmt.Errorf("schedule harvests: %w", err)
		}
		c.Start()
		a.log.Info("intake: harvesting arXiv daily", "at", hm, "zone", name, "review", a.cfg.reviewMode())
		var catchUp sync.WaitGroup
		if st, err := st.IntakeState(ctx); err == nil && time.Since(st.LastHarvest) > 24*time.Hour {
			catchUp.Go(func() { harvest(ctx) }) // the last harvest is over a day old
		}
		<-ctx.Done()
		<-c.Stop().Done()
		catchUp.Wait()
		return nil
	}
	return &service{name: "intake", run: run}, nil
}

// cronLog sends robfig/cron's log to slog.
type cronLog struct{ a *app }

func (c cronLog) Info(msg string, kv ...any) { c.a.log.Debug("intake cron: "+msg, kv...) }
func (c cronLog) Error(err error, msg string, kv ...any) {
	c.a.log.Error("intake cron: "+msg, append(kv, "err", err)...)
}
