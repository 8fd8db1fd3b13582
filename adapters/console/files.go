package console

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/paperbot/paperbot/bot"
)

// maxSuffix is how many numbered names ("x-1.bib" … ) are tried before
// giving up on a file name.
const maxSuffix = 999

// Deliver writes a reply's files into dir ("" is the current directory)
// and returns the reply as the terminal shows it: its text followed by the
// paths written, or, when a file cannot be written, its text fallback
// followed by why.
func Deliver(r bot.Reply, dir string) bot.Reply {
	if len(r.Files) == 0 {
		return r
	}
	paths, err := WriteFiles(dir, r.Files)
	if err != nil {
		fb := r.WithoutFiles()
		fb.Text = joinLines(fb.Text, bot.Note(r.Lang, bot.NoteFilesNotSaved, err))
		if len(paths) > 0 {
			fb.Text = joinLines(fb.Text, bot.Note(r.Lang, bot.NoteFilesWritten, strings.Join(paths, ", ")))
		}
		return fb
	}
	r.Files = nil
	for _, p := range paths {
		r.Text = joinLines(r.Text, bot.Note(r.Lang, bot.NoteFilesWritten, p))
	}
	return r
}

// WriteFiles writes files into dir ("" is the current directory) and
// returns their paths. A file never replaces one that exists: when
// "export.bib" is taken it becomes "export-1.bib", "export-2.bib" and so
// on. It stops at the first file it cannot write, returning the paths
// written before.
func WriteFiles(dir string, files []bot.File) ([]string, error) {
	if dir == "" {
		dir = "."
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("write files: %w", err)
	}
	var paths []string
	for _, f := range files {
		p, err := writeNew(abs, filepath.Base(f.Name), f.Data)
		if err != nil {
			return paths, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// writeNew writes data to a file in dir named name, or name with the
// first free number before its extension.
func writeNew(dir, name string, data []byte) (string, error) {
	ext := filepath.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	for n := 0; n <= maxSuffix; n++ {
		p := filepath.Join(dir, name)
		if n > 0 {
			p = filepath.Join(dir, stem+"-"+strconv.Itoa(n)+ext)
		}
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("write %s: %w", name, err)
		}
		_, werr := f.Write(data)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			_ = os.Remove(p)
			return "", fmt.Errorf("write %s: %w", p, werr)
		}
		return p, nil
	}
	return "", fmt.Errorf("write %s: it and %d numbered names are taken in %s", name, maxSuffix, dir)
}

func joinLines(a, b string) string {
	if a == "" {
		return b
	}
	return a + "\n" + b
}
