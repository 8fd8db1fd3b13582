package telegram_test

import (
	"bytes"
	"image/png"
	"strings"
	"testing"

	"github.com/paperbot/paperbot/adapters/telegram/telegramtest"
)

// /map and /progress carry a picture: it goes with sendPhoto after the
// text, captioned in words; a server that refuses photos gets it as a
// document; one that refuses both still has the text.
func TestPicturesAsPhotos(t *testing.T) {
	h := newHarness(t).start()
	chat := telegramtest.Private(ann)
	h.say(chat, ann, "/read mocov2")
	h.fake.Push(telegramtest.Text(chat, ann, "/map contrastive"))
	photos := h.fake.Wait(t, "sendPhoto", 1)
	f, ok := photos[0].Files["photo"]
	if !ok || !strings.HasSuffix(f.Name, ".png") {
		t.Fatalf("sendPhoto files %v", photos[0].Files)
	}
	if _, err := png.Decode(bytes.NewReader(f.Data)); err != nil {
		t.Errorf("the photo is not a PNG: %v", err)
	}
	if c := photos[0].Params.Get("caption"); c == "" {
		t.Error("the photo has no caption")
	}
	sent := h.fake.SentTo(chat.ID)
	if last := sent[len(sent)-1]; last.Kind != "photo" || !strings.Contains(sent[len(sent)-2].Text, "MoCo") {
		t.Errorf("want the map's text (naming MoCo), then the photo; last two: %q, %q", sent[len(sent)-2].Text, last.Kind)
	}

	h.fake.Script("sendPhoto", telegramtest.Unsupported())
	h.fake.Push(telegramtest.Text(chat, ann, "/progress"))
	docs := h.fake.Wait(t, "sendDocument", 1)
	if f := docs[0].Files["document"]; !strings.HasSuffix(f.Name, ".png") {
		t.Errorf("a refused photo should go as a document, got %q", f.Name)
	}

	h.fake.Script("sendPhoto", telegramtest.Unsupported())
	h.fake.Script("sendDocument", telegramtest.Unsupported())
	n := len(h.fake.Calls("sendMessage"))
	h.fake.Push(telegramtest.Text(chat, ann, "/progress"))
	msgs := h.fake.Wait(t, "sendMessage", n+1)
	if got := msgs[len(msgs)-1].Params.Get("text"); !strings.Contains(got, "You have read 1 of") {
		t.Errorf("with no pictures possible, /progress still answers in text:\n%s", got)
	}
}
