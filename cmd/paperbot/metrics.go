package main

import (
	"context"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/paperbot/paperbot/bot"
)

// metrics is the app's own Prometheus registry and the instruments the
// bot, the adapters and the digest scheduler feed. The zero of every
// counter is exported from the start, so a dashboard shows 0, not "no
// data". A nil *metrics counts nothing.
//
// The adapters (their Options.Metrics) and the digest scheduler reach it
// through the app:
//
//	a.metrics.Digest("telegram", "sent")        // "sent", "failed" or "skipped"
//	a.metrics.RateLimitWait("slack", retryAfter) // each wait for a platform limit
//	a.metrics.Error("send")                     // see errorKinds
type metrics struct {
	reg        *prometheus.Registry
	messages   *prometheus.CounterVec   // platform, command
	latency    *prometheus.HistogramVec // command
	errors     *prometheus.CounterVec   // kind
	digests    *prometheus.CounterVec   // platform, outcome
	waits      *prometheus.CounterVec   // platform
	waited     *prometheus.CounterVec   // platform
	backups    *prometheus.CounterVec   // outcome
	lastBackup prometheus.Gauge
	intake     *prometheus.CounterVec   // event
	arxiv      *prometheus.CounterVec   // event
	panics     *prometheus.CounterVec   // platform, or "digest"
	dropped    *prometheus.CounterVec   // platform
	etcd       *prometheus.HistogramVec // op, outcome
	conflicts  *prometheus.CounterVec   // op
	leader     prometheus.Gauge
}

// watchStore adds the store's gauges, read at each scrape.
func (m *metrics) watchStore(db readerStore) {
	m.reg.MustRegister(newStoreCollector(db))
}

// etcdOp is etcdstore.Options.Observe: one call to etcd.
func (m *metrics) etcdOp(op string, took time.Duration, err error) {
	if m == nil {
		return
	}
	outcome := "ok"
	if err != nil {
		outcome = "error"
	}
	m.etcd.WithLabelValues(op, outcome).Observe(took.Seconds())
}

// etcdConflict is etcdstore.Options.Conflict: one write tried again.
func (m *metrics) etcdConflict(op string) {
	if m != nil {
		m.conflicts.WithLabelValues(op).Inc()
	}
}

// Leading sets the leader gauge.
func (m *metrics) Leading(on bool) {
	if m != nil {
		m.leader.Set(boolGauge(on))
	}
}

// errorKinds are the kinds of paperbot_errors_total: "handle" a message
// the bot could not answer (the store failed), "send" a reply or digest the
// platform refused for good, "platform" a failed call to connect or to
// take updates, "digest" a digest run that failed, "backup" a backup that
// failed, "intake" a harvest that failed.
var errorKinds = []string{"handle", "send", "platform", "digest", "backup", "intake"}

// intakeEvents are the events of paperbot_intake_total: harvests by
// outcome and papers by decision.
var intakeEvents = []string{"harvest_ok", "harvest_failed", "accepted", "queued", "rejected", "updated"}

// arxivEvents are the events of paperbot_arxiv_requests_total.
var arxivEvents = []string{"request", "retry", "giveup"}

// digestOutcomes are the outcomes of paperbot_digests_total.
var digestOutcomes = []string{"sent", "failed", "skipped"}

// newMetrics registers paperbot's metrics, the Go runtime's and the
// process's, and the store's gauges (read at each scrape) for db.
func newMetrics(platforms []string) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		messages: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "paperbot_messages_total",
			Help: "Messages and button presses handled, by platform and command."}, []string{"platform", "command"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "paperbot_handle_duration_seconds",
			Help:    "Time to answer a message or button press, store transaction included, by command.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5}}, []string{"command"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "paperbot_errors_total",
			Help: "Errors by kind: handle, send, platform, digest, backup, intake."}, []string{"kind"}),
		digests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "paperbot_digests_total",
			Help: "Daily papers by platform and outcome: sent, failed, skipped."}, []string{"platform", "outcome"}),
		waits: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "paperbot_rate_limit_waits_total",
			Help: "Times a send waited for a platform rate limit (ours or the platform's retry-after)."}, []string{"platform"}),
		waited: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "paperbot_rate_limit_wait_seconds_total",
			Help: "Time spent waiting for platform rate limits."}, []string{"platform"}),
		backups: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "paperbot_backups_total",
			Help: "Backups of the store by outcome: ok, failed."}, []string{"outcome"}),
		lastBackup: prometheus.NewGauge(prometheus.GaugeOpts{Name: "paperbot_last_backup_timestamp_seconds",
			Help: "When the last backup that worked finished (Unix time); 0 before the first."}),
	}
	m.intake = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "paperbot_intake_total",
		Help: "arXiv intake: harvests (harvest_ok, harvest_failed) and papers by decision (accepted, queued, rejected, updated)."}, []string{"event"})
	m.arxiv = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "paperbot_arxiv_requests_total",
		Help: "Requests to the arXiv API: request, retry (after 429, 503 or a failure), giveup (tries used up)."}, []string{"event"})
	m.panics = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "paperbot_panics_total",
		Help: "Panics recovered while handling an update (by platform) or sending a daily paper (digest); the bot went on."}, []string{"platform"})
	m.dropped = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "paperbot_inbox_dropped_total",
		Help: "Acknowledged updates given up unanswered after a restart (such as a slash command whose response_url expired)."}, []string{"platform"})
	for _, p := range append(slices.Clone(platforms), "digest") {
		m.panics.WithLabelValues(p)
	}
	for _, p := range platforms {
		m.dropped.WithLabelValues(p)
	}
	for _, e := range intakeEvents {
		m.intake.WithLabelValues(e)
	}
	for _, e := range arxivEvents {
		m.arxiv.WithLabelValues(e)
	}
	m.reg.MustRegister(m.intake, m.arxiv, m.panics, m.dropped)
	m.reg.MustRegister(m.messages, m.latency, m.errors, m.digests, m.waits, m.waited, m.backups, m.lastBackup,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.etcd = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "paperbot_etcd_request_duration_seconds",
		Help:    "Calls to etcd (store.backend etcd) by operation and outcome (ok, error).",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5}}, []string{"op", "outcome"})
	m.conflicts = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "paperbot_etcd_conflicts_total",
		Help: "Read-modify-writes of a reader tried again because another replica wrote it first, by operation."}, []string{"op"})
	m.leader = prometheus.NewGauge(prometheus.GaugeOpts{Name: "paperbot_leader",
		Help: "1 while this replica runs the digest scheduler and arXiv intake (always 1 with bbolt), else 0."})
	m.reg.MustRegister(m.etcd, m.conflicts, m.leader)
	for _, k := range errorKinds {
		m.errors.WithLabelValues(k)
	}
	for _, p := range platforms {
		for _, o := range digestOutcomes {
			m.digests.WithLabelValues(p, o)
		}
		m.waits.WithLabelValues(p)
		m.waited.WithLabelValues(p)
	}
	m.backups.WithLabelValues("ok")
	m.backups.WithLabelValues("failed")
	return m
}

// observe is bot.Options.Observe: it counts one handled message.
func (m *metrics) observe(req bot.Request, command string, took time.Duration, err error) {
	if m == nil {
		return
	}
	platform, _, _ := strings.Cut(req.Reader, ":")
	if command == "" {
		command = "none" // an unknown command, or group talk not for the bot
	}
	m.messages.WithLabelValues(platform, command).Inc()
	m.latency.WithLabelValues(command).Observe(took.Seconds())
	if err != nil {
		m.Error("handle")
	}
}

// panicked is bot.Options.Panicked: it counts one recovered panic.
func (m *metrics) panicked(platform string) {
	if m != nil {
		m.panics.WithLabelValues(platform).Inc()
	}
}

// inboxDropped is bot.Options.Dropped: it counts one acknowledged update
// given up unanswered.
func (m *metrics) inboxDropped(platform string) {
	if m != nil {
		m.dropped.WithLabelValues(platform).Inc()
	}
}

// Error counts one error of kind, one of errorKinds.
func (m *metrics) Error(kind string) {
	if m != nil {
		m.errors.WithLabelValues(kind).Inc()
	}
}

// Digest counts one daily paper for a reader of platform; outcome is
// "sent", "failed" or "skipped".
func (m *metrics) Digest(platform, outcome string) {
	if m != nil {
		m.digests.WithLabelValues(platform, outcome).Inc()
	}
}

// Intake counts n intake events (see intakeEvents).
func (m *metrics) Intake(event string, n int) {
	if m != nil {
		m.intake.WithLabelValues(event).Add(float64(n))
	}
}

// ArXiv counts one event of the arXiv client (see arxivEvents).
func (m *metrics) ArXiv(event string) {
	if m != nil {
		m.arxiv.WithLabelValues(event).Inc()
	}
}

// RateLimitWait counts one wait of d for a rate limit of platform.
func (m *metrics) RateLimitWait(platform string, d time.Duration) {
	if m != nil {
		m.waits.WithLabelValues(platform).Inc()
		m.waited.WithLabelValues(platform).Add(d.Seconds())
	}
}

// backupDone counts a backup; err nil means it worked, at now.
func (m *metrics) backupDone(err error, now time.Time) {
	if m == nil {
		return
	}
	if err != nil {
		m.backups.WithLabelValues("failed").Inc()
		m.Error("backup")
		return
	}
	m.backups.WithLabelValues("ok").Inc()
	m.lastBackup.Set(float64(now.Unix()))
}

// storeCollector reads the store's gauges at each scrape: readers and
// subscribers in one read transaction, and the file's size.
type storeCollector struct {
	db                  readerStore
	readers, subs, size *prometheus.Desc
}

func newStoreCollector(db readerStore) *storeCollector {
	return &storeCollector{
		db:      db,
		readers: prometheus.NewDesc("paperbot_readers", "Readers in the store, group chats among them.", nil, nil),
		subs:    prometheus.NewDesc("paperbot_subscribers", "Readers with the daily paper on.", nil, nil),
		size:    prometheus.NewDesc("paperbot_store_size_bytes", "Size of the store file (bbolt only).", nil, nil),
	}
}

// Describe sends the descriptions of the store's gauges.
func (c *storeCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.readers
	ch <- c.subs
	ch <- c.size
}

// Collect reads the gauges; a failed read is reported as an invalid
// metric, which makes the scrape fail visibly rather than show zeros.
func (c *storeCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	readers, subs, err := c.db.Count(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.readers, err)
	} else {
		ch <- prometheus.MustNewConstMetric(c.readers, prometheus.GaugeValue, float64(readers))
		ch <- prometheus.MustNewConstMetric(c.subs, prometheus.GaugeValue, float64(subs))
	}
	file, ok := c.db.(interface{ Path() string })
	if !ok {
		return
	}
	if fi, err := os.Stat(file.Path()); err != nil {
		ch <- prometheus.NewInvalidMetric(c.size, err)
	} else {
		ch <- prometheus.MustNewConstMetric(c.size, prometheus.GaugeValue, float64(fi.Size()))
	}
}
