package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot"
)

// uploaded is what reached the fake Slack through one external upload.
type uploaded struct {
	names    []string          // files.getUploadURLExternal filenames, in order
	data     map[string][]byte // file name → bytes POSTed to its upload_url
	complete call              // the files.completeUploadExternal call
}

// uploads collects the n files of one upload and its completion.
func (e *env) uploads(n int) uploaded {
	e.t.Helper()
	u := uploaded{data: map[string][]byte{}}
	for range n {
		c := e.fake.next("files.getUploadURLExternal")
		u.names = append(u.names, c.form.Get("filename"))
		up := e.fake.next("upload")
		name := up.form.Get("filename")
		if c.form.Get("filename") != name || c.form.Get("length") != itoa(int64(len(up.raw))) {
			e.t.Errorf("upload URL asked for %s of %s bytes, got %s of %d bytes", c.form.Get("filename"), c.form.Get("length"), name, len(up.raw))
		}
		u.data[name] = up.raw
	}
	u.complete = e.fake.next("files.completeUploadExternal")
	var files []struct{ ID, Title string }
	if err := json.Unmarshal([]byte(u.complete.form.Get("files")), &files); err != nil || len(files) != n {
		e.t.Errorf("completeUploadExternal files %q: %v", u.complete.form.Get("files"), err)
	}
	return u
}

// export is what the bot's /export gives a reader, to compare uploads with.
func (e *env) export(reader string) bot.Reply {
	e.t.Helper()
	r, err := e.bot.Handle(context.Background(), bot.Request{Reader: reader, Text: "/export"})
	if err != nil || len(r.Files) != 2 {
		e.t.Fatalf("/export for %s: %v, %d files", reader, err, len(r.Files))
	}
	return r
}

// checkFiles compares the uploaded files with the bot's export.
func checkFiles(t *testing.T, u uploaded, want bot.Reply) {
	t.Helper()
	if !slices.Equal(u.names, []string{bot.ExportBib, bot.ExportJSON}) {
		t.Errorf("uploaded %v, want %s and %s", u.names, bot.ExportBib, bot.ExportJSON)
	}
	for _, f := range want.Files {
		if got := string(u.data[f.Name]); got != string(f.Data) {
			t.Errorf("%s uploaded as:\n%s\nwant:\n%s", f.Name, got, f.Data)
		}
	}
	if !strings.Contains(string(u.data[bot.ExportBib]), "@misc{chen2020mocov2,") {
		t.Errorf("the BibTeX file lacks MoCo v2:\n%s", u.data[bot.ExportBib])
	}
}

// TestExportSlashSendsFilesToDM: /paper export typed in a channel uploads
// both files to the reader's DM with the bot (a file cannot be
// ephemeral), and the ephemeral answer says so without pasting them.
func TestExportSlashSendsFilesToDM(t *testing.T) {
	e := newEnv(t)
	e.slash("T1", "U1", "C1", "read mocov2")
	m, _ := e.slash("T1", "U1", "C1", "export")
	if got := e.fake.next("conversations.open").form.Get("users"); got != "U1" {
		t.Errorf("conversations.open users=%q, want U1", got)
	}
	u := e.uploads(2)
	checkFiles(t, u, e.export("slack:T1:U1"))
	if got := u.complete.form.Get("channel_id"); got != "DU1" {
		t.Errorf("files shared in %q, want the DM DU1", got)
	}
	contains(t, "the DM's comment", u.complete.form.Get("initial_comment"), bot.ExportBib, "1 read")
	all := m.all()
	contains(t, "the ephemeral answer", all, bot.ExportBib, "direct messages")
	if strings.Contains(all, "@misc") || strings.Contains(all, "Share") {
		t.Errorf("the answer pastes the BibTeX or offers to share it although the files arrived:\n%s", all)
	}

	// Typed in that DM, the files land there with no comment of their
	// own: the answer follows them.
	m, _ = e.slash("T1", "U1", "DU1", "export")
	u = e.uploads(2)
	if ch, comment := u.complete.form.Get("channel_id"), u.complete.form.Get("initial_comment"); ch != "DU1" || comment != "" {
		t.Errorf("files shared in %q with comment %q, want DU1 and none", ch, comment)
	}
	if all := m.all(); !strings.Contains(all, bot.ExportBib) || strings.Contains(all, "direct messages") {
		t.Errorf("the answer in the DM:\n%s", all)
	}
	e.fake.none("conversations.open") // remembered
}

// TestExportInDMAndThread: in a direct message and in a mention's thread
// the files go where the reply goes, before it.
func TestExportInDMAndThread(t *testing.T) {
	e := newEnv(t)
	e.slash("T1", "U1", "D1", "read mocov2")
	e.post("application/json", event("T1", "Ev1", map[string]any{"type": "message", "channel": "D1",
		"channel_type": "im", "user": "U1", "text": "/export", "ts": "1700000000.000100"}))
	u := e.uploads(2)
	checkFiles(t, u, e.export("slack:T1:U1"))
	if ch, th := u.complete.form.Get("channel_id"), u.complete.form.Get("thread_ts"); ch != "D1" || th != "" {
		t.Errorf("files shared in %q thread %q, want D1", ch, th)
	}
	c := e.fake.next("chat.postMessage")
	if got := c.message(t).all(); !strings.Contains(got, bot.ExportBib) || strings.Contains(got, "@misc") {
		t.Errorf("the DM reply:\n%s", got)
	}

	e.post("application/json", event("T1", "Ev2", map[string]any{"type": "app_mention", "channel": "C9",
		"user": "U1", "text": "<@UBOT> /export", "ts": "1700000000.000200"}))
	u = e.uploads(2)
	if ch, th := u.complete.form.Get("channel_id"), u.complete.form.Get("thread_ts"); ch != "C9" || th != "1700000000.000200" {
		t.Errorf("files shared in %q thread %q, want C9 thread 1700000000.000200", ch, th)
	}
	if c := e.fake.next("chat.postMessage"); c.form.Get("thread_ts") != "1700000000.000200" {
		t.Errorf("the mention's reply went to thread %q", c.form.Get("thread_ts"))
	}
	e.fake.none("conversations.open")
}

// TestExportUploadRetries: a rate limit on the Web API waits its
// Retry-After, a 5xx on the upload POST backs off, and the files arrive.
func TestExportUploadRetries(t *testing.T) {
	for _, tc := range []struct {
		name   string
		method string
		fail   reply
		wait   time.Duration
	}{
		{"429 on getUploadURLExternal", "files.getUploadURLExternal",
			reply{429, map[string]string{"Retry-After": "7"}, `{"ok":false,"error":"ratelimited"}`}, 7 * time.Second},
		{"503 on the upload POST", "upload", reply{503, nil, "<html>unavailable</html>"}, retryBase},
		{"429 on completeUploadExternal", "files.completeUploadExternal",
			reply{429, map[string]string{"Retry-After": "3"}, `{"ok":false,"error":"ratelimited"}`}, 3 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			e.slash("T1", "U1", "C1", "read mocov2")
			e.fake.fail(tc.method, tc.fail)
			m, _ := e.slash("T1", "U1", "C1", "export")
			checkFiles(t, e.uploads(2), e.export("slack:T1:U1"))
			if got := <-e.slept; got != tc.wait {
				t.Errorf("waited %v, want %v", got, tc.wait)
			}
			contains(t, "the answer", m.all(), "direct messages")
		})
	}
}

// TestExportUploadRefused: when Slack refuses the upload the reader gets
// the BibTeX as text, told why where it helps, and the log says what
// failed.
func TestExportUploadRefused(t *testing.T) {
	for _, tc := range []struct {
		name     string
		method   string
		err      string
		say, log []string
	}{
		{"missing_scope", "files.getUploadURLExternal", "missing_scope",
			[]string{"files:write", "could not be sent"}, []string{"files:write scope", "missing_scope"}},
		{"not_in_channel", "files.completeUploadExternal", "not_in_channel",
			[]string{"could not be sent"}, []string{"cannot upload files", "not_in_channel"}},
		{"channel_not_found", "files.completeUploadExternal", "channel_not_found",
			[]string{"could not be sent"}, []string{"cannot upload files", "channel_not_found"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			e.slash("T1", "U1", "C1", "read mocov2")
			e.fake.fail(tc.method, reply{200, nil, `{"ok":false,"error":"` + tc.err + `"}`})
			m, _ := e.slash("T1", "U1", "C1", "export")
			all := m.all()
			contains(t, "the answer", all, append(tc.say, "@misc{chen2020mocov2,")...)
			if strings.Contains(all, "direct messages") {
				t.Errorf("the answer says the files went to the DM:\n%s", all)
			}
			e.idle()
			contains(t, "the log", e.logs.String(), tc.log...)
			e.fake.none("files.completeUploadExternal")
		})
	}
}

// TestExportDMGoneIsForgotten: a DM channel Slack no longer knows is
// opened anew on the next export.
func TestExportDMGoneIsForgotten(t *testing.T) {
	e := newEnv(t)
	e.slash("T1", "U1", "C1", "read mocov2")
	e.fake.fail("files.completeUploadExternal", reply{200, nil, `{"ok":false,"error":"channel_not_found"}`})
	e.slash("T1", "U1", "C1", "export")
	e.fake.next("conversations.open")
	e.slash("T1", "U1", "C1", "export")
	e.fake.next("conversations.open")
	e.uploads(2)
}

// TestSendWithFiles: a reply with files sent outside a conversation
// uploads them to the channel, and falls back to its text there when the
// bot may not share files in it.
func TestSendWithFiles(t *testing.T) {
	e := newEnv(t)
	r := digest()
	r.Files = []bot.File{{Name: "a.txt", Data: []byte("hello")}}
	fb := bot.Reply{Intro: "As text:", Pre: "hello", Text: "As text:\nhello"}
	r.Fallback = &fb
	if err := e.a.Send(context.Background(), "slack:T1:C5", r); err != nil {
		t.Fatal(err)
	}
	u := e.uploads(1)
	if string(u.data["a.txt"]) != "hello" || u.complete.form.Get("channel_id") != "C5" {
		t.Errorf("uploaded %q to %q", u.data, u.complete.form.Get("channel_id"))
	}
	contains(t, "the message", e.fake.next("chat.postMessage").message(t).all(), "Your paper for today")

	e.fake.fail("files.completeUploadExternal", reply{200, nil, `{"ok":false,"error":"not_in_channel"}`})
	if err := e.a.Send(context.Background(), "slack:T1:C5", r); err != nil {
		t.Fatal(err)
	}
	got := e.fake.next("chat.postMessage").message(t).all()
	contains(t, "the fallback", got, "As text:", "hello")
}

// /map in a DM: the reply's text, and the picture uploaded into the same
// conversation with its description as the title.
func TestMapUploadsThePicture(t *testing.T) {
	e := newEnv(t)
	e.post("application/json", event("T1", "Ev1", map[string]any{"type": "message", "channel": "D1",
		"channel_type": "im", "user": "U1", "text": "/map contrastive", "ts": "1700000000.000100"}))
	u := e.uploads(1)
	if len(u.names) != 1 || !strings.HasSuffix(u.names[0], ".png") {
		t.Fatalf("uploaded %v, want one PNG", u.names)
	}
	if _, err := png.Decode(bytes.NewReader(u.data[u.names[0]])); err != nil {
		t.Errorf("the upload is not a PNG: %v", err)
	}
	var files []struct{ ID, Title string }
	if err := json.Unmarshal([]byte(u.complete.form.Get("files")), &files); err != nil || len(files) != 1 || files[0].Title == u.names[0] {
		t.Errorf("completeUploadExternal files %q: want the picture described in its title", u.complete.form.Get("files"))
	}
	if ch := u.complete.form.Get("channel_id"); ch != "D1" {
		t.Errorf("the picture went to %q, want D1", ch)
	}
	if got := e.fake.next("chat.postMessage").message(t).all(); !strings.Contains(got, "MoCo") {
		t.Errorf("the map's text alternative:\n%s", got)
	}
}
