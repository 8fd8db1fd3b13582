package etcdstore

import (
	"context"
	"hash/maphash"
)

// stripes is how many locks keyLocks spreads keys over.
const stripes = 64

// keyLocks serialises this process's writes to the same reader, so they
// queue here instead of racing each other's transactions: under many
// writers to one record, optimistic retries alone starve some writer
// past its deadline. Writers in other replicas still conflict, and are
// retried.
type keyLocks struct {
	seed  maphash.Seed
	slots [stripes]chan struct{}
}

func newKeyLocks() *keyLocks {
	l := &keyLocks{seed: maphash.MakeSeed()}
	for i := range l.slots {
		l.slots[i] = make(chan struct{}, 1)
	}
	return l
}

// lock takes key's lock, or fails when ctx ends first; the returned
// function releases it.
func (l *keyLocks) lock(ctx context.Context, key string) (func(), error) {
	slot := l.slots[maphash.String(l.seed, key)%stripes]
	select {
	case slot <- struct{}{}:
		return func() { <-slot }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
