package store

import (
	"reflect"
	"testing"

	"github.com/paperbot/paperbot/bot"
)

// assertReader fails the test when got and want differ.
func assertReader(tb testing.TB, got, want bot.Reader) {
	tb.Helper()
	if !reflect.DeepEqual(got, want) {
		tb.Errorf("reader\n got %+v\nwant %+v", got, want)
	}
}
