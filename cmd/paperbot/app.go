package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/bot/recommend"
	"github.com/paperbot/paperbot/data"
	"github.com/paperbot/paperbot/store"
)

// app is everything a running bot needs, wired from the config.
type app struct {
	cfg   *Config
	log   *slog.Logger
	set   *data.Set
	store *store.DB
	bot   *bot.Bot
}

// newLogger sets up slog once, from the config.
func newLogger(cfg *Config, w io.Writer) *slog.Logger {
	level := slog.LevelInfo
	_ = level.UnmarshalText([]byte(cfg.Log.Level))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.Log.Format == "json" {
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
	db, err := store.Open(cfg.storePath(), store.Options{})
	if err != nil {
		return nil, err
	}
	log := newLogger(cfg, c.stderr)
	b := bot.New(bot.Options{
		Engine: recommend.New(set), Store: db, Logger: log,
		DigestTime: cfg.Digest.DefaultTime, DigestZone: cfg.Digest.DefaultTimezone,
	})
	return &app{cfg: cfg, log: log, set: set, store: db, bot: b}, nil
}

func (a *app) Close() error {
	if err := a.store.Close(); err != nil {
		return fmt.Errorf("close store: %w", err)
	}
	return nil
}

// isTerminal reports whether r is an interactive terminal.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
