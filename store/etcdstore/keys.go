package etcdstore

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
