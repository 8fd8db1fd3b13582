package console_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paperbot/paperbot/adapters/console"
	"github.com/paperbot/paperbot/bot"
)

// TestChatWritesExportFiles: /export in the terminal writes both files
// into the directory, never over a file that is there, and prints their
// paths instead of the BibTeX.
func TestChatWritesExportFiles(t *testing.T) {
	b := newBot(t)
	dir := t.TempDir()
	taken := filepath.Join(dir, bot.ExportBib)
	if err := os.WriteFile(taken, []byte("keep me\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	in := strings.NewReader("/read mocov2\n/export\n")
	if err := console.Chat(context.Background(), b, in, &out, console.Options{User: "ann", Dir: dir}); err != nil {
		t.Fatalf("Chat = %v", err)
	}
	got := out.String()
	bib := filepath.Join(dir, "paperbot-reading-list-1.bib")
	js := filepath.Join(dir, bot.ExportJSON)
	for _, want := range []string{"Written: " + bib, "Written: " + js, bot.ExportBib} {
		if !strings.Contains(got, want) {
			t.Errorf("transcript lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "@misc") {
		t.Errorf("the BibTeX is pasted although the files were written:\n%s", got)
	}
	if data, _ := os.ReadFile(taken); string(data) != "keep me\n" {
		t.Errorf("%s was overwritten: %q", taken, data)
	}
	if data, err := os.ReadFile(bib); err != nil || !strings.Contains(string(data), "@misc{chen2020mocov2,") {
		t.Errorf("%s: %v\n%s", bib, err, data)
	}
	var export struct {
		Reader string `json:"reader"`
		Papers []struct {
			ID string `json:"id"`
		} `json:"papers"`
	}
	data, err := os.ReadFile(js)
	if err != nil || json.Unmarshal(data, &export) != nil || export.Reader != "console:ann" || len(export.Papers) != 1 || export.Papers[0].ID != "mocov2" {
		t.Errorf("%s: %v\n%s", js, err, data)
	}
}

// TestWriteFilesNumbers: each write of a name that exists takes the next
// free number.
func TestWriteFilesNumbers(t *testing.T) {
	dir := t.TempDir()
	files := []bot.File{{Name: "list.bib", Data: []byte("a")}, {Name: "noext", Data: []byte("b")}}
	var got []string
	for range 3 {
		paths, err := console.WriteFiles(dir, files)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range paths {
			got = append(got, filepath.Base(p))
		}
	}
	want := []string{"list.bib", "noext", "list-1.bib", "noext-1", "list-2.bib", "noext-2"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("names %v, want %v", got, want)
	}
	// A name is only a name: no file lands outside dir.
	paths, err := console.WriteFiles(dir, []bot.File{{Name: "../../escape.txt", Data: []byte("x")}})
	if err != nil || len(paths) != 1 || filepath.Dir(paths[0]) != dir {
		t.Errorf("WriteFiles(../../escape.txt) = %v, %v; want a file in %s", paths, err, dir)
	}
}

// TestDeliverUnwritable: when the files cannot be written the terminal
// shows the export as text, and why.
func TestDeliverUnwritable(t *testing.T) {
	b := newBot(t)
	ctx := context.Background()
	if _, err := b.Handle(ctx, bot.Request{Reader: "console:ann", Text: "/read mocov2"}); err != nil {
		t.Fatal(err)
	}
	r, err := b.Handle(ctx, bot.Request{Reader: "console:ann", Text: "/export"})
	if err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "no", "such", "dir")
	got := console.Render(console.Deliver(r, missing))
	for _, want := range []string{"could not be written", "@misc{chen2020mocov2,", "could not be sent here"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
}
