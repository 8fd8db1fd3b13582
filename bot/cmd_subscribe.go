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
	a, err := c.subscribeArgs()
	if err != nil {
		return err
	}
	override(&s.Time, a.time)
	override(&s.Zone, a.zone)
	override(&s.Frequency, a.freq)
	override(&s.Topic, a.topic)
	if !c.r.Sub.On {
		s.Since = c.bot.now()
	}
	s.On, s.By = true, c.req.Reader
	c.r.Sub = s
	out.Intro = c.t("sub.ok", c.frequencyText(s.Frequency), s.Time, s.Zone)
	if s.Topic != "" {
		out.Intro += " " + c.t("sub.topic", c.topicName(s.Topic))
	}
	if a.restart {
		c.restartRound(s.Zone)
		out.Intro += "\n" + t(c.lang, "digest.restarted")
	}
	return nil
}

// override sets *dst to v unless v is empty.
func override(dst *string, v string) {
	if v != "" {
		*dst = v
	}
}

// subArgs are the settings one /subscribe names; "" for those it leaves
// as they are.
type subArgs struct {
	time, zone, freq, topic string
	restart                 bool
}

// subscribeArgs reads the words of /subscribe. A time, a zone and a
// frequency may each be named once: naming one twice, even the same, is
// an error that quotes both words. "topic" takes the rest of the words.
func (c *call) subscribeArgs() (subArgs, error) {
	var a subArgs
	typed := map[string]string{} // "time", "zone", "freq" → the word that set it
	set := func(kind, word, value string, dst *string) error {
		if prev, ok := typed[kind]; ok {
			return c.fail("sub.two."+kind, quote(prev), quote(word))
		}
		typed[kind], *dst = word, value
		return nil
	}
	args := c.cmd.Args
	for i, w := range args {
		lw := strings.ToLower(w)
		var err error
		switch {
		case restartWords[lw]:
			a.restart = true
		case frequencyWords[lw] != "":
			err = set("freq", w, frequencyWords[lw], &a.freq)
		case lw == "topic" || lw == "主题":
			rest := strings.Join(args[i+1:], " ")
			tp, ok := c.eng.ResolveTopic(rest)
			if !ok {
				return a, c.fail("topic.unknown", quote(rest))
			}
			a.topic = tp.ID
			return a, nil
		case looksLikeClock(w):
			hm, ok := ParseClock(w)
			if !ok {
				return a, c.fail("sub.badtime", quote(w))
			}
			err = set("time", w, hm, &a.time)
		default:
			zone, zerr := ParseZone(w)
			if zerr != nil {
				return a, c.fail("sub.badzone", quote(w))
			}
			err = set("zone", w, zone, &a.zone)
		}
		if err != nil {
			return a, err
		}
	}
	return a, nil
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
