package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/paperbot/paperbot/store"
	"github.com/paperbot/paperbot/store/etcdstore"
)

// backupEtcd is `paperbot backup FILE` with store.backend etcd: a
// consistent copy of the prefix as of one revision, written as a bbolt
// store file (restore and migrate read it).
func (c *cli) backupEtcd(ctx context.Context, cfg *Config, dst string) error {
	db, err := openEtcd(ctx, cfg, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer db.Close()
	fill := func(w io.Writer) error {
		_, err := db.Backup(ctx, w)
		return err
	}
	if dst == "-" {
		return fill(c.stdout)
	}
	var readers int
	err = writeAtomic(dst, fill, func(tmp string) error {
		readers, err = store.Verify(ctx, tmp)
		return err
	})
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(c.stdout, "backup: %s written to %s (a bbolt store file); readers: %d\n", cfg.storeLine(), dst, readers)
	return nil
}

// migrate is `paperbot migrate --to etcd [--from FILE]` and `paperbot
// migrate --to bbolt`: it copies every reader, the subscription index
// and intake's papers from one backend to the other, value for value.
// The target must be empty; the source is read in one consistent copy.
func (c *cli) migrate(ctx context.Context, args []string) error {
	fs, g := c.newFlags("migrate")
	to := fs.String("to", "", "etcd: copy the bbolt store into store.etcd; bbolt: copy store.etcd into the bbolt file in the data dir")
	from := fs.String("from", "", "with --to etcd: the bbolt file to copy (default: the store in the data dir; a backup works)")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError("migrate: unexpected %q", strings.Join(fs.Args(), " "))
	}
	cfg, err := loadConfig(g.config, g.dataDir)
	if err != nil {
		return err
	}
	if len(cfg.Store.Etcd.Endpoints) == 0 {
		return usageError("migrate: set store.etcd.endpoints (and its TLS and login) in the config first")
	}
	switch *to {
	case backendEtcd:
		src := *from
		if src == "" {
			src = cfg.storePath()
		}
		return c.migrateToEtcd(ctx, cfg, src)
	case backendBbolt:
		if *from != "" {
			return usageError("migrate: --from goes with --to etcd")
		}
		return c.migrateToBbolt(ctx, cfg)
	}
	return usageError("migrate: want --to etcd or --to bbolt")
}

// migrateToEtcd copies the bbolt store at src into the configured etcd
// prefix, which must hold no readers.
func (c *cli) migrateToEtcd(ctx context.Context, cfg *Config, src string) error {
	if _, err := os.Stat(src); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if _, err := store.Verify(ctx, src); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	bdb, err := store.Open(src, store.Options{Timeout: lockWait})
	if errors.Is(err, store.ErrLocked) {
		return fmt.Errorf("migrate: stop the paperbot serving on %s first: %w", src, err)
	}
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer bdb.Close()
	edb, err := openEtcd(ctx, cfg, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer edb.Close()
	if err := requireEmpty(ctx, edb, cfg); err != nil {
		return err
	}
	var entries []store.Entry
	if err := bdb.Dump(ctx, func(e store.Entry) error { entries = append(entries, e); return nil }); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if err := edb.Load(ctx, entries); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return c.reportCopy(ctx, bdb, edb, src, cfg.storeLine())
}

// migrateToBbolt writes the configured etcd prefix into the data dir's
// bbolt file, which must not exist yet.
func (c *cli) migrateToBbolt(ctx context.Context, cfg *Config) error {
	dst := cfg.storePath()
	if _, err := os.Stat(dst); err == nil {
		return fmt.Errorf("migrate: %s exists; move it away or use another --data-dir", dst)
	}
	edb, err := openEtcd(ctx, cfg, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer edb.Close()
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	err = writeAtomic(dst, func(w io.Writer) error {
		_, err := edb.Backup(ctx, w)
		return err
	}, func(tmp string) error {
		_, err := store.Verify(ctx, tmp)
		return err
	})
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	bdb, err := store.Open(dst, store.Options{Timeout: lockWait})
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer bdb.Close()
	return c.reportCopy(ctx, edb, bdb, cfg.storeLine(), dst)
}

// requireEmpty refuses a prefix that already holds readers or papers.
func requireEmpty(ctx context.Context, db *etcdstore.DB, cfg *Config) error {
	empty, err := db.Empty(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if !empty {
		return fmt.Errorf("migrate: %s already holds readers; migrate into an empty prefix (store.etcd.prefix)", cfg.storeLine())
	}
	return nil
}

// reportCopy checks that source and target count the same readers and
// subscribers, and says so.
func (c *cli) reportCopy(ctx context.Context, src, dst readerStore, from, to string) error {
	r1, s1, err := src.Count(ctx)
	if err != nil {
		return fmt.Errorf("migrate: count %s: %w", from, err)
	}
	r2, s2, err := dst.Count(ctx)
	if err != nil {
		return fmt.Errorf("migrate: count %s: %w", to, err)
	}
	if r1 != r2 || s1 != s2 {
		return fmt.Errorf("migrate: %s has %d readers (%d subscribed) but %s has %d (%d)", from, r1, s1, to, r2, s2)
	}
	fmt.Fprintf(c.stdout, "migrate: copied %s to %s; readers: %d, subscribed: %d\n", from, to, r2, s2)
	return nil
}
