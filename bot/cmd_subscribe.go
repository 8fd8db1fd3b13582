package bot

import (
	"strings"
)

var frequencyWords = map[string]string{
	"daily": "daily", "everyday": "daily", "每天": "daily", "每日": "daily",
	"weekdays": "weekdays", "weekday": "weekdays", "工作日": "weekdays",
	"mon": "mon", "monday": "mon", "tue": "tue", "tuesday": "tue", "wed": "wed", "wednesday": "wed",
	"thu": "thu", "thursday": "thu", "fri": "fri", "friday": "fri", "sat": "sat", "saturday": "sat",
	"sun": "sun", "sunday": "sun", "周一": "mon", "周二": "tue", "周三": "wed", "周四": "thu",
	"周五": "fri", "周六": "sat", "周日": "sun",
}

func cmdSubscribe(c *call, out *Reply) error {
	s := c.r.Sub
	if !s.On {
		s = Subscription{Time: c.bot.defaultTime, Zone: c.bot.defaultZone, Frequency: "daily"}
	}
	args := c.cmd.Args
	restart := false
	for i := 0; i < len(args); i++ {
		w := args[i]
		lw := strings.ToLower(w)
		if restartWords[lw] {
			restart = true
			continue
		}
		if f, ok := frequencyWords[lw]; ok {
			s.Frequency = f
			continue
		}
		if lw == "topic" || lw == "主题" {
			rest := strings.Join(args[i+1:], " ")
			tp, ok := c.eng.ResolveTopic(rest)
			if !ok {
				return c.fail("topic.unknown", quote(rest))
			}
			s.Topic = tp.ID
			break
		}
		if looksLikeClock(w) {
			hm, ok := ParseClock(w)
			if !ok {
				return c.fail("sub.badtime", quote(w))
			}
			s.Time = hm
			continue
		}
		zone, err := ParseZone(w)
		if err != nil {
			return c.fail("sub.badzone", quote(w))
		}
		s.Zone = zone
	}
	if !c.r.Sub.On {
		s.Since = c.bot.now()
	}
	s.On, s.By = true, c.req.Reader
	c.r.Sub = s
	out.Intro = c.t("sub.ok", c.frequencyText(s.Frequency), s.Time, s.Zone)
	if s.Topic != "" {
		out.Intro += " " + c.t("sub.topic", c.topicName(s.Topic))
	}
	if restart {
		c.restartRound(s.Zone)
		out.Intro += "\n" + dt(c.lang, "digest.restarted")
	}
	return nil
}

func cmdUnsubscribe(c *call, out *Reply) error {
	if !c.r.Sub.On {
		out.Intro = c.t("unsub.not")
		return nil
	}
	c.r.Sub.On = false
	out.Intro = c.t("unsub.ok")
	return nil
}

func (c *call) frequencyText(f string) string {
	switch f {
	case "", "daily":
		return c.t("freq.daily")
	case "weekdays":
		return c.t("freq.weekdays")
	}
	if d, ok := weekdayNames[f]; ok {
		name := d.en
		if c.lang == Chinese {
			name = d.zh
		}
		return c.t("freq.weekly", name)
	}
	return f
}
