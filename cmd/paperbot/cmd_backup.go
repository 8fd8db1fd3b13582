package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/paperbot/paperbot/store"
)

// lockWait is how long backup and restore wait for the store's lock
// before deciding that a running paperbot holds it.
const lockWait = time.Second

// backup is `paperbot backup FILE`: a consistent copy of the store. When a
// running paperbot holds the store, the copy comes through its ops
// listener (POST /backup).
func (c *cli) backup(ctx context.Context, args []string) error {
	fs, g := c.newFlags("backup")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError("backup: name one FILE to write (or - for standard output), e.g. paperbot backup paperbot-backup.db")
	}
	dst := fs.Arg(0)
	cfg, err := loadConfig(g.config, g.dataDir)
	if err != nil {
		return err
	}
	if cfg.etcd() {
		return c.backupEtcd(ctx, cfg, dst)
	}
	src := cfg.storePath()
	if dst != "-" && sameFile(dst, src) {
		return usageError("backup: %s is the store itself; name another file", dst)
	}
	if _, err := os.Stat(src); errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("backup: there is no store at %s, so nothing to back up (is --data-dir right?)", src)
	}
	fill, via, done, err := backupSource(ctx, cfg)
	if err != nil {
		return err
	}
	defer done()
	if dst == "-" {
		return fill(c.stdout)
	}
	var readers int
	err = writeAtomic(dst, fill, func(tmp string) error {
		var err error
		readers, err = store.Verify(ctx, tmp)
		return err
	})
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintf(c.stdout, "backup: %s written to %s (%s); readers: %d\n", src, dst, via, readers)
	return nil
}

// backupSource opens the store for a backup, or, when a running paperbot
// holds it and http.listen is set, asks that paperbot. fill writes the
// copy; done releases the store.
func backupSource(ctx context.Context, cfg *Config) (fill func(io.Writer) error, via string, done func(), err error) {
	db, err := store.Open(cfg.storePath(), store.Options{Timeout: lockWait})
	switch {
	case err == nil:
		fill = func(w io.Writer) error {
			_, err := db.Backup(ctx, w)
			return err
		}
		return fill, "read directly", func() { db.Close() }, nil
	case errors.Is(err, store.ErrLocked) && cfg.HTTP.Listen != "":
		url, err := opsURL(cfg.HTTP.Listen, "/backup")
		if err != nil {
			return nil, "", nil, err
		}
		fill = func(w io.Writer) error { return fetchBackup(ctx, url, w) }
		return fill, "through the running paperbot at " + url, func() {}, nil
	case errors.Is(err, store.ErrLocked):
		return nil, "", nil, fmt.Errorf("backup: %w; to back up while it serves, set http.listen "+
			"(e.g. 127.0.0.1:9090) and restart it, so paperbot backup can ask it for a copy", err)
	}
	return nil, "", nil, fmt.Errorf("backup: %w", err)
}

// fetchBackup asks the paperbot serving at url for a backup and copies it
// to w.
func fetchBackup(ctx context.Context, url string, w io.Writer) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, nil)
	if err != nil {
		return fmt.Errorf("ask the running paperbot for a backup: %w", err)
	}
	resp, err := opsClient().Do(req)
	if err != nil {
		return fmt.Errorf("ask the running paperbot for a backup: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("ask the running paperbot for a backup: %s: %s", resp.Status, bodyLine(resp.Body))
	}
	if _, err := io.Copy(w, resp.Body); err != nil {
		return fmt.Errorf("receive the backup from the running paperbot: %w", err)
	}
	return nil
}

// restore is `paperbot restore FILE`: it puts a backup in place of the
// store. It refuses while a paperbot holds the store and when FILE is not
// a paperbot store this version can open, and it keeps the current store
// as paperbot.db.before-restore-<time>.
func (c *cli) restore(ctx context.Context, args []string) error {
	fs, g := c.newFlags("restore")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError("restore: name the backup FILE to restore, e.g. paperbot restore paperbot-backup.db")
	}
	src := fs.Arg(0)
	cfg, err := loadConfig(g.config, g.dataDir)
	if err != nil {
		return err
	}
	if cfg.etcd() {
		return usageError("restore: puts a backup in place of the bbolt file; with store.backend etcd, load it into an empty prefix with 'paperbot migrate --to etcd --from %s'", src)
	}
	dst := cfg.storePath()
	if sameFile(src, dst) {
		return usageError("restore: %s is the store itself", src)
	}
	if _, err := store.Verify(ctx, src); err != nil {
		return fmt.Errorf("restore: %s is not a backup this paperbot can restore: %w", src, err)
	}
	kept, err := swapStore(ctx, src, dst)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	// Open it once: an older schema is upgraded now, and it proves the
	// file in place opens.
	db, err := store.Open(dst, store.Options{Timeout: lockWait})
	if err != nil {
		return fmt.Errorf("restore: open the restored store: %w", err)
	}
	readers, subs, err := db.Count(ctx)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	fmt.Fprintf(c.stdout, "restore: %s is now in %s; readers: %d, subscribed: %d\n", src, dst, readers, subs)
	if kept != "" {
		fmt.Fprintf(c.stdout, "restore: the store as it was is kept as %s\n", kept)
	}
	return nil
}

// swapStore copies src beside dst and renames it over dst while holding
// dst's lock, so no paperbot runs on it meanwhile; the copy gets the
// owner of the store it replaces. The store as it was stays as
// dst.before-restore-<UTC time> (kept is its name; "" when there was
// none).
func swapStore(ctx context.Context, src, dst string) (kept string, err error) {
	cur, err := os.Stat(dst)
	switch {
	case err == nil:
		held, err := store.Open(dst, store.Options{Timeout: lockWait})
		switch {
		case errors.Is(err, store.ErrLocked):
			return "", fmt.Errorf("refused while a paperbot runs: %w", err)
		case errors.Is(err, store.ErrSchemaTooNew):
			// A newer paperbot wrote it, and nobody holds it: rolling
			// back after an upgrade is what restore is for.
		case errors.Is(err, store.ErrDamaged):
			// Nothing can serve from it, and the damaged-store message
			// sends people here: replace it, keeping it aside.
		case err != nil:
			return "", err
		default:
			defer held.Close()
		}
		kept = dst + ".before-restore-" + time.Now().UTC().Format(backupStamp)
		if err := keepCopy(dst, kept); err != nil {
			return "", err
		}
	case errors.Is(err, os.ErrNotExist):
		if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
			return "", fmt.Errorf("create data directory: %w", err)
		}
	default:
		return "", err
	}
	err = writeAtomic(dst, func(w io.Writer) error {
		f, err := os.Open(src)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.Copy(w, f)
		return err
	}, func(tmp string) error {
		if _, err := store.Verify(ctx, tmp); err != nil {
			return err
		}
		if cur != nil {
			return sameOwner(tmp, cur)
		}
		return nil
	})
	return kept, err
}

// keepCopy makes kept a name for the file at path: a hard link, or a copy
// where the file system has none.
func keepCopy(path, kept string) error {
	if err := os.Link(path, kept); err == nil {
		return nil
	}
	return writeAtomic(kept, func(w io.Writer) error {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.Copy(w, f)
		return err
	}, nil)
}

// sameFile reports whether a and b name one existing file.
func sameFile(a, b string) bool {
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	return err == nil && os.SameFile(fa, fb)
}
