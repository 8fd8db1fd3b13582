package main

import (
	"io"
	"strings"
	"testing"
)

// Tokens for the configs below; never printed (the test checks).
const (
	vTelegramToken = "123456:VALIDATE-telegram-token"
	vSlackToken    = "xoxb-validate-slack-token"
	vSlackApp      = "xapp-validate-app-token"
	vSlackSecret   = "validate-signing-secret"
)

var validateCases = []struct {
	name, yaml string
	want       string // "" when the config is good, else the key the error names
}{
	{"no platform", "", ""},
	{"ops listener", "http:\n  listen: 127.0.0.1:0\n", ""},
	{"ops listener on every interface", "http:\n  listen: \":9090\"\n", ""},
	{"ops listener, bad address and port", "http:\n  listen: 999.1.1.1:99999\n", "http.listen"},
	{"ops listener, port out of range", "http:\n  listen: 127.0.0.1:70000\n", "http.listen"},
	{"ops listener, no port", "http:\n  listen: localhost\n", "http.listen"},
	{"backup interval too short", "backup:\n  interval: 10s\n", "backup.interval"},

	{"slack socket", "slack:\n  bot_token: " + vSlackToken + "\n  app_token: " + vSlackApp + "\n", ""},
	{"slack http", "slack:\n  bot_token: " + vSlackToken + "\n  signing_secret: " + vSlackSecret + "\n  mode: http\n  listen: 127.0.0.1:0\n", ""},
	{"slack http without signing secret", "slack:\n  bot_token: " + vSlackToken + "\n  mode: http\n  listen: 127.0.0.1:0\n", "slack.signing_secret"},
	{"slack http without listen", "slack:\n  bot_token: " + vSlackToken + "\n  signing_secret: " + vSlackSecret + "\n  mode: http\n", "slack.listen"},
	{"slack http by default, without listen", "slack:\n  bot_token: " + vSlackToken + "\n  signing_secret: " + vSlackSecret + "\n", "slack.listen"},
	{"slack http, bad listen", "slack:\n  bot_token: " + vSlackToken + "\n  signing_secret: " + vSlackSecret + "\n  mode: http\n  listen: 999.1.1.1:99999\n", "slack.listen"},
	{"slack socket without app token", "slack:\n  bot_token: " + vSlackToken + "\n  mode: socket\n", "slack.app_token"},
	{"slack bad mode", "slack:\n  bot_token: " + vSlackToken + "\n  mode: rtm\n", "slack.mode"},
	{"slack bad api_url", "slack:\n  bot_token: " + vSlackToken + "\n  app_token: " + vSlackApp + "\n  api_url: slack.com/api\n", "slack.api_url"},
	{"slack negative rate", "slack:\n  bot_token: " + vSlackToken + "\n  app_token: " + vSlackApp + "\n  rate_global: -1\n", "slack.rate_global"},
	{"slack off: its settings start nothing", "slack:\n  mode: http\n", ""},

	{"telegram polling", "telegram:\n  token: \"" + vTelegramToken + "\"\n", ""},
	{"telegram webhook", "telegram:\n  token: \"" + vTelegramToken + "\"\n  mode: webhook\n  webhook:\n    url: https://bot.example.org/hook\n    listen: 127.0.0.1:0\n    secret_token: abc_123\n", ""},
	{"telegram webhook without url", "telegram:\n  token: \"" + vTelegramToken + "\"\n  mode: webhook\n  webhook:\n    listen: 127.0.0.1:0\n    secret_token: abc\n", "telegram.webhook.url"},
	{"telegram webhook, relative url", "telegram:\n  token: \"" + vTelegramToken + "\"\n  mode: webhook\n  webhook:\n    url: /hook\n    listen: 127.0.0.1:0\n    secret_token: abc\n", "telegram.webhook.url"},
	{"telegram webhook without secret", "telegram:\n  token: \"" + vTelegramToken + "\"\n  mode: webhook\n  webhook:\n    url: https://bot.example.org/hook\n    listen: 127.0.0.1:0\n", "telegram.webhook.secret_token"},
	{"telegram webhook without listen", "telegram:\n  token: \"" + vTelegramToken + "\"\n  mode: webhook\n  webhook:\n    url: https://bot.example.org/hook\n    secret_token: abc\n", "telegram.webhook.listen"},
	{"telegram webhook, bad listen", "telegram:\n  token: \"" + vTelegramToken + "\"\n  mode: webhook\n  webhook:\n    url: https://bot.example.org/hook\n    listen: 127.0.0.1:99999\n    secret_token: abc\n", "telegram.webhook.listen"},
	{"telegram self-hosted api_endpoint", "telegram:\n  token: \"" + vTelegramToken + "\"\n  api_endpoint: http://127.0.0.1:8081/bot%s/%s\n", ""},
	{"telegram api_endpoint printing the token in hex", "telegram:\n  token: \"" + vTelegramToken + "\"\n  api_endpoint: http://127.0.0.1:1/%x/%s\n", "telegram.api_endpoint"},
	{"telegram api_endpoint with one %s", "telegram:\n  token: \"" + vTelegramToken + "\"\n  api_endpoint: http://127.0.0.1:1/bot%s\n", "telegram.api_endpoint"},
	{"telegram bad mode", "telegram:\n  token: \"" + vTelegramToken + "\"\n  mode: pigeon\n", "telegram.mode"},
	{"telegram negative workers", "telegram:\n  token: \"" + vTelegramToken + "\"\n  workers: -2\n", "telegram.workers"},
	{"telegram off: its settings start nothing", "telegram:\n  mode: webhook\n", ""},
}

// TestCheckAgreesWithServe: for each config, check says ok exactly when
// serve gets past its validation and builds every adapter and service it
// would run (without starting them: nothing is contacted). A config check
// refuses is refused by serve with the same message.
func TestCheckAgreesWithServe(t *testing.T) {
	for _, env := range []string{"PAPERBOT_TELEGRAM_TOKEN", "PAPERBOT_SLACK_BOT_TOKEN", "PAPERBOT_SLACK_APP_TOKEN", "PAPERBOT_SLACK_SIGNING_SECRET"} {
		t.Setenv(env, "")
	}
	for _, tt := range validateCases {
		t.Run(tt.name, func(t *testing.T) {
			file, dir := writeTestConfig(t, tt.yaml), t.TempDir()
			_, err := loadConfig(file, dir)
			if (err == nil) != (tt.want == "") || err != nil && !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("loadConfig = %v, want an error naming %q", err, tt.want)
			}
			out, checkErr, code := runCLI(t, "", "check", "--config", file, "--data-dir", dir)
			if (code == 0) != (err == nil) {
				t.Errorf("check exited %d (%s), but the shared validation says %v", code, checkErr, err)
			}
			if err == nil {
				buildsAsServe(t, file, dir)
			} else {
				_, serveErr, serveCode := runCLI(t, "", "serve", "--config", file, "--data-dir", dir)
				if serveCode != 1 || serveErr != checkErr || serveErr != "paperbot: "+err.Error()+"\n" {
					t.Errorf("serve exited %d with %q; check with %q; want both %q", serveCode, serveErr, checkErr, err)
				}
			}
			for _, s := range []string{vTelegramToken, vSlackToken, vSlackApp, vSlackSecret} {
				if strings.Contains(out+checkErr, s) {
					t.Errorf("check printed a secret:\n%s%s", out, checkErr)
				}
			}
		})
	}
}

// buildsAsServe opens the app as serve does and builds what it would run.
func buildsAsServe(t *testing.T, file, dir string) {
	t.Helper()
	c := &cli{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard}
	a, err := c.openApp(&globals{config: file, dataDir: dir})
	if err != nil {
		t.Fatalf("check said ok, but serve's openApp = %v", err)
	}
	defer a.Close()
	if _, _, err := a.build(); err != nil {
		t.Errorf("check said ok, but serve's build = %v", err)
	}
}
