// Package hostport checks listen addresses ("127.0.0.1:8080", ":3000",
// "[::1]:9090", "bot.internal:8443") before anything listens on them, so a
// config that cannot work is refused when it is read, by paperbot check
// and serve alike.
package hostport

import (
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
)

// Check reports whether addr is host:port with a port from 0 to 65535 (0:
// any free port) and a host that is empty (every interface), an IP address
// or a host name.
func Check(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%q is not host:port, such as 127.0.0.1:8080", addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 || strings.TrimLeft(port, "0123456789") != "" {
		return fmt.Errorf("%q: port %q is not a number from 0 to 65535", addr, port)
	}
	if host == "" {
		return nil
	}
	if _, err := netip.ParseAddr(host); err == nil {
		return nil
	}
	if !isHostName(host) {
		return fmt.Errorf("%q: %q is neither an IP address nor a host name", addr, host)
	}
	return nil
}

// isHostName reports whether s is a DNS host name: dot-separated labels of
// letters, digits and inner hyphens, 63 bytes at most each, 253 in all,
// the last not all digits (so "999.1.1.1", a bad IPv4 address, is not a
// name either).
func isHostName(s string) bool {
	s = strings.TrimSuffix(s, ".")
	if s == "" || len(s) > 253 {
		return false
	}
	labels := strings.Split(s, ".")
	for _, l := range labels {
		if !isLabel(l) {
			return false
		}
	}
	return strings.TrimLeft(labels[len(labels)-1], "0123456789") != ""
}

func isLabel(l string) bool {
	if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
		return false
	}
	for _, c := range []byte(l) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
