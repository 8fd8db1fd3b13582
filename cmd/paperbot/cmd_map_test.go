package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMapWritesAPictureOnce checks paperbot map: the PNG written under the
// default name or --out, its path printed, an existing file kept unless
// --force, and a map of nothing refused in one line.
func TestMapWritesAPictureOnce(t *testing.T) {
	data, work := t.TempDir(), t.TempDir()
	t.Chdir(work)
	askAs(t, data, "ann", "/read jigsaw")
	out, errOut, code := runCLI(t, "", "map", "--data-dir", data, "--user", "ann", "拼图")
	if code != 0 || strings.TrimSpace(out) != "paperbot-map-jigsaw.png" {
		t.Fatalf("map 拼图: status %d, stdout %q, stderr %q; want the path of paperbot-map-jigsaw.png", code, out, errOut)
	}
	first, err := os.ReadFile(filepath.Join(work, "paperbot-map-jigsaw.png"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(first)); err != nil {
		t.Fatalf("the map is not a PNG: %v", err)
	}
	_, errOut, code = runCLI(t, "", "map", "--data-dir", data, "--user", "bob", "jigsaw")
	if code != 1 || !strings.Contains(errOut, "exists") {
		t.Errorf("map over an existing file: status %d, stderr %q; want 1 and a refusal", code, errOut)
	}
	if now, _ := os.ReadFile(filepath.Join(work, "paperbot-map-jigsaw.png")); !bytes.Equal(now, first) {
		t.Error("the existing map was overwritten without --force")
	}
	_, _, code = runCLI(t, "", "map", "--data-dir", data, "--user", "bob", "--force", "jigsaw")
	if now, _ := os.ReadFile(filepath.Join(work, "paperbot-map-jigsaw.png")); code != 0 || bytes.Equal(now, first) {
		t.Errorf("map --force: status %d; want bob's map (nothing read) in place of ann's", code)
	}
	dest := filepath.Join(t.TempDir(), "m.png")
	out, _, code = runCLI(t, "", "map", "--data-dir", data, "--out", dest, "rotnet")
	if _, err := os.Stat(dest); code != 0 || strings.TrimSpace(out) != dest || err != nil {
		t.Errorf("map --out %s rotnet: status %d, stdout %q, file: %v", dest, code, out, err)
	}
	out, errOut, code = runCLI(t, "", "map", "--data-dir", data, "nonsense")
	if code != 1 || out != "" || strings.Count(strings.TrimSpace(errOut), "\n") != 0 || !strings.Contains(errOut, "No topic or paper") {
		t.Errorf("map nonsense: status %d, stdout %q, stderr %q; want 1 and one line", code, out, errOut)
	}
}
