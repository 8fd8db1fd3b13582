package etcdstore

import (
	"fmt"
	"time"
)

// keys builds the etcd keys of a store under its prefix; doc.go lists
// them.
type keys struct{ prefix string }

func (k keys) version() string           { return k.prefix + "meta/version" }
func (k keys) readers() string           { return k.prefix + "readers/" }
func (k keys) reader(key string) string  { return k.readers() + key }
func (k keys) subs() string              { return k.prefix + "subs/" }
func (k keys) sub(key string) string     { return k.subs() + key }
func (k keys) papers() string            { return k.prefix + "papers/" }
func (k keys) paper(arxiv string) string { return k.papers() + arxiv }
func (k keys) intakeState() string       { return k.prefix + "intake/state" }
func (k keys) claims() string            { return k.prefix + "claims/" }
func (k keys) election(name string) string {
	return k.prefix + "leader/" + name + "/"
}

// claim is the key of the claim on key's digest for the local date day.
func (k keys) claim(day, key string) string { return k.claims() + "digest/" + day + "/" + key }

// inbox is the prefix of inbox records; inbox(id) the record of update id.
func (k keys) inboxes() string        { return k.prefix + "inbox/" }
func (k keys) inbox(id string) string { return k.inboxes() + id }

// owners is the prefix of the keys saying which replica (lease) has an
// update pending in hand.
func (k keys) owners() string         { return k.prefix + "inbox_owner/" }
func (k keys) owner(id string) string { return k.owners() + id }

// times is the prefix of the inbox's time index: the time as 16 hex
// digits of Unix nanoseconds, so keys sort by time, then the id.
func (k keys) times() string { return k.prefix + "inbox_times/" }
func (k keys) time(at time.Time, id string) string {
	return fmt.Sprintf("%s%016x%s", k.times(), uint64(at.UnixNano()), id)
}
