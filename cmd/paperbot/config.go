package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/internal/hostport"
)

// Secret is a token or signing secret. It prints as "[redacted]" in any
// format, so a config can be logged or shown in an error without leaking.
type Secret string

func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return "[redacted]"
}

// GoString keeps %#v from printing the secret.
func (s Secret) GoString() string { return s.String() }

// LogValue keeps slog from printing the secret.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// Config is the whole configuration. Every key is optional; see
// config.example.yaml for what each does and its default.
type Config struct {
	DataDir string   `yaml:"data_dir"`
	Admins  []string `yaml:"admins"` // reader keys allowed /stats and /reload
	HTTP    struct {
		Listen string `yaml:"listen"` // ops listener: /healthz, /readyz, /metrics; off when empty
	} `yaml:"http"`
	Backup struct {
		Interval string `yaml:"interval"` // scheduled backups into the data dir ("24h"); off when empty
		Keep     int    `yaml:"keep"`     // how many scheduled backups to keep
	} `yaml:"backup"`
	Papers struct {
		File    string `yaml:"file"`
		Replace bool   `yaml:"replace"`
	} `yaml:"papers"`
	Log struct {
		Level  string `yaml:"level"`
		Format string `yaml:"format"`
	} `yaml:"log"`
	Digest struct {
		DefaultTime     string `yaml:"default_time"`
		DefaultTimezone string `yaml:"default_timezone"`
	} `yaml:"digest"`
	Intake struct {
		Enabled    *bool    `yaml:"enabled"` // default: on when serve runs a chat platform
		APIURL     string   `yaml:"api_url"`
		Categories []string `yaml:"categories"`
		Contact    string   `yaml:"contact"`
		Time       string   `yaml:"time"`
		Timezone   string   `yaml:"timezone"`
		Lookback   string   `yaml:"lookback"`
		Review     string   `yaml:"review"`
		Threshold  float64  `yaml:"threshold"`
	} `yaml:"intake"`
	Telegram struct {
		Token       Secret `yaml:"token"`
		APIEndpoint string `yaml:"api_endpoint"`
		Mode        string `yaml:"mode"`
		Webhook     struct {
			Listen      string `yaml:"listen"`
			URL         string `yaml:"url"`
			SecretToken Secret `yaml:"secret_token"`
		} `yaml:"webhook"`
		RatePerChat float64 `yaml:"rate_per_chat"` // messages a second to one chat
		RateGlobal  float64 `yaml:"rate_global"`   // messages a second in all
		Workers     int     `yaml:"workers"`       // chats handled in parallel
	} `yaml:"telegram"`
	Store StoreConfig `yaml:"store"`
	Slack struct {
		BotToken       Secret  `yaml:"bot_token"`
		AppToken       Secret  `yaml:"app_token"`
		SigningSecret  Secret  `yaml:"signing_secret"`
		Mode           string  `yaml:"mode"`
		Listen         string  `yaml:"listen"`
		APIURL         string  `yaml:"api_url"`
		RatePerChannel float64 `yaml:"rate_per_channel"` // chat.postMessage a second to one channel
		RateGlobal     float64 `yaml:"rate_global"`      // chat.postMessage a second to the workspace
	} `yaml:"slack"`

	file string // where it was read from, for messages
}

// defaultDataDir is $PAPERBOT_DATA_DIR, else $XDG_DATA_HOME/paperbot, else
// ~/.local/share/paperbot, else ./paperbot-data.
func defaultDataDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "paperbot")
	}
	if h, err := os.UserHomeDir(); err == nil && h != "" {
		return filepath.Join(h, ".local", "share", "paperbot")
	}
	return "paperbot-data"
}

// loadConfig reads the config file (if any), then the environment, then
// flag overrides, and validates the result.
func loadConfig(file, dataDirFlag string) (*Config, error) {
	cfg := &Config{}
	if file == "" {
		file = os.Getenv("PAPERBOT_CONFIG")
	}
	if file != "" {
		raw, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("read config: %w", err)
		}
		if err := parseConfig(file, raw, cfg); err != nil {
			return nil, err
		}
		cfg.file = file
	}
	envSecret := func(dst *Secret, name string) {
		if v := os.Getenv(name); v != "" {
			*dst = Secret(v)
		}
	}
	envSecret(&cfg.Telegram.Token, "PAPERBOT_TELEGRAM_TOKEN")
	envSecret(&cfg.Slack.BotToken, "PAPERBOT_SLACK_BOT_TOKEN")
	envSecret(&cfg.Slack.AppToken, "PAPERBOT_SLACK_APP_TOKEN")
	envSecret(&cfg.Slack.SigningSecret, "PAPERBOT_SLACK_SIGNING_SECRET")
	envSecret(&cfg.Store.Etcd.Password, "PAPERBOT_ETCD_PASSWORD")
	switch {
	case dataDirFlag != "":
		cfg.DataDir = dataDirFlag
	case os.Getenv("PAPERBOT_DATA_DIR") != "":
		cfg.DataDir = os.Getenv("PAPERBOT_DATA_DIR")
	case cfg.DataDir == "":
		cfg.DataDir = defaultDataDir()
	}
	if rest, ok := strings.CutPrefix(cfg.DataDir, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			cfg.DataDir = filepath.Join(home, rest)
		}
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	// Store what readers get in the canonical spelling ("asia/shanghai" →
	// "Asia/Shanghai", "8:30" → "08:30"); validate accepted both.
	if z := cfg.Digest.DefaultTimezone; z != "" {
		cfg.Digest.DefaultTimezone, _ = bot.ParseZone(z)
	}
	if t := cfg.Digest.DefaultTime; t != "" {
		cfg.Digest.DefaultTime, _ = bot.ParseClock(t)
	}
	return cfg, nil
}

// parseConfig decodes YAML strictly: unknown keys and wrong types are errors
// naming the file and line.
func parseConfig(file string, raw []byte, cfg *Config) error {
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	err := dec.Decode(cfg)
	if errors.Is(err, io.EOF) {
		return nil // an empty file is an empty config
	}
	if err == nil {
		var extra any
		if dec.Decode(&extra) != io.EOF {
			return fmt.Errorf("%s: more than one YAML document", file)
		}
		return nil
	}
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		return fmt.Errorf("%s", yamlMessage(file, te.Errors[0]))
	}
	return fmt.Errorf("%s", yamlMessage(file, strings.TrimPrefix(err.Error(), "yaml: ")))
}

var (
	yamlLineRe  = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	yamlFieldRe = regexp.MustCompile(`^field (\S+) not found in type `)
	yamlTypeRe  = regexp.MustCompile("^cannot unmarshal !!(\\w+) `(.*)` into (\\S+)$")
)

// yamlMessage rewrites a YAML error as "FILE:LINE: message" in words an
// operator understands.
func yamlMessage(file, msg string) string {
	m := yamlLineRe.FindStringSubmatch(msg)
	if m == nil {
		return file + ": " + msg
	}
	line, text := m[1], m[2]
	if f := yamlFieldRe.FindStringSubmatch(text); f != nil {
		text = fmt.Sprintf("unknown key %q", f[1])
	} else if f := yamlTypeRe.FindStringSubmatch(text); f != nil {
		want := strings.TrimPrefix(f[3], "main.")
		if want == "Secret" {
			want = "string"
		}
		text = fmt.Sprintf("%q is a %s, want a %s", f[2], f[1], want)
	}
	return file + ":" + line + ": " + text
}

// where names the config in messages: its file, or "config".
func (c *Config) where() string {
	if c.file != "" {
		return c.file
	}
	return "config"
}

// validate checks values and combinations, naming the key. It is all the
// checking of the config that serve does before it starts anything, and
// check reports its verdict: each platform's settings are checked by the
// rules of its adapter (Validate), the same code serve builds it with.
func (c *Config) validate() error {
	bad := func(key, format string, args ...any) error {
		return fmt.Errorf("%s: %s: %s", c.where(), key, fmt.Sprintf(format, args...))
	}
	switch c.Log.Level {
	case "", "debug", "info", "warn", "error":
	default:
		return bad("log.level", "%q is not debug, info, warn or error", c.Log.Level)
	}
	switch c.Log.Format {
	case "", "text", "json":
	default:
		return bad("log.format", "%q is not text or json", c.Log.Format)
	}
	if t := c.Digest.DefaultTime; t != "" {
		if _, ok := bot.ParseClock(t); !ok {
			return bad("digest.default_time", "%q is not HH:MM", t)
		}
	}
	if z := c.Digest.DefaultTimezone; z != "" {
		if _, err := bot.ParseZone(z); err != nil {
			return bad("digest.default_timezone", "%q is not a time zone such as Asia/Shanghai or UTC+8", z)
		}
	}
	for _, k := range c.Admins {
		if strings.Count(k, ":") < 1 || strings.ContainsAny(k, " \t") {
			return bad("admins", "%q is not a reader key such as telegram:123 or slack:T1:U2", k)
		}
	}
	if _, err := c.backupEvery(); err != nil {
		return fmt.Errorf("%s: %w", c.where(), err)
	}
	if l := c.HTTP.Listen; l != "" {
		if err := hostport.Check(l); err != nil {
			return bad("http.listen", "%v", err)
		}
	}
	if c.Backup.Keep < 0 {
		return bad("backup.keep", "must not be negative")
	}
	if err := c.validatePlatforms(); err != nil {
		return fmt.Errorf("%s: %w", c.where(), err)
	}
	if err := c.validateStore(bad); err != nil {
		return err
	}
	return c.validateIntake(bad)
}

// validatePlatforms checks the settings of each platform the config turns
// on with its adapter's own rules. A platform that is off (no token) is
// not started, so its settings cannot stop serve.
func (c *Config) validatePlatforms() error {
	if c.Telegram.Token != "" {
		if err := c.telegramOptions().Validate(); err != nil {
			return err
		}
	}
	if c.Slack.BotToken != "" {
		if err := c.slackOptions().Validate(); err != nil {
			return err
		}
	}
	return nil
}

// backupEvery is backup.interval as a duration; 0 when backups are off.
func (c *Config) backupEvery() (time.Duration, error) {
	iv := c.Backup.Interval
	if iv == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(iv)
	if err != nil || d < time.Minute {
		return 0, fmt.Errorf("backup.interval: %q is not a duration of a minute or more, such as 24h or 6h30m", iv)
	}
	return d, nil
}

// platforms lists the chat platforms the config turns on.
func (c *Config) platforms() []string {
	var p []string
	if c.Telegram.Token != "" {
		p = append(p, "telegram")
	}
	if c.Slack.BotToken != "" {
		p = append(p, "slack")
	}
	return p
}

// startPlan says, a line each, what serve would run with this config.
func (c *Config) startPlan() []string {
	var out []string
	if c.Telegram.Token != "" {
		mode := c.Telegram.Mode
		if mode == "" {
			mode = "polling"
		}
		out = append(out, "telegram ("+mode+")")
	}
	if c.Slack.BotToken != "" {
		mode := c.Slack.Mode
		switch {
		case mode != "":
		case c.Slack.AppToken != "":
			mode = "socket"
		default:
			mode = "http"
		}
		out = append(out, "slack ("+mode+" mode)")
	}
	if len(out) > 0 {
		out = append(out, "daily digest scheduler")
	}
	if c.intakeOn() {
		tm, zone := c.Intake.Time, c.Intake.Timezone
		if tm == "" {
			tm = defaultIntakeTime
		}
		if zone == "" {
			zone = defaultIntakeZone
		}
		out = append(out, fmt.Sprintf("arXiv intake daily at %s %s (review: %s)", tm, zone, c.reviewMode()))
	}
	if c.etcd() {
		out = append(out, "leader election over etcd: the digest scheduler, arXiv intake and Telegram long polling run on the elected replica")
	}
	if c.HTTP.Listen != "" {
		out = append(out, "ops listener on "+c.HTTP.Listen+" (/healthz, /readyz, /metrics)")
	}
	if c.Backup.Interval != "" {
		out = append(out, "scheduled backups every "+c.Backup.Interval)
	}
	if len(c.platforms()) == 0 {
		if c.HTTP.Listen != "" {
			out = append(out, "terminal chat when run in a terminal; otherwise headless (the services above and the digest scheduler)")
		} else {
			out = append(out, "terminal chat (no platform token set)")
		}
	}
	return out
}

// storePath is the bbolt file in the data dir.
func (c *Config) storePath() string { return filepath.Join(c.DataDir, "paperbot.db") }
