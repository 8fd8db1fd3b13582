package etcdstore

import (
	"testing"
	"time"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/store/etcdstore/etcdtest"
	"github.com/paperbot/paperbot/store/storetest"
)

var _ storetest.Store = (*DB)(nil)

// TestBehaviour runs the backend suite on one embedded member, each test
// under a prefix of its own.
func TestBehaviour(t *testing.T) {
	c := etcdtest.Start(t, 1)
	storetest.Run(t, func(t *testing.T, now func() time.Time) storetest.Store {
		return mustOpen(t, c, Options{Now: now})
	}, func(s storetest.Store) bot.Inbox { return s.(*DB).Inbox(nil, "") })
}
