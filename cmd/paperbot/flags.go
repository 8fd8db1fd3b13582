package main

import (
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

// globals are the flags every subcommand accepts.
type globals struct {
	config  string
	dataDir string
	// logLevel and logFormat override the config's log.level and
	// log.format; "" keeps them.
	logLevel, logFormat string
}

// newFlags returns a flag set for a subcommand with the global flags on it.
func (c *cli) newFlags(name string) (*flag.FlagSet, *globals) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	g := &globals{}
	fs.StringVar(&g.config, "config", "", "config file (env PAPERBOT_CONFIG)")
	fs.StringVar(&g.dataDir, "data-dir", "", "data directory (env PAPERBOT_DATA_DIR)")
	fs.Func("log-level", "debug, info, warn or error (overrides log.level)", func(s string) error {
		switch s {
		case "debug", "info", "warn", "error":
			g.logLevel = s
			return nil
		}
		return fmt.Errorf("%q is not debug, info, warn or error", s)
	})
	fs.Func("log-format", "text or json (overrides log.format)", func(s string) error {
		switch s {
		case "text", "json":
			g.logFormat = s
			return nil
		}
		return fmt.Errorf("%q is not text or json", s)
	})
	return fs, g
}

// version is the module version, or the VCS revision for a local build.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := info.Main.Version
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && (v == "" || v == "(devel)") {
			v = "devel " + s.Value[:min(12, len(s.Value))]
		}
	}
	return fmt.Sprintf("%s (%s)", strings.TrimSpace(v), info.GoVersion)
}
