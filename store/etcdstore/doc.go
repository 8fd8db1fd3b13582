// Package etcdstore keeps paperbot's readers in an etcd cluster, so
// several replicas of the bot can serve at once. It is the second
// backend beside store (one bbolt file, the default); both store the
// same bytes for a reader (store.EncodeReader), so a store moves from
// one to the other value by value.
//
// # Keys
//
// Every key starts with the configured prefix (default "paperbot/"):
//
//	meta/version               schema version, as in the bbolt file
//	readers/KEY                reader record (store's format)
//	subs/KEY                   index record, present exactly when the
//	                           reader listens (daily paper on, or follows)
//	papers/ARXIV               intake record (JSON)
//	intake/state               intake state (JSON)
//	claims/digest/DAY/KEY      a replica's claim on a reader's digest for
//	                           a local date, under that replica's lease
//	leader/NAME/LEASE          election keys (concurrency.Election)
//	inbox/ID                   inbox record (the bbolt store's bytes)
//	inbox_times/TIME ID        the inbox's time index (16 hex digits)
//	inbox_owner/ID             the replica answering a pending update,
//	                           under its lease
//
// # Writes
//
// Update reads the record, runs the caller's function and writes the
// record and its index entry in one transaction that compares the
// record's mod revision with the one read; when another replica wrote
// in between, it reads again and runs the function again (Options.Conflict
// counts these). Every call has a deadline (Options.OpTimeout unless the
// caller's is sooner), so a cluster that lost its quorum fails calls
// instead of hanging them.
//
// A leader writes through a DB from Fenced: each of its transactions
// also compares the create revision of its election key, so once its
// leadership is gone (its lease expired while it was paused, say) its
// writes fail with ErrFenced instead of landing.
//
// # Leadership
//
// Lead (leader.go) campaigns with concurrency.Election and runs the
// caller's jobs while this replica leads, handing them a Term: a Fenced
// DB and digest Claims under the same lease. Campaign runs on the
// session's context (with a background one, a campaign whose lease
// expired could wait forever), the key is read back before the replica
// acts as leader, and a watch on it ends the term when it is deleted. A
// replica that dies or freezes longer than the lease TTL loses the lead;
// another takes it once the lease expires.
//
// # Digests across replicas
//
// Claims (claims.go) is the digest scheduler's digest.Claims: before a
// digest is recorded as sending, the replica creates the claim key of
// (local date, reader) if it is absent, under its lease; the "sending"
// and "sent" records are written only while that key is still the one it
// created (its create revision), and the key is deleted after. A claim
// held by another replica makes a pass leave the reader alone. The
// reader's record still decides what is sent: a claim only says who may
// write it now, so a replica that dies mid-send leaves "sending", which
// the next claimer marks unconfirmed and does not send again.
package etcdstore
