package main

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/paperbot/paperbot/store/etcdstore"
)

// Store backends (store.backend).
const (
	backendBbolt = "bbolt"
	backendEtcd  = "etcd"
)

// StoreConfig is the store key: which backend keeps the readers, and how
// to reach etcd when that is the one.
type StoreConfig struct {
	Backend string     `yaml:"backend"` // bbolt (default) or etcd
	Etcd    EtcdConfig `yaml:"etcd"`
}

// EtcdConfig is store.etcd.
type EtcdConfig struct {
	Endpoints      []string `yaml:"endpoints"`
	Prefix         string   `yaml:"prefix"`
	Username       string   `yaml:"username"`
	Password       Secret   `yaml:"password"`
	DialTimeout    string   `yaml:"dial_timeout"`    // default 5s
	RequestTimeout string   `yaml:"request_timeout"` // default 5s
	LeaseTTL       string   `yaml:"lease_ttl"`       // default 4s
	TLS            struct {
		CA   string `yaml:"ca"`
		Cert string `yaml:"cert"`
		Key  string `yaml:"key"`
	} `yaml:"tls"`

	tls                   *tls.Config // built by validate from the files
	dial, request, leaseT time.Duration
}

// etcd reports whether the config keeps readers in etcd.
func (c *Config) etcd() bool { return c.Store.Backend == backendEtcd }

// validateStore checks the store keys and, for etcd, loads the TLS files,
// so `check` reports what `serve` would trip on.
func (c *Config) validateStore(bad func(key, format string, args ...any) error) error {
	switch c.Store.Backend {
	case "", backendBbolt:
		if len(c.Store.Etcd.Endpoints) == 0 {
			return nil // no etcd at all; with endpoints, migrate may use them
		}
	case backendEtcd:
		if c.Backup.Interval != "" {
			return bad("backup.interval", "scheduled backups are of the bbolt file; with store.backend etcd, snapshot the cluster (etcdctl snapshot save) or run 'paperbot backup'")
		}
	default:
		return bad("store.backend", "%q is not bbolt or etcd", c.Store.Backend)
	}
	e := &c.Store.Etcd
	if len(e.Endpoints) == 0 {
		return bad("store.etcd.endpoints", "required with store.backend: etcd, such as [http://10.0.0.1:2379]")
	}
	for _, ep := range e.Endpoints {
		u, err := url.Parse(ep)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
			return bad("store.etcd.endpoints", "%q is not an http:// or https:// URL without credentials", redactURL(ep))
		}
	}
	if e.Prefix != "" && !strings.HasSuffix(e.Prefix, "/") {
		return bad("store.etcd.prefix", "%q should end in /", e.Prefix)
	}
	if (e.Username == "") != (e.Password == "") {
		return bad("store.etcd.username", "username and password go together")
	}
	for _, d := range []struct {
		key, val string
		dst      *time.Duration
		def      time.Duration
	}{{"dial_timeout", e.DialTimeout, &e.dial, 5 * time.Second}, {"request_timeout", e.RequestTimeout, &e.request, 5 * time.Second},
		{"lease_ttl", e.LeaseTTL, &e.leaseT, etcdstore.DefaultLeaseTTL}} {
		*d.dst = d.def
		if d.val == "" {
			continue
		}
		v, err := time.ParseDuration(d.val)
		if err != nil || v <= 0 {
			return bad("store.etcd."+d.key, "%q is not a positive duration such as 5s", d.val)
		}
		*d.dst = v
	}
	if e.leaseT < 2*time.Second {
		return bad("store.etcd.lease_ttl", "%v is too short; at least 2s", e.leaseT)
	}
	t, err := e.tlsConfig()
	if err != nil {
		return bad("store.etcd.tls", "%v", err)
	}
	e.tls = t
	return nil
}

// tlsConfig builds the TLS settings from the files: nil when none is
// set and every endpoint is http.
func (e *EtcdConfig) tlsConfig() (*tls.Config, error) {
	t := e.TLS
	https := false
	for _, ep := range e.Endpoints {
		https = https || strings.HasPrefix(ep, "https://")
	}
	if t.CA == "" && t.Cert == "" && t.Key == "" && !https {
		return nil, nil
	}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if (t.Cert == "") != (t.Key == "") {
		return nil, fmt.Errorf("cert and key go together")
	}
	if t.Cert != "" {
		pair, err := tls.LoadX509KeyPair(t.Cert, t.Key)
		if err != nil {
			return nil, fmt.Errorf("load client certificate: %w", err)
		}
		cfg.Certificates = []tls.Certificate{pair}
	}
	if t.CA != "" {
		pem, err := os.ReadFile(t.CA)
		if err != nil {
			return nil, fmt.Errorf("read ca: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("ca %s holds no PEM certificate", t.CA)
		}
		cfg.RootCAs = pool
	}
	return cfg, nil
}

// redactURL hides a password in a URL, for messages.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err == nil {
		return u.Redacted()
	}
	if i := strings.LastIndex(s, "@"); i >= 0 {
		return "xxxxx@" + s[i+1:]
	}
	return s
}

// storeLine says where the readers are kept, for check and logs.
func (c *Config) storeLine() string {
	if !c.etcd() {
		return c.storePath()
	}
	prefix := c.Store.Etcd.Prefix
	if prefix == "" {
		prefix = "paperbot/"
	}
	return fmt.Sprintf("etcd %s, prefix %q", strings.Join(c.Store.Etcd.Endpoints, ","), prefix)
}
