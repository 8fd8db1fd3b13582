package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// healthTimeout bounds `paperbot health`: a listener that does not answer
// in time is not healthy.
const healthTimeout = 5 * time.Second

// health is `paperbot health [--ready]`: it asks the running paperbot's
// ops listener (http.listen) for /healthz, or /readyz with --ready, and
// fails unless the answer is 200. It needs no shell or curl, so it is the
// Docker HEALTHCHECK of a distroless image.
func (c *cli) health(ctx context.Context, args []string) error {
	fs, g := c.newFlags("health")
	ready := fs.Bool("ready", false, "ask /readyz (store and platforms) instead of /healthz")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(g.config, g.dataDir)
	if err != nil {
		return err
	}
	if cfg.HTTP.Listen == "" {
		return fmt.Errorf("health: http.listen is off, so there is no ops listener to ask; set it, e.g. 127.0.0.1:9090")
	}
	path := "/healthz"
	if *ready {
		path = "/readyz"
	}
	url, err := opsURL(cfg.HTTP.Listen, path)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("health: %w", err)
	}
	resp, err := opsClient().Do(req)
	if err != nil {
		return fmt.Errorf("health: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("health: %s answered %s: %s", url, resp.Status, bodyLine(resp.Body))
	}
	_, err = io.Copy(c.stdout, io.LimitReader(resp.Body, 64<<10))
	return err
}

// opsURL is the URL of path on the ops listener at listen, as reached from
// this machine: a wildcard host becomes the loopback address.
func opsURL(listen, path string) (string, error) {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return "", fmt.Errorf("http.listen: %q is not host:port: %w", listen, err)
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	return "http://" + net.JoinHostPort(host, port) + path, nil
}

// opsClient talks to the ops listener: never through a proxy.
func opsClient() *http.Client {
	return &http.Client{Transport: &http.Transport{Proxy: nil}}
}

// bodyLine is the first line of an error response, for a message.
func bodyLine(r io.Reader) string {
	b, _ := io.ReadAll(io.LimitReader(r, 512))
	line, _, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
	return line
}
