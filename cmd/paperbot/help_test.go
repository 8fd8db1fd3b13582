package main

import (
	"strings"
	"testing"
)

// TestHelpOnEveryCommand: -h and --help print usage to standard output
// and exit 0, for paperbot itself and each command.
func TestHelpOnEveryCommand(t *testing.T) {
	commands := []struct {
		args []string
		want string // in the usage
	}{
		{nil, "paperbot recommends"},
		{[]string{"help"}, "paperbot recommends"},
		{[]string{"serve"}, "Usage: paperbot [serve]"},
		{[]string{"chat"}, "Usage: paperbot chat"},
		{[]string{"ask"}, "Usage: paperbot ask"},
		{[]string{"search"}, "Usage: paperbot search"},
		{[]string{"papers"}, "Usage: paperbot papers [--json]"},
		{[]string{"papers", "validate"}, "Usage: paperbot papers validate FILE"},
		{[]string{"check"}, "Usage: paperbot check"},
		{[]string{"digest"}, "paperbot digest run"},
		{[]string{"digest", "run"}, "--force"},
		{[]string{"intake"}, "paperbot intake list"},
		{[]string{"intake", "run"}, "Usage: paperbot intake run"},
		{[]string{"intake", "list"}, "Usage: paperbot intake list"},
		{[]string{"backup"}, "Usage: paperbot backup FILE"},
		{[]string{"restore"}, "Usage: paperbot restore BACKUP"},
		{[]string{"health"}, "Usage: paperbot health"},
		{[]string{"version"}, "Usage: paperbot version"},
	}
	for _, c := range commands {
		for _, flag := range []string{"-h", "--help"} {
			args := append(append([]string{}, c.args...), flag)
			t.Run(strings.Join(args, " "), func(t *testing.T) {
				out, errOut, code := runCLI(t, "", args...)
				if code != 0 || errOut != "" || !strings.Contains(out, c.want) {
					t.Errorf("paperbot %v = %d, stderr %q, stdout:\n%s\nwant 0, nothing on stderr, and usage with %q", args, code, errOut, out, c.want)
				}
			})
		}
	}
}
