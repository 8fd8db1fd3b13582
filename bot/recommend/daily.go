package recommend

import (
	"slices"
	"time"

	"github.com/paperbot/paperbot/data"
)

// dailySeed fixes the paper-of-the-day order; changing it reshuffles the
// calendar for everyone.
const dailySeed = 0x5eed_0f_da7a

// dailyOrder is a fixed pseudo-random permutation of the set's curated
// documents. It starts from the papers sorted by id, so it does not depend
// on the order of the papers file, and shuffles them with splitmix64, whose
// output is fixed by its definition (unlike math/rand's). Papers that came
// in from arXiv are left out, so the calendar does not move each day the
// set grows; the digest offers them on its own (FreshFor).
func dailyOrder(set *data.Set) []int32 {
	perm := make([]int32, 0, len(set.Papers))
	for i := range set.Papers {
		if set.Papers[i].Source == "" {
			perm = append(perm, int32(i))
		}
	}
	slices.SortFunc(perm, func(a, b int32) int {
		return compareStrings(set.Papers[a].ID, set.Papers[b].ID)
	})
	state := uint64(dailySeed)
	for i := len(perm) - 1; i > 0; i-- {
		j := int(splitmix64(&state) % uint64(i+1))
		perm[i], perm[j] = perm[j], perm[i]
	}
	return perm
}

// splitmix64 advances state and returns the next pseudo-random number.
func splitmix64(state *uint64) uint64 {
	*state += 0x9e3779b97f4a7c15
	z := *state
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// dayNumber counts UTC days since 1970-01-01 (negative before).
func dayNumber(t time.Time) int64 {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// PaperOfDay returns the paper of the day for the UTC date of day: the same
// for every reader, and every paper once in any len(set) consecutive days.
// It returns nil for an empty set.
func (e *Engine) PaperOfDay(day time.Time) *data.Paper {
	n := int64(len(e.daily))
	if n == 0 {
		return nil
	}
	i := dayNumber(day) % n
	if i < 0 {
		i += n
	}
	return e.paper(e.daily[i])
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
