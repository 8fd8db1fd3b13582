// Package store keeps paperbot's readers in a single bbolt file.
//
// A DB implements bot.Store. Update loads a reader, runs the caller's
// function on it and saves the result in one transaction; concurrent
// Updates share transactions (group commit, batch.go), so many readers
// tapping "read" at once cost one commit and its fsyncs per batch, not one
// each. An Update that finds no commit under way starts one at once;
// those that arrive during a commit all go into the next.
//
// # Layout
//
// The file holds these top-level buckets, all created at Open:
//
//	meta         "version" → schema version as decimal text ("4")
//	readers      reader key → reader record
//	subs         reader key → index record, present exactly when the
//	             reader's Sub.On is true
//	papers       arXiv id → intake record (JSON)
//	intake       "state" → intake state (JSON)
//	inbox        update id → inbox record
//	inbox_times  time (8 bytes, big-endian Unix nanoseconds), then the
//	             update id → nothing: the inbox in time order
//
// Reader keys are "platform:id" or "platform:id:id" ("telegram:123",
// "slack:T1:U2"), at most 200 bytes, without spaces or control characters.
//
// Records are a small binary format. Each starts with a format byte (1)
// so a later layout can be told apart. Then come fields of three kinds:
// strings (uvarint length, then the bytes), times (zigzag varint Unix
// seconds, 0 for the zero time) and counts (uvarint) before repeated
// fields. A reader record is, in order:
//
//	format 1
//	Lang, FirstSeen, LastSeen
//	Read, Saved, Dismissed   each a count, then (paper id, time) by id
//	Sub                      On (byte 0 or 1), Time, Zone, Frequency,
//	                         Topic, By, Since
//	Digests                  a count, then (Day, Paper, State, At)
//	Path
//
// Map entries are sorted, so the same reader always gives the same bytes.
// Times keep whole seconds and come back in UTC; empty maps and slices
// come back nil. An index record is format 1, then Sub.Time, Sub.Zone and
// Sub.Frequency: what a digest scheduler needs without loading the reader.
// Update rewrites it in the same transaction whenever it changes.
//
// # The inbox
//
// The inbox (inbox.go, bot.Inbox) holds updates a platform was told
// arrived until they are handled. An inbox record is a state byte (1
// pending; 3 applied: pending, with its change to a reader stored by an
// Update in the same transaction; 2 done), the time of its inbox_times
// key (when it was taken in, for a pending one; when it was done, for a
// done one) and, until it is done, the adapter's payload. A done record keeps only the id, for
// RememberFor after it was done, so a redelivery is recognised; each Put
// forgets a few of the done ids that are older.
//
// # Versions
//
// Version 1 had the meta and readers buckets. Version 2 added the subs
// index; reader records did not change. Version 3 added the intake
// buckets (papers, intake), version 4 the inbox (inbox, inbox_times). Open upgrades an older file in one
// transaction by running each step of the migrations list in order, so a
// failed upgrade leaves the file as it was. A new file starts at the
// current version, and a file written by a newer paperbot is refused with
// ErrSchemaTooNew. A file without a version but with a readers bucket is
// taken to be version 1.
//
// # Errors
//
// A record that does not decode gives an error naming its reader key; the
// store never panics on bad data. The file is locked while open, and a
// second Open waits at most Options.Timeout before failing with ErrLocked.
package store
