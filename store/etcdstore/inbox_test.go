package etcdstore_test

import (
	"context"
	"slices"
	"testing"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/store/etcdstore/etcdtest"
)

func pendingIDs(t *testing.T, in bot.Inbox) []string {
	t.Helper()
	p, err := in.Pending(context.Background(), "slack")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range p {
		out = append(out, e.ID)
	}
	return out
}

// TestInboxAcrossReplicas: an update that reaches two replicas is taken
// in once; a replica starting does not take over updates another live
// replica is answering, but does once that replica's lease is gone, and a
// replica restarting under its own name takes its own back at once.
func TestInboxAcrossReplicas(t *testing.T) {
	c := etcdtest.Start(t, 1)
	a, b := startReplica(t, c, "a", 5), startReplica(t, c, "b", 5)
	ctx := context.Background()
	ina, inb := a.db.Inbox(a.session, "a"), b.db.Inbox(b.session, "b")
	ev := bot.Inbound{ID: "slack:event:Ev1", Received: passAt, Payload: []byte("{}")}
	if fresh, err := ina.Put(ctx, ev); err != nil || !fresh[0] {
		t.Fatalf("first Put = %v, %v", fresh, err)
	}
	if fresh, err := inb.Put(ctx, ev); err != nil || fresh[0] {
		t.Errorf("the retry through the other replica = %v, %v; want it known", fresh, err)
	}
	if got := pendingIDs(t, inb); len(got) != 0 {
		t.Errorf("b's Pending = %v while a answers it, want none", got)
	}
	if got := pendingIDs(t, a.db.Inbox(nil, "a")); !slices.Equal(got, []string{"slack:event:Ev1"}) {
		t.Errorf("a restarted under its own name: Pending = %v, want its update back", got)
	}
	if _, err := a.db.Client().Revoke(ctx, a.session.Lease()); err != nil {
		t.Fatal(err)
	}
	if got := pendingIDs(t, inb); !slices.Equal(got, []string{"slack:event:Ev1"}) {
		t.Errorf("b's Pending after a's lease ended = %v, want the update", got)
	}
	if err := inb.Done(ctx, ev.ID); err != nil {
		t.Fatal(err)
	}
	if got := pendingIDs(t, inb); len(got) != 0 {
		t.Errorf("Pending after Done = %v", got)
	}
}
