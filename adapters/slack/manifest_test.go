package slack

import (
	"os"
	"slices"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestManifest: the shipped app manifest asks for what the adapter uses.
func TestManifest(t *testing.T) {
	raw, err := os.ReadFile("../../docs/slack-manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Features struct {
			AppHome struct {
				Home     bool `yaml:"home_tab_enabled"`
				Messages bool `yaml:"messages_tab_enabled"`
				ReadOnly bool `yaml:"messages_tab_read_only_enabled"`
			} `yaml:"app_home"`
			Commands []struct {
				Command string `yaml:"command"`
				Escape  bool   `yaml:"should_escape"`
			} `yaml:"slash_commands"`
		} `yaml:"features"`
		OAuth struct {
			Scopes struct {
				Bot []string `yaml:"bot"`
			} `yaml:"scopes"`
		} `yaml:"oauth_config"`
		Settings struct {
			Events struct {
				Bot []string `yaml:"bot_events"`
			} `yaml:"event_subscriptions"`
			Interactivity struct {
				On bool `yaml:"is_enabled"`
			} `yaml:"interactivity"`
			SocketMode bool `yaml:"socket_mode_enabled"`
		} `yaml:"settings"`
	}
	if err := yaml.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	f := m.Features
	if len(f.Commands) != 1 || f.Commands[0].Command != "/paper" || f.Commands[0].Escape {
		t.Errorf("slash commands %+v, want /paper alone, not escaped", f.Commands)
	}
	if !f.AppHome.Home || !f.AppHome.Messages || f.AppHome.ReadOnly {
		t.Errorf("app home %+v: Home and a writable messages tab are needed", f.AppHome)
	}
	for _, s := range []string{"commands", "chat:write", "chat:write.public", "app_mentions:read", "im:history", "im:write", "users:read", "files:write"} {
		if !slices.Contains(m.OAuth.Scopes.Bot, s) {
			t.Errorf("bot scope %s missing", s)
		}
	}
	for _, e := range []string{"app_mention", "message.im", "app_home_opened"} {
		if !slices.Contains(m.Settings.Events.Bot, e) {
			t.Errorf("bot event %s missing", e)
		}
	}
	if !m.Settings.Interactivity.On || !m.Settings.SocketMode {
		t.Errorf("interactivity %v, socket mode %v; want both on", m.Settings.Interactivity.On, m.Settings.SocketMode)
	}
}
