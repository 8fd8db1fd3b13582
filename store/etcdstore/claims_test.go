package etcdstore_test

import (
	"context"
	"errors"
	"testing"

	"github.com/paperbot/paperbot/bot"
	"github.com/paperbot/paperbot/bot/digest"
	"github.com/paperbot/paperbot/store/etcdstore/etcdtest"
)

// TestClaimLapsesWithItsLease: a claim keeps others out while its lease
// lives; once the lease is gone (revoked here, as an expiry would), its
// holder can neither record through it nor pass Held, and another
// replica may claim.
func TestClaimLapsesWithItsLease(t *testing.T) {
	c := etcdtest.Start(t, 1)
	a, b := startReplica(t, c, "a", 5), startReplica(t, c, "b", 5)
	keys := subscribeAll(t, a.db, 1)
	ctx := context.Background()
	ca, cb := a.db.Claims(a.session, "a"), b.db.Claims(b.session, "b")
	held, err := ca.Claim(ctx, keys[0], today)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cb.Claim(ctx, keys[0], today); !errors.Is(err, digest.ErrClaimed) {
		t.Errorf("second replica's Claim = %v, want ErrClaimed", err)
	}
	if again, err := ca.Claim(ctx, keys[0], today); err != nil || again.Held(ctx) != nil {
		t.Errorf("the holder's own Claim again = %v, want its claim back", err)
	}
	mark := func(r *bot.Reader) error { r.Lang = "zh"; return nil }
	if _, err := held.RecordDigest(ctx, mark); err != nil {
		t.Fatalf("RecordDigest through a held claim = %v", err)
	}
	if _, err := a.db.Client().Revoke(ctx, a.session.Lease()); err != nil {
		t.Fatal(err)
	}
	if err := held.Held(ctx); !errors.Is(err, digest.ErrClaimLost) {
		t.Errorf("Held after the lease ended = %v, want ErrClaimLost", err)
	}
	if _, err := held.RecordDigest(ctx, func(r *bot.Reader) error { r.Lang = "en"; return nil }); !errors.Is(err, digest.ErrClaimLost) {
		t.Errorf("RecordDigest after the lease ended = %v, want ErrClaimLost", err)
	}
	if r, _ := a.db.Get(ctx, keys[0]); r.Lang != "zh" {
		t.Errorf("a lapsed claim's write landed: lang %q", r.Lang)
	}
	if _, err := cb.Claim(ctx, keys[0], today); err != nil {
		t.Errorf("Claim after the holder's lease ended = %v, want it taken", err)
	}
}
