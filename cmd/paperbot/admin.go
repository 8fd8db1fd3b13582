package main

import (
	"context"
	"fmt"
	"time"

	"github.com/paperbot/paperbot/bot"
)

// topPapers is how many most read papers /stats lists.
const topPapers = 5

// statsFunc answers an admin's /stats from db. Days are counted in the
// digest's default zone (digest.default_timezone), the lab's own.
func statsFunc(cfg *Config, db readerStore) func(ctx context.Context) (bot.Stats, error) {
	return func(ctx context.Context) (bot.Stats, error) {
		loc, err := statsZone(cfg.Digest.DefaultTimezone)
		if err != nil {
			return bot.Stats{}, err
		}
		now := time.Now().In(loc)
		today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
		return db.Stats(ctx, today, today.AddDate(0, 0, -6), topPapers)
	}
}

func statsZone(zone string) (*time.Location, error) {
	if zone == "" {
		return time.UTC, nil
	}
	name, err := bot.ParseZone(zone)
	if err != nil {
		return nil, fmt.Errorf("digest.default_timezone: %w", err)
	}
	return bot.LoadZone(name)
}
