package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/bot/digest"
	"github.com/paperbot/paperbot/bot/intake"
	"github.com/paperbot/paperbot/store"
	"github.com/paperbot/paperbot/store/etcdstore"
)

// readerStore is what the app needs of a store backend: the bbolt file
// (*store.DB, the default) or etcd (*etcdstore.DB).
type readerStore interface {
	bot.Store
	digest.Store
	intake.Store
	Count(ctx context.Context) (readers, subscribers int, err error)
	Stats(ctx context.Context, today, week time.Time, top int) (bot.Stats, error)
	Close() error
}

// backuper is a store that can write a consistent copy of itself.
type backuper interface {
	Backup(ctx context.Context, w io.Writer) (int64, error)
}

var (
	_ readerStore = (*store.DB)(nil)
	_ readerStore = (*etcdstore.DB)(nil)
)

// openStore opens the configured backend. lockWait is how long a bbolt
// file held by another process is waited for (0: the store's default).
func openStore(ctx context.Context, cfg *Config, log *slog.Logger, m *metrics, lockWait time.Duration) (readerStore, error) {
	if !cfg.etcd() {
		return store.Open(cfg.storePath(), store.Options{Timeout: lockWait})
	}
	return openEtcd(ctx, cfg, log, m)
}

// openEtcd connects to the configured etcd cluster.
func openEtcd(ctx context.Context, cfg *Config, log *slog.Logger, m *metrics) (*etcdstore.DB, error) {
	e := cfg.Store.Etcd
	db, err := etcdstore.Open(ctx, etcdstore.Options{
		Endpoints:   e.Endpoints,
		Prefix:      e.Prefix,
		TLS:         e.tls,
		Username:    e.Username,
		Password:    string(e.Password),
		DialTimeout: e.dial,
		OpTimeout:   e.request,
		Observe:     m.etcdOp,
		Conflict:    m.etcdConflict,
		Logger:      log,
	})
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	return db, nil
}

// inboxOf is the durable inbox of db for the adapters: the bbolt file's;
// nil (updates wait in memory only) for a backend without one.
func inboxOf(db readerStore) bot.Inbox {
	if b, ok := db.(*store.DB); ok {
		return b.Inbox()
	}
	return nil
}
