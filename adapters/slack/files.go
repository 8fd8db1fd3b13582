package slack

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/paperbot/paperbot/bot"
)

// upload shares files in channel (in the thread threadTS when set), with
// comment as the message they come with, through Slack's external upload
// (https://docs.slack.dev/messaging/working-with-files#uploading_files):
// files.getUploadURLExternal for each file, a POST of its bytes to the URL
// it returns, and one files.completeUploadExternal that shares them all.
// Each step is retried on its own (rate limits, 5xx); files.upload, the
// one-call method, is retired. The bot token needs the files:write scope.
func (a *Adapter) upload(ctx context.Context, channel, threadTS, comment string, files []bot.File) error {
	done := make([]slack.FileSummary, 0, len(files))
	for _, f := range files {
		if len(f.Data) == 0 {
			continue // Slack takes no empty file
		}
		id, err := a.uploadOne(ctx, f)
		if err != nil {
			return err
		}
		title := f.Name
		if f.Photo && f.Alt != "" {
			title = f.Alt // shown over the picture, in words
		}
		done = append(done, slack.FileSummary{ID: id, Title: title})
	}
	if len(done) == 0 {
		return nil
	}
	params := slack.CompleteUploadExternalParameters{Files: done, Channel: channel, InitialComment: comment, ThreadTimestamp: threadTS}
	return a.retry(ctx, "files.completeUploadExternal", func(ctx context.Context) error {
		_, err := a.api.CompleteUploadExternalContext(ctx, params)
		return err
	})
}

// uploadOne sends one file's bytes to Slack and returns its file id.
func (a *Adapter) uploadOne(ctx context.Context, f bot.File) (string, error) {
	var u *slack.GetUploadURLExternalResponse
	err := a.retry(ctx, "files.getUploadURLExternal", func(ctx context.Context) error {
		var err error
		u, err = a.api.GetUploadURLExternalContext(ctx, slack.GetUploadURLExternalParameters{FileName: f.Name, FileSize: len(f.Data)})
		return err
	})
	if err != nil {
		return "", err
	}
	err = a.retry(ctx, "upload "+f.Name, func(ctx context.Context) error {
		return a.api.UploadToURL(ctx, slack.UploadToURLParameters{UploadURL: u.UploadURL, Reader: bytes.NewReader(f.Data), Filename: f.Name})
	})
	return u.FileID, err
}

// deliverFiles uploads r's files to channel (in thread when set) and
// returns the reply to show in the conversation: r without them when they
// arrived, else r's text fallback, led by a note when the app lacks the
// permission to upload, and the error, which is logged here.
func (a *Adapter) deliverFiles(ctx context.Context, channel, thread, comment string, r bot.Reply) (bot.Reply, error) {
	if len(r.Files) == 0 {
		return r, nil
	}
	if err := a.upload(ctx, channel, thread, comment, r.Files); err != nil {
		return a.filesFailed(channel, r, err), err
	}
	r.Files = nil
	return r, nil
}

// filesFailed logs why files could not be sent and returns the reply's
// text fallback.
func (a *Adapter) filesFailed(channel string, r bot.Reply, err error) bot.Reply {
	fb := r.WithoutFiles()
	if slackError(err) == "missing_scope" {
		a.log.Warn("slack: cannot upload files: the app lacks the files:write scope (docs/slack.md); sending them as text",
			"chat", channel, "err", err)
		note := bot.Note(r.Lang, bot.NoteSlackScope)
		fb.Intro, fb.Text = joinLines(note, fb.Intro), joinLines(note, fb.Text)
		return fb
	}
	a.log.Warn("slack: cannot upload files; sending them as text", "chat", channel, "err", err)
	return fb
}

// filesToDM uploads r's files to the reader's direct messages with the
// bot, for a reply only the reader sees where it is shown (an ephemeral
// slash-command answer): a file cannot be ephemeral. channel is where the
// command was typed. The reply returned says where the files went, or is
// the text fallback.
func (a *Adapter) filesToDM(ctx context.Context, team, user, channel string, r bot.Reply) bot.Reply {
	if len(r.Files) == 0 {
		return r
	}
	dm, err := a.openDM(ctx, team, user)
	if err != nil {
		return a.filesFailed(channel, r, fmt.Errorf("open a direct message: %w", err))
	}
	if dm == channel { // typed in that DM: the answer follows the files
		shown, _ := a.deliverFiles(ctx, dm, "", "", r)
		return shown
	}
	shown, err := a.deliverFiles(ctx, dm, "", a.cmdWord.rewrite(esc(r.Intro)), r)
	if err != nil {
		if errors.Is(err, bot.ErrUnreachable) {
			a.dms.remove(team + ":" + user) // the remembered DM is gone
		}
		return shown
	}
	note := bot.Note(r.Lang, bot.NoteFilesInDM)
	shown.Outro, shown.Text = joinLines(shown.Outro, note), joinLines(shown.Text, note)
	return shown
}

// slackError is the error code of a Slack Web API error ("missing_scope"),
// or "".
func slackError(err error) string {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return se.Err
	}
	return ""
}

func joinLines(a, b string) string {
	if a == "" {
		return b
	}
	return a + "\n" + b
}
