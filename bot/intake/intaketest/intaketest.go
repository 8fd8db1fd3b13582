// Package intaketest holds fixtures for tests of arXiv intake: entries
// whose verdict is plain (a self-supervised vision paper the classifier
// takes, a speech paper it keeps out), a source serving fixed pages, and
// the Publish and notify funcs cmd/paperbot gives a Harvester. It is for
// tests only.
package intaketest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/bot/intake"
	"github.com/paperbot/paperbot/bot/recommend"
	"github.com/paperbot/paperbot/data"
)

// SSLAbstract is the abstract of SSL's entries: masked image modeling
// with a ViT, without labels, compared with MAE and I-JEPA.
const SSLAbstract = "We pretrain vision transformers (ViT) by masked image modeling: most image patches are hidden " +
	"and the encoder predicts their features from the visible ones, without labels. " +
	"Compared with MAE and I-JEPA it improves ImageNet linear probing and transfer to detection and segmentation."

// SSL is version version of a new arXiv paper that is plainly about
// self-supervised vision (SSLAbstract), in cs.CV and cs.LG, by Ada Lovelace
// and Alan Turing. Version 1 was submitted at submitted, each later version
// a day after the one before. Pass a title no paper of the set shares when
// a test searches for it.
func SSL(id, title string, version int, submitted time.Time) intake.Entry {
	return intake.Entry{ID: id, Version: version, Title: title, Abstract: SSLAbstract,
		Authors:   []string{"Ada Lovelace", "Alan Turing"},
		Published: submitted, Updated: submitted.Add(time.Duration(version-1) * 24 * time.Hour),
		Primary: "cs.CV", Categories: []string{"cs.CV", "cs.LG"}}
}

// SpeechTitle is the title of Speech's entries.
const SpeechTitle = "Self-Supervised Speech Units for Low-Resource Recognition"

// Speech is a new arXiv paper on self-supervised learning for speech
// (eess.AS, cs.CL), by Grace Hopper, submitted at submitted: intake must
// reject it.
func Speech(id string, submitted time.Time) intake.Entry {
	return intake.Entry{ID: id, Version: 1, Title: SpeechTitle,
		Abstract: "We learn speech representations by predicting masked audio units from raw waveforms " +
			"and fine-tune them for speech recognition with few labelled hours.",
		Authors: []string{"Grace Hopper"}, Published: submitted, Updated: submitted,
		Primary: "eess.AS", Categories: []string{"eess.AS", "cs.CL"}}
}

// ErrFetch is the error Pages fails with.
var ErrFetch = errors.New("connection reset")

// Pages is a source serving pages in order, whatever the window. When
// failAt >= 0 it fails with ErrFetch before serving page failAt (from 0).
func Pages(failAt int, pages ...[]intake.Entry) intake.FetchFunc {
	return func(_ context.Context, _ time.Time, page func([]intake.Entry) error) error {
		for i, p := range pages {
			if i == failAt {
				return ErrFetch
			}
			if err := page(p); err != nil {
				return err
			}
		}
		return nil
	}
}

// Publisher is an intake.Options.Publish that rebuilds the set as
// cmd/paperbot's does: it adds the papers s holds as accepted to base and
// hands use an engine over the grown set. Unlike cmd/paperbot's, which
// logs them, a paper base.With skips is an error: a test's papers all fit.
func Publisher(s intake.Store, base *data.Set, use func(*recommend.Engine)) func(context.Context) error {
	return func(ctx context.Context) error {
		papers, err := intake.AcceptedPapers(ctx, s)
		if err != nil {
			return err
		}
		set, skipped := base.With(papers)
		if len(skipped) > 0 {
			return errors.Join(skipped...)
		}
		use(recommend.New(set))
		return nil
	}
}

// NotifyAdmin is a Harvester's notify func that sends each queued
// candidate to admin through send, as the review card in the admin's
// language, as cmd/paperbot's notifyAdmins does. A failed send is an error
// of t.
func NotifyAdmin(t testing.TB, b *bot.Bot, send bot.Sender, admin string) func(context.Context, []intake.Record) {
	return func(ctx context.Context, queued []intake.Record) {
		for _, rec := range queued {
			if err := send.Send(ctx, admin, bot.ReviewReply(b.AdminLang(ctx, admin), rec)); err != nil {
				t.Errorf("send the review card: %v", err)
			}
		}
	}
}
