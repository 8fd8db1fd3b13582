package slack

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// benchCommands is the mix of slash commands the benchmarks send.
var benchCommands = []string{"contrastive", "masked image modeling", "read mocov2", "progress",
	"dino", "rotation", "save simclr", "today", "momentum encoder", "help"}

// benchClient sends signed slash commands to the adapter and waits for the
// answers at the fake response_url.
type benchClient struct {
	e      *env
	client *http.Client
	mu     sync.Mutex
	acks   []time.Duration
	busy   atomic.Int64
}

func newBenchClient(b *testing.B, inbox bool) *benchClient {
	b.Helper()
	e := newEnv(b, func(o *Options) { o.Logger = slog.New(slog.DiscardHandler) })
	if !inbox {
		e.close()
		e.noInbox = true
		e.open()
	}
	tr := &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256}
	return &benchClient{e: e, client: &http.Client{Transport: tr, Timeout: 30 * time.Second}}
}

// send posts one command, as user n, and returns a channel closed when its
// answer arrives (nil when the adapter answered busy).
func (c *benchClient) send(b *testing.B, n int) <-chan struct{} {
	path := "/respond/" + strconv.FormatInt(c.e.fake.nURL.Add(1), 10)
	done := make(chan struct{})
	c.e.fake.waiters.Store(path, done)
	body := []byte(url.Values{
		"team_id": {"T1"}, "channel_id": {"C1"}, "user_id": {fmt.Sprintf("U%d", n%200)}, "command": {"/paper"},
		"text": {benchCommands[n%len(benchCommands)]}, "response_url": {c.e.fake.srv.URL + path},
	}.Encode())
	ts := time.Now().Unix()
	req, _ := http.NewRequest(http.MethodPost, c.e.srv.URL+EventsPath, bytes.NewReader(body))
	req.Header.Set("Content-Type", formType)
	req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("X-Slack-Signature", sign(testSecret, ts, body))
	start := time.Now()
	resp, err := c.client.Do(req)
	took := time.Since(start)
	if err != nil {
		b.Error(err)
		return nil
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b.Errorf("status %d", resp.StatusCode)
	}
	c.mu.Lock()
	c.acks = append(c.acks, took)
	c.mu.Unlock()
	if resp.ContentLength > 0 { // an immediate answer: busy
		c.busy.Add(1)
		c.e.fake.waiters.Delete(path)
		return nil
	}
	return done
}

func (c *benchClient) report(b *testing.B, elapsed time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	slices.Sort(c.acks)
	pct := func(p float64) float64 {
		if len(c.acks) == 0 {
			return 0
		}
		return float64(c.acks[min(len(c.acks)-1, int(p*float64(len(c.acks))))].Microseconds()) / 1000
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "cmds/s")
	b.ReportMetric(pct(0.50), "ack-p50-ms")
	b.ReportMetric(pct(0.99), "ack-p99-ms")
	b.ReportMetric(float64(c.busy.Load()), "busy")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkSlashCommands: slash commands handled per second through
// /slack/events, with valid signatures, over loopback: many clients each
// send a command and wait for its answer at the response_url, with the
// real bot and a real store behind the adapter.
func BenchmarkSlashCommands(b *testing.B) {
	c := newBenchClient(b, true)
	var n atomic.Int64
	b.SetParallelism(32) // 64 clients on 2 cores
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if done := c.send(b, int(n.Add(1))); done != nil {
				<-done
			}
		}
	})
	c.report(b, time.Since(start))
}

// BenchmarkAckLatency500: the time to ack a slash command while commands
// arrive at 500 a second, each answered in the background; with the inbox
// (the ack waits until the command is on disk, as serve runs) and without
// (the ack as soon as the command is queued in memory). The goal is an
// ack-p99-ms of at most 100 with the inbox.
func BenchmarkAckLatency500(b *testing.B) {
	for _, inbox := range []bool{false, true} {
		b.Run(fmt.Sprintf("inbox=%v", inbox), func(b *testing.B) {
			c := newBenchClient(b, inbox)
			tick := time.NewTicker(time.Second / 500)
			defer tick.Stop()
			var wg sync.WaitGroup
			b.ResetTimer()
			start := time.Now()
			for i := range b.N {
				<-tick.C
				wg.Go(func() {
					if done := c.send(b, i); done != nil {
						<-done
					}
				})
			}
			wg.Wait()
			c.report(b, time.Since(start))
		})
	}
}
