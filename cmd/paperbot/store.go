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

// inbox is the durable inbox the adapters put updates in before they
// acknowledge them: the bbolt file's, or with etcd the shared one, each
// update held under this replica's lease while it answers it. With etcd
// the lease is granted on first use and ends when the app closes; if it
// cannot be had, updates wait in memory only (nil), which is logged.
func (a *app) inbox() bot.Inbox {
	switch db := a.store.(type) {
	case *store.DB:
		return db.Inbox()
	case *etcdstore.DB:
		a.inboxOnce.Do(func() {
			s, err := db.Session(context.Background(), a.cfg.Store.Etcd.leaseT)
			if err != nil {
				a.log.Error("inbox: no lease for this replica; updates wait in memory only", "err", err)
				return
			}
			a.inboxSession = s
			a.etcdInbox = db.Inbox(s, replicaName())
		})
		if a.etcdInbox != nil {
			return a.etcdInbox
		}
	}
	return nil
}
