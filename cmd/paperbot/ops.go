package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// opsShutdown is how long the ops listener waits for requests under way
// (a backup download among them) when serve stops.
const opsShutdown = 5 * time.Second

// ops is the ops HTTP listener: /healthz, /readyz, /metrics and POST
// /backup.
type ops struct {
	addr      string
	log       *slog.Logger
	store     readerStore
	lead      *leadership // nil with bbolt: this process runs everything
	metrics   *metrics
	platforms []platform
}

// newOpsService returns the ops HTTP listener on http.listen, or nil when
// it is off.
func newOpsService(a *app, platforms []platform, lead *leadership) (*service, error) {
	if a.cfg.HTTP.Listen == "" {
		return nil, nil
	}
	o := &ops{addr: a.cfg.HTTP.Listen, log: a.log.With("service", "ops"), store: a.store, metrics: a.metrics, platforms: platforms, lead: lead}
	for _, p := range platforms {
		g := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "paperbot_platform_ready",
			Help: "1 when the platform is connected, else 0.", ConstLabels: prometheus.Labels{"platform": p.Name()}},
			func() float64 { return boolGauge(p.Ready()) })
		if err := a.metrics.reg.Register(g); err != nil {
			return nil, fmt.Errorf("register metrics of %s: %w", p.Name(), err)
		}
	}
	if len(platforms) == 0 {
		a.log.Info("no chat platform configured: serving the ops listener and scheduled jobs only")
	}
	return &service{name: "ops listener", run: o.run}, nil
}

func boolGauge(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// handler routes the ops endpoints.
func (o *ops) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", o.readyz)
	mux.Handle("GET /metrics", promhttp.HandlerFor(o.metrics.reg, promhttp.HandlerOpts{
		ErrorLog: slog.NewLogLogger(o.log.Handler(), slog.LevelWarn), Registry: o.metrics.reg,
	}))
	mux.HandleFunc("POST /backup", o.backup)
	return mux
}

// run listens on addr until ctx is done, then lets requests under way
// finish for up to opsShutdown.
func (o *ops) run(ctx context.Context) error {
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return fmt.Errorf("http.listen: %w", err)
	}
	srv := &http.Server{
		Handler:           o.handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(o.log.Handler(), slog.LevelWarn),
	}
	o.log.Info("ops listener started", "addr", ln.Addr().String())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("ops listener: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), opsShutdown)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		o.log.Warn("ops listener: requests cut short at shutdown", "err", err)
		srv.Close()
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("ops listener: %w", err)
	}
	return nil
}

// readyz answers 200 when the store answers and every platform is
// connected, else 503; the body lists each check.
func (o *ops) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	var lines []string
	ready := true
	check := func(name string, err error) {
		if err != nil {
			ready = false
			lines = append(lines, name+": "+err.Error())
			return
		}
		lines = append(lines, name+": ok")
	}
	_, err := o.store.Get(ctx, "paperbot:readyz") // a read transaction; stores nothing
	check("store", err)
	if o.lead != nil {
		role := "follower (the digest scheduler and intake run on the leader)"
		if o.lead.leading.Load() {
			role = "leader"
		}
		lines = append(lines, "replica "+o.lead.id+": "+role)
	}
	for _, p := range o.platforms {
		var perr error
		if !p.Ready() {
			perr = errors.New("not connected")
		}
		check(p.Name(), perr)
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if !ready {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	fmt.Fprintln(w, strings.Join(lines, "\n"))
}

// backup streams a consistent copy of the store, for `paperbot backup`
// while the bot is serving. It answers loopback clients only: the copy
// holds every reader's record, and the listener may face a network so
// Prometheus can scrape it.
func (o *ops) backup(w http.ResponseWriter, r *http.Request) {
	if !fromThisMachine(r) {
		http.Error(w, "backups are served to this machine only", http.StatusForbidden)
		return
	}
	bk, ok := o.store.(backuper)
	if !ok {
		http.Error(w, "this store backend has no backup here", http.StatusNotImplemented)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", `attachment; filename="paperbot.db"`)
	start := time.Now()
	n, err := bk.Backup(r.Context(), w)
	o.metrics.backupDone(err, time.Now())
	if err != nil {
		o.log.Error("backup over http failed", "bytes", n, "err", err)
		// Cut the connection: a short body must not pass for a backup.
		panic(http.ErrAbortHandler)
	}
	o.log.Info("backup over http", "bytes", n, "took", time.Since(start).Round(time.Millisecond).String())
}

// fromThisMachine reports whether a request comes from this machine: from
// a loopback address, or from the very address it reached (a listener on
// one LAN address sees local clients come from that address).
func fromThisMachine(r *http.Request) bool {
	remote := hostIP(r.RemoteAddr)
	if remote == nil {
		return false
	}
	if remote.IsLoopback() {
		return true
	}
	local, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
	return ok && remote.Equal(hostIP(local.String()))
}

func hostIP(addr string) net.IP {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil
	}
	return net.ParseIP(host)
}
