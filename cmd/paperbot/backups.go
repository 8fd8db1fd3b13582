package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/paperbot/paperbot/store"
)

// defaultBackupKeep is how many scheduled backups are kept when
// backup.keep is not set.
const defaultBackupKeep = 7

// backupRetry is how long the schedule waits after a failed backup.
const backupRetry = 10 * time.Minute

// backupStamp is the time in a scheduled backup's name; it sorts by time.
const backupStamp = "20060102T150405Z"

// schedule makes a consistent copy of the store into dir every interval
// and keeps the newest keep of them. Its backups are named
// paperbot-<UTC time>.db; other files in dir are left alone.
type schedule struct {
	db      *store.DB
	dir     string
	every   time.Duration
	keep    int
	log     *slog.Logger
	metrics *metrics
	now     func() time.Time
}

// newBackupService returns the scheduled backups, or nil when
// backup.interval is not set.
func newBackupService(a *app) (*service, error) {
	every, err := a.cfg.backupEvery()
	if err != nil || every == 0 {
		return nil, err
	}
	keep := a.cfg.Backup.Keep
	if keep == 0 {
		keep = defaultBackupKeep
	}
	db, ok := a.store.(*store.DB)
	if !ok {
		return nil, fmt.Errorf("backup.interval: scheduled backups are of the bbolt file; with store.backend etcd, snapshot the cluster (docs/scale.md)")
	}
	s := &schedule{db: db, dir: filepath.Join(a.cfg.DataDir, "backups"), every: every, keep: keep,
		log: a.log.With("service", "backup"), metrics: a.metrics, now: time.Now}
	return &service{name: "scheduled backups", run: s.run}, nil
}

// run makes a backup whenever one is due until ctx is done. The first is
// due one interval after the newest backup in dir, so restarts do not
// postpone backups, and at once when there is none.
func (s *schedule) run(ctx context.Context) error {
	s.log.Info("scheduled backups", "dir", s.dir, "every", s.every.String(), "keep", s.keep)
	wait := s.firstWait()
	for {
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
		wait = s.every
		if _, err := s.once(ctx); err != nil {
			s.log.Error("scheduled backup failed", "err", err, "retry_in", backupRetry)
			wait = min(backupRetry, s.every)
		}
	}
}

// firstWait is how long until the next backup is due.
func (s *schedule) firstWait() time.Duration {
	names := s.backups()
	if len(names) == 0 {
		return 0
	}
	last, _ := backupTime(names[len(names)-1])
	return max(0, last.Add(s.every).Sub(s.now()))
}

// once writes one backup and removes the oldest beyond keep. It returns
// the new file's path.
func (s *schedule) once(ctx context.Context) (string, error) {
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return "", fmt.Errorf("create backup directory: %w", err)
	}
	start := s.now()
	path := filepath.Join(s.dir, "paperbot-"+start.UTC().Format(backupStamp)+".db")
	var n int64
	err := writeAtomic(path, func(w io.Writer) error {
		var err error
		n, err = s.db.Backup(ctx, w)
		return err
	}, func(tmp string) error {
		_, err := store.Verify(ctx, tmp)
		return err
	})
	s.metrics.backupDone(err, s.now())
	if err != nil {
		return "", err
	}
	s.log.Info("backup written", "file", path, "bytes", n, "took", time.Since(start).Round(time.Millisecond).String())
	names := s.backups()
	for _, old := range names[:max(0, len(names)-s.keep)] {
		if err := os.Remove(filepath.Join(s.dir, old)); err != nil {
			s.log.Warn("remove old backup", "file", old, "err", err)
		}
	}
	return path, nil
}

// backups lists the scheduled backups in dir, oldest first.
func (s *schedule) backups() []string {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		if _, ok := backupTime(e.Name()); ok && e.Type().IsRegular() {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	return names
}

// backupTime is the time in the name of a scheduled backup; ok is false
// for any other name.
func backupTime(name string) (t time.Time, ok bool) {
	stamp, ok1 := strings.CutPrefix(name, "paperbot-")
	stamp, ok2 := strings.CutSuffix(stamp, ".db")
	t, err := time.Parse(backupStamp, stamp)
	return t, ok1 && ok2 && err == nil
}

// writeAtomic writes the file at path (mode 0600) through fill: into a
// temporary file beside it, synced, checked by check (if not nil), then
// renamed over path. path never holds half a file, and a failed write
// leaves nothing behind.
func writeAtomic(path string, fill func(w io.Writer) error, check func(tmp string) error) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".partial-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err := fill(f); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if check != nil {
		if err := check(tmp); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return syncDir(dir)
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}
