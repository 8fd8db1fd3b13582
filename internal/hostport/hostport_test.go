package hostport

import "testing"

func TestCheck(t *testing.T) {
	tests := []struct {
		name, addr string
		ok         bool
	}{
		{"IPv4", "127.0.0.1:9090", true},
		{"any free port", "127.0.0.1:0", true},
		{"every interface", ":3000", true},
		{"IPv6", "[::1]:8443", true},
		{"IPv6 with a zone", "[fe80::1%eth0]:8443", true},
		{"host name", "bot.internal:8443", true},
		{"localhost", "localhost:65535", true},
		{"bad IPv4 and port", "999.1.1.1:99999", false},
		{"bad IPv4", "999.1.1.1:80", false},
		{"port too big", "127.0.0.1:65536", false},
		{"negative port", "127.0.0.1:-1", false},
		{"signed port", "127.0.0.1:+80", false},
		{"named port", "127.0.0.1:http", false},
		{"no port", "127.0.0.1:", false},
		{"no colon", "127.0.0.1", false},
		{"empty", "", false},
		{"IPv6 without brackets", "::1:80", false},
		{"space in host", "my host:80", false},
		{"underscore", "my_host:80", false},
		{"label starting with a hyphen", "-bot.internal:80", false},
		{"URL", "http://127.0.0.1:80", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Check(tt.addr)
			if (err == nil) != tt.ok {
				t.Errorf("Check(%q) = %v, want ok %v", tt.addr, err, tt.ok)
			}
		})
	}
}
