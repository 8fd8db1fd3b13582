package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"

	"go.etcd.io/etcd/client/v3/concurrency"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/bot/intake"
	"github.com/paperbot/paperbot/data"
	"github.com/paperbot/paperbot/store/etcdstore"
)

// app is everything a running bot needs, wired from the config.
type app struct {
	cfg   *Config
	log   *slog.Logger
	set   *data.Set // as at start: the papers files and intake's accepted papers
	store readerStore
	etcd  *etcdstore.DB // the store when it is etcd, for leader election; else nil
	// With etcd, the inbox and the lease that holds its updates (inbox).
	inboxOnce    sync.Once
	inboxSession *concurrency.Session
	etcdInbox    *etcdstore.Inbox
	bot          *bot.Bot
	metrics      *metrics
	publish      *publisher
	harvester    *intake.Harvester
}

// newLogger sets up slog once: the config's log.level and log.format,
// overridden by --log-level and --log-format; text at info by default.
func newLogger(cfg *Config, g *globals, w io.Writer) *slog.Logger {
	level, format := cfg.Log.Level, cfg.Log.Format
	if g.logLevel != "" {
		level = g.logLevel
	}
	if g.logFormat != "" {
		format = g.logFormat
	}
	var l slog.Level // info; both sources were validated
	_ = l.UnmarshalText([]byte(level))
	opts := &slog.HandlerOptions{Level: l}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// loadSet reads the paper set: the embedded one, extended or replaced by the
// configured papers file.
func loadSet(cfg *Config) (*data.Set, error) {
	set, err := data.Load(cfg.Papers.File, cfg.Papers.Replace)
	if err != nil {
		return nil, fmt.Errorf("load paper set: %w", err)
	}
	return set, nil
}

// loadConfigAndSet reads the config and the paper set it names.
func loadConfigAndSet(g *globals) (*Config, *data.Set, error) {
	cfg, err := loadConfig(g.config, g.dataDir)
	if err != nil {
		return nil, nil, err
	}
	set, err := loadSet(cfg)
	if err != nil {
		return nil, nil, err
	}
	return cfg, set, nil
}

// openApp loads config, paper set and store and builds the bot. The caller
// closes the app.
func (c *cli) openApp(g *globals) (*app, error) {
	cfg, set, err := loadConfigAndSet(g)
	if err != nil {
		return nil, err
	}
	log := newLogger(cfg, g, c.stderr)
	m := newMetrics(cfg.platforms())
	m.Leading(!cfg.etcd())
	db, err := openStore(context.Background(), cfg, log, m, 0)
	if err != nil {
		return nil, err
	}
	m.watchStore(db)
	a := &app{cfg: cfg, log: log, store: db, metrics: m}
	a.etcd, _ = db.(*etcdstore.DB)
	a.publish = &publisher{base: set, app: a}
	eng, err := a.publish.engine(context.Background(), set)
	if err != nil {
		db.Close()
		return nil, err
	}
	a.set = eng.Set()
	a.harvester = a.newHarvester()
	a.bot = bot.New(bot.Options{
		Engine: eng, Store: db, Logger: log, Observe: m.observe, Panicked: m.panicked,
		Dropped:    m.inboxDropped,
		DigestTime: cfg.Digest.DefaultTime, DigestZone: cfg.Digest.DefaultTimezone,
		Admins: cfg.Admins, Stats: statsFunc(cfg, db), Reload: a.publish.reload,
		Review: a.harvester,
	})
	return a, nil
}

func (a *app) Close() error {
	if a.inboxSession != nil {
		a.inboxSession.Close()
	}
	if err := a.store.Close(); err != nil {
		return fmt.Errorf("close store: %w", err)
	}
	return nil
}

// isTerminal reports whether r is an interactive terminal. /dev/null is a
// character device too, and it is the standard input of a service under
// systemd or of a container started without -i: it is not a terminal.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	null, err := os.Stat(os.DevNull)
	return err != nil || !os.SameFile(st, null)
}
