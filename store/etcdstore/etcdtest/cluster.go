// Package etcdtest runs etcd members inside a test: one, or a cluster of
// three on loopback, with data in the test's temporary directory. Only
// tests import it, so the etcd server is never part of paperbot's binary.
package etcdtest

import (
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
	"go.uber.org/zap"
)

// startWait bounds how long a cluster may take to elect a leader.
const startWait = 20 * time.Second

// Cluster is a set of embedded etcd members.
type Cluster struct {
	tb      testing.TB
	mu      sync.Mutex
	cfgs    []*embed.Config
	members []*embed.Etcd // nil when stopped
}

// Start runs a cluster of n members on loopback ports and stops it when
// the test ends. It fails the test if the cluster has no leader within
// startWait.
func Start(tb testing.TB, n int) *Cluster {
	tb.Helper()
	var c *Cluster
	var err error
	for try := 0; try < 3; try++ { // a port taken between picking and binding: pick again
		c, err = start(tb, n)
		if err == nil {
			break
		}
	}
	if err != nil {
		tb.Fatalf("start etcd: %v", err)
	}
	tb.Cleanup(c.stopAll)
	return c
}

func start(tb testing.TB, n int) (*Cluster, error) {
	dir := tb.TempDir()
	c := &Cluster{tb: tb, cfgs: make([]*embed.Config, n), members: make([]*embed.Etcd, n)}
	var initial []string
	for i := range n {
		cfg := embed.NewConfig()
		cfg.Name = fmt.Sprintf("m%d", i)
		cfg.Dir = filepath.Join(dir, cfg.Name)
		cfg.ZapLoggerBuilder = embed.NewZapLoggerBuilder(zap.NewNop())
		peer, client, err := freeURLs()
		if err != nil {
			return nil, err
		}
		cfg.ListenPeerUrls, cfg.AdvertisePeerUrls = []url.URL{peer}, []url.URL{peer}
		cfg.ListenClientUrls, cfg.AdvertiseClientUrls = []url.URL{client}, []url.URL{client}
		cfg.InitialClusterToken = "paperbot-test"
		initial = append(initial, cfg.Name+"="+peer.String())
		c.cfgs[i] = cfg
	}
	for _, cfg := range c.cfgs {
		cfg.InitialCluster = strings.Join(initial, ",")
	}
	errs := make(chan error, n)
	for i := range n {
		go func() { errs <- c.run(i) }()
	}
	var first error
	for range n {
		if err := <-errs; err != nil && first == nil {
			first = err
		}
	}
	if first != nil {
		c.stopAll()
		return nil, first
	}
	return c, nil
}

// freeURLs picks two free loopback ports, for a member's peer and client
// URLs.
func freeURLs() (peer, client url.URL, err error) {
	var ports [2]int
	for i := range ports {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return peer, client, err
		}
		ports[i] = ln.Addr().(*net.TCPAddr).Port
		defer ln.Close()
	}
	u := func(port int) url.URL { return url.URL{Scheme: "http", Host: fmt.Sprintf("127.0.0.1:%d", port)} }
	return u(ports[0]), u(ports[1]), nil
}

// run starts member i and waits until it is ready.
func (c *Cluster) run(i int) error {
	e, err := embed.StartEtcd(c.cfgs[i])
	if err != nil {
		return fmt.Errorf("member %d: %w", i, err)
	}
	select {
	case <-e.Server.ReadyNotify():
	case <-time.After(startWait):
		e.Close()
		return fmt.Errorf("member %d: not ready after %v", i, startWait)
	}
	c.mu.Lock()
	c.members[i] = e
	c.mu.Unlock()
	return nil
}

// Endpoints returns the client URLs of every member, stopped ones too.
func (c *Cluster) Endpoints() []string {
	var out []string
	for _, cfg := range c.cfgs {
		out = append(out, cfg.AdvertiseClientUrls[0].String())
	}
	return out
}

// Stop stops member i.
func (c *Cluster) Stop(i int) {
	c.mu.Lock()
	e := c.members[i]
	c.members[i] = nil
	c.mu.Unlock()
	if e != nil {
		e.Close()
	}
}

// Restart starts stopped member i again from its data directory. With
// fewer than a quorum running it returns once the member listens; the
// cluster answers when a quorum is back.
func (c *Cluster) Restart(i int) {
	c.tb.Helper()
	c.cfgs[i].ClusterState = embed.ClusterStateFlagExisting
	e, err := embed.StartEtcd(c.cfgs[i])
	if err != nil {
		c.tb.Fatalf("restart member %d: %v", i, err)
	}
	c.mu.Lock()
	c.members[i] = e
	c.mu.Unlock()
}

func (c *Cluster) stopAll() {
	for i := range c.members {
		c.Stop(i)
	}
}
