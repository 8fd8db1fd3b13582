package etcdstore

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/bot/digest"
	"github.com/paperbot/paperbot/bot/intake"
	"github.com/paperbot/paperbot/store"
)

// Defaults of Options.
const (
	DefaultPrefix      = "paperbot/"
	DefaultDialTimeout = 5 * time.Second
	DefaultOpTimeout   = 5 * time.Second
)

// maxAttempts bounds the tries of one read-modify-write that keeps losing
// to concurrent writers; the call's deadline bounds it too.
const maxAttempts = 64

// ErrFenced is returned by a write of a fenced DB (one handed to a leader)
// once the leadership it was fenced on is gone: another replica may lead,
// so the write is refused.
var ErrFenced = errors.New("etcd store: no longer the leader; write refused")

// ErrConflict is returned when a read-modify-write lost to concurrent
// writers maxAttempts times in a row.
var ErrConflict = errors.New("etcd store: too many conflicting writes")

// Options configures Open. Endpoints is required.
type Options struct {
	Endpoints []string
	// Prefix is put before every key, so several bots can share a
	// cluster; DefaultPrefix if empty. It should end in "/".
	Prefix string
	// TLS, if set, is used to reach the cluster (server CA, client
	// certificate).
	TLS *tls.Config
	// Username and Password log in when set; they appear in no log or
	// error.
	Username, Password string
	// DialTimeout bounds connecting at Open; DefaultDialTimeout if zero.
	DialTimeout time.Duration
	// OpTimeout is the deadline of each call that has none sooner, so a
	// cluster without quorum fails calls rather than hang them;
	// DefaultOpTimeout if zero.
	OpTimeout time.Duration
	// Now is the clock for FirstSeen and LastSeen; time.Now if nil.
	Now func() time.Time
	// Observe, if set, is told how long each call to etcd took, by
	// operation ("get", "txn", "scan", …), and its error.
	Observe func(op string, took time.Duration, err error)
	// Conflict, if set, is told of each read-modify-write tried again
	// because another writer changed the record first.
	Conflict func(op string)
	// Logger gets the backend's own log lines; slog.Default() if nil.
	Logger *slog.Logger
}

// DB is a reader store in an etcd cluster. It is safe for concurrent use.
// A DB made by Fenced shares the connection of the DB it came from.
type DB struct {
	cli   *clientv3.Client
	keys  keys
	opts  Options
	log   *slog.Logger
	fence *fence // nil: writes are not fenced
	locks *keyLocks
	owned bool // Close closes cli
}

var (
	_ bot.Store    = (*DB)(nil)
	_ digest.Store = (*DB)(nil)
	_ intake.Store = (*DB)(nil)
)

// Open connects to the cluster, checks the schema version stored under
// the prefix (writing it for a new prefix) and returns the store. It
// fails within the dial timeout when no endpoint answers.
func Open(ctx context.Context, opts Options) (*DB, error) {
	if len(opts.Endpoints) == 0 {
		return nil, errors.New("etcd store: no endpoints")
	}
	if opts.Prefix == "" {
		opts.Prefix = DefaultPrefix
	}
	if opts.DialTimeout <= 0 {
		opts.DialTimeout = DefaultDialTimeout
	}
	if opts.OpTimeout <= 0 {
		opts.OpTimeout = DefaultOpTimeout
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	cli, err := clientv3.New(clientv3.Config{
		Endpoints:   opts.Endpoints,
		DialTimeout: opts.DialTimeout,
		TLS:         opts.TLS,
		Username:    opts.Username,
		Password:    opts.Password,
		Logger:      zap.NewNop(),
		Context:     context.WithoutCancel(ctx),
	})
	if err != nil {
		return nil, fmt.Errorf("etcd store: connect to %s: %w", strings.Join(opts.Endpoints, ","), err)
	}
	db := &DB{cli: cli, keys: keys{opts.Prefix}, opts: opts, log: opts.Logger, owned: true, locks: newKeyLocks()}
	if err := db.prepare(ctx); err != nil {
		cli.Close()
		return nil, err
	}
	return db, nil
}

// prepare writes the schema version under a new prefix and refuses one
// written by a newer paperbot.
func (db *DB) prepare(ctx context.Context) error {
	ctx, cancel := db.opCtx(ctx, db.opts.DialTimeout)
	defer cancel()
	k := db.keys.version()
	resp, err := db.cli.Txn(ctx).If(clientv3.Compare(clientv3.CreateRevision(k), "=", 0)).
		Then(clientv3.OpPut(k, strconv.Itoa(store.SchemaVersion))).Else(clientv3.OpGet(k)).Commit()
	if err != nil {
		return fmt.Errorf("etcd store: %s: read schema version: %w", db.where(), err)
	}
	if resp.Succeeded {
		return nil
	}
	kvs := resp.Responses[0].GetResponseRange().Kvs
	if len(kvs) == 0 {
		return fmt.Errorf("etcd store: %s: schema version vanished while opening", db.where())
	}
	v, err := strconv.Atoi(string(kvs[0].Value))
	switch {
	case err != nil || v < 1:
		return fmt.Errorf("etcd store: %s: bad schema version %q", db.where(), kvs[0].Value)
	case v > store.SchemaVersion:
		return fmt.Errorf("etcd store: %s has schema version %d, this paperbot knows up to %d; upgrade paperbot: %w",
			db.where(), v, store.SchemaVersion, store.ErrSchemaTooNew)
	}
	return nil
}

// where names the store in messages: its endpoints and prefix, never its
// credentials.
func (db *DB) where() string {
	return strings.Join(db.opts.Endpoints, ",") + " prefix " + strconv.Quote(db.opts.Prefix)
}

// Where names the store for logs and messages: endpoints and prefix.
func (db *DB) Where() string { return db.where() }

// Client returns the connection, for leader election and tools.
func (db *DB) Client() *clientv3.Client { return db.cli }

// Close closes the connection of a DB that Open returned; on a fenced DB
// it does nothing.
func (db *DB) Close() error {
	if !db.owned {
		return nil
	}
	if err := db.cli.Close(); err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("etcd store: close: %w", err)
	}
	return nil
}

// opCtx gives ctx a deadline of d from now unless it has a sooner one.
func (db *DB) opCtx(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if d <= 0 {
		d = db.opts.OpTimeout
	}
	return context.WithTimeout(ctx, d)
}

// observe reports a call to Options.Observe.
func (db *DB) observe(op string, start time.Time, err error) {
	if db.opts.Observe != nil {
		db.opts.Observe(op, time.Since(start), err)
	}
}

// conflict reports a write tried again to Options.Conflict.
func (db *DB) conflict(op string) {
	if db.opts.Conflict != nil {
		db.opts.Conflict(op)
	}
}
