package bot

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/paperbot/paperbot/data"
)

// A score is one ImageNet-1k number of a paper with its protocol: the
// reading list's ResNet-50 linear number (data.ImageNet) or one of the
// paper's other results.
type score struct {
	p *data.Paper
	r data.Result
}

// scoresOf lists a paper's numbers, the ResNet-50 linear one first.
func scoresOf(p *data.Paper) []score {
	var out []score
	if in := p.ImageNet; in != nil {
		out = append(out, score{p, data.Result{Eval: "linear", Top1: in.Top1, Backbone: cmp.Or(in.Backbone, "ResNet-50"),
			Epochs: in.Epochs, Batch: in.Batch, MultiCrop: in.MultiCrop, Note: in.Note, Source: in.Source}})
	}
	for _, r := range p.Results {
		out = append(out, score{p, r})
	}
	return out
}

// boardFilter is what /leaderboard's arguments ask for. Empty fields
// match anything.
type boardFilter struct {
	listed   bool   // only the reading list's own column (data.ImageNet)
	eval     string // one of data.Evals
	backbone string // "vit" or "resnet": a family; exact: a backbone as written
	exact    bool
	epochs   int
}

// parseBoard reads /leaderboard's arguments: an evaluation (linear, knn,
// finetune, semi-1%, …), a backbone family (vit, resnet) or name
// (vit-b/16, resnet-50), and a schedule ("200ep"). With no evaluation it is
// linear; with neither an evaluation nor a backbone it is the reading
// list's own table, a plain ResNet-50 under linear evaluation; with no
// arguments at all, only the number the reading list quotes per paper.
func parseBoard(args []string) (boardFilter, string, bool) {
	var f boardFilter
	for _, a := range args {
		w := strings.ToLower(a)
		switch {
		case w == "vit" || w == "resnet" || w == "r50" || w == "rn50":
			f.backbone = map[string]string{"vit": "vit", "resnet": "resnet", "r50": "resnet-50", "rn50": "resnet-50"}[w]
			f.exact = strings.Contains(f.backbone, "-")
		case strings.HasPrefix(w, "vit-") || strings.HasPrefix(w, "resnet-"):
			f.backbone, f.exact = w, true
		case evalAlias[w] != "":
			f.eval = evalAlias[w]
		case strings.HasSuffix(w, "ep") || strings.HasSuffix(w, "epochs"):
			n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSuffix(w, "epochs"), "ep"))
			if err != nil || n <= 0 || n > 100000 {
				return f, a, false
			}
			f.epochs = n
		default:
			return f, a, false
		}
	}
	if len(args) == 0 {
		f.listed = true
	}
	if f.eval == "" {
		if f.backbone == "" {
			f.backbone, f.exact = "resnet-50", true
		}
		f.eval = "linear"
	}
	return f, "", true
}

// evalAlias maps what a researcher types to data.Evals.
var evalAlias = map[string]string{
	"linear": "linear", "lin": "linear", "线性": "linear",
	"knn": "knn", "k-nn": "knn",
	"attentive": "attentive",
	"finetune":  "finetune", "fine-tune": "finetune", "ft": "finetune", "微调": "finetune",
	"semi": "semi-1%", "semi-1%": "semi-1%", "1%": "semi-1%", "semi-10%": "semi-10%", "10%": "semi-10%",
}

func (f boardFilter) match(s score) bool {
	b := strings.ToLower(s.r.Backbone)
	switch {
	case s.r.Eval != f.eval:
		return false
	case f.exact && b != f.backbone:
		return false
	case !f.exact && f.backbone != "" && !strings.HasPrefix(b, f.backbone):
		return false
	case f.epochs > 0 && s.r.Epochs != f.epochs:
		return false
	}
	return true
}

// cmdLeaderboard ranks the set's ImageNet-1k numbers under one
// evaluation, with the protocol of each in columns.
func cmdLeaderboard(c *call, out *Reply) error {
	f, bad, ok := parseBoard(c.cmd.Args)
	if !ok {
		return c.fail("lb.filter", truncateBytes(bad, 40))
	}
	var rows []score
	for i := range c.set.Papers {
		for j, s := range scoresOf(&c.set.Papers[i]) {
			if f.listed && (j > 0 || s.p.ImageNet == nil) {
				break
			}
			if f.match(s) {
				rows = append(rows, s)
			}
		}
	}
	slices.SortStableFunc(rows, func(a, b score) int {
		return cmp.Or(cmp.Compare(b.r.Top1, a.r.Top1), cmp.Compare(a.p.Year, b.p.Year))
	})
	label := c.evalName(f.eval)
	if len(rows) == 0 {
		out.Intro = c.t("lb.none", label)
		return nil
	}
	out.Intro = c.t("leaderboard", label)
	grid := [][]string{{"#", "top-1", c.t("field.method"), c.t("field.backbone"), c.t("field.epochs"), c.t("field.batch"), c.t("field.crops")}}
	unknown := false
	seen := map[string]bool{}
	for i, s := range rows {
		mark := ""
		if _, ok := c.r.Read[s.p.ID]; ok {
			mark = "✓"
		}
		ep, batch, crops := c.protocolCells(s.r)
		unknown = unknown || ep == "—" || batch == "—" || crops == "—"
		grid = append(grid, []string{strconv.Itoa(i + 1), strconv.FormatFloat(s.r.Top1, 'f', 1, 64),
			mark + s.p.ShortName(), s.r.Backbone, ep, batch, crops})
		if !seen[s.p.ID] {
			seen[s.p.ID] = true
			out.Papers = append(out.Papers, c.item(s.p, ""))
		}
	}
	out.Pre = table(grid)
	out.Listed = true
	var notes []string
	if unknown {
		notes = append(notes, c.t("lb.unknown"))
	}
	if f.listed && len(c.set.References) > 0 {
		notes = append(notes, c.t("leaderboard.refs"))
		for _, r := range c.set.References {
			notes = append(notes, fmt.Sprintf("%s: %.1f (%s)", r.Label.In(c.lang), r.Top1, r.Note.In(c.lang)))
		}
	}
	notes = append(notes, c.t("lb.filters"))
	out.Outro = strings.Join(notes, "\n")
	return nil
}

// protocolCells are a number's epochs, batch size and multi-crop as table
// cells, "—" where the protocol is not recorded.
func (c *call) protocolCells(r data.Result) (string, string, string) {
	ep, batch, crops := "—", "—", "—"
	if r.Epochs > 0 {
		ep = strconv.Itoa(r.Epochs)
	}
	if r.Batch > 0 {
		batch = strconv.Itoa(r.Batch)
	}
	switch r.MultiCrop {
	case "yes":
		crops = c.t("yes")
	case "no":
		crops = c.t("no")
	}
	return ep, batch, crops
}

// evalName names an evaluation in the reader's language.
func (c *call) evalName(eval string) string {
	if s := c.t("eval." + eval); !strings.HasPrefix(s, "eval.") {
		return s
	}
	return eval
}

// compareNumbers lists the numbers of a and b measured under the same
// protocol (evaluation, backbone and epochs, recorded for both), or says
// why none are comparable.
func (c *call) compareNumbers(a, b *data.Paper) (out string) {
	sa, sb := scoresOf(a), scoresOf(b)
	if len(sa) == 0 || len(sb) == 0 {
		return c.t("cmp.nonumbers")
	}
	lines := []string{c.t("cmp.numbers")}
	for _, x := range sa {
		for _, y := range sb {
			if x.r.Eval != y.r.Eval || x.r.Backbone != y.r.Backbone || x.r.Epochs != y.r.Epochs || x.r.Epochs == 0 {
				continue
			}
			lines = append(lines, c.t("cmp.same", c.evalName(x.r.Eval), x.r.Backbone, x.r.Epochs,
				a.ShortName(), x.r.Top1, b.ShortName(), y.r.Top1))
		}
	}
	if len(lines) > 1 {
		return strings.Join(lines, "\n")
	}
	// Nothing matches: say what differs between the closest pair.
	x, y := closestPair(sa, sb)
	var why string
	defer func() {
		out += "\n" + c.scoreLine(x) + "\n" + c.scoreLine(y)
	}()
	switch {
	case x.r.Eval != y.r.Eval:
		why = c.t("cmp.diff", c.evalName(x.r.Eval), c.evalName(y.r.Eval))
	case x.r.Backbone != y.r.Backbone:
		why = c.t("cmp.diff", x.r.Backbone, y.r.Backbone)
	case x.r.Epochs == 0 && y.r.Epochs == 0:
		why = c.t("cmp.noepochs", x.p.ShortName()+", "+y.p.ShortName())
	case x.r.Epochs == 0:
		why = c.t("cmp.noepochs", x.p.ShortName())
	case y.r.Epochs == 0:
		why = c.t("cmp.noepochs", y.p.ShortName())
	default:
		why = c.t("cmp.epochs", x.r.Epochs, y.r.Epochs)
	}
	return c.t("cmp.notcomp", why)
}

// scoreLine is one number with its protocol: "MAE: 83.6, fine-tuning,
// ViT-B/16, 1600 epochs".
func (c *call) scoreLine(s score) string {
	ep := c.t("cmp.noep")
	if s.r.Epochs > 0 {
		ep = c.t("cmp.ep", s.r.Epochs)
	}
	return fmt.Sprintf("%s: %.1f, %s, %s, %s", s.p.ShortName(), s.r.Top1, c.evalName(s.r.Eval), s.r.Backbone, ep)
}

// scoreText is a number on a paper's card with its whole protocol:
// "71.1% linear evaluation, ResNet-50, 800 epochs, batch 256, no
// multi-crop (note); source: …", or "protocol not recorded".
func (c *call) scoreText(s score) string {
	parts := []string{c.evalName(s.r.Eval), s.r.Backbone}
	if s.r.Epochs > 0 {
		parts = append(parts, c.t("cmp.ep", s.r.Epochs))
	}
	if s.r.Batch > 0 {
		parts = append(parts, c.t("proto.batch", s.r.Batch))
	}
	switch s.r.MultiCrop {
	case "yes":
		parts = append(parts, c.t("proto.crops"))
	case "no":
		parts = append(parts, c.t("proto.nocrops"))
	}
	if s.r.Epochs == 0 && s.r.Batch == 0 && s.r.MultiCrop == "" {
		parts = append(parts, c.t("proto.none"))
	}
	v := strconv.FormatFloat(s.r.Top1, 'f', -1, 64) + "% " + strings.Join(parts, ", ")
	if s.r.Note != "" {
		v += " (" + s.r.Note + ")"
	}
	if s.r.Source != "" {
		v += "; " + c.t("source", s.r.Source)
	}
	return v
}

// closestPair is the pair of numbers that differ least: the same
// evaluation before the same backbone.
func closestPair(sa, sb []score) (score, score) {
	best, bx, by := -1, sa[0], sb[0]
	for _, x := range sa {
		for _, y := range sb {
			n := 0
			if x.r.Eval == y.r.Eval {
				n += 2
			}
			if x.r.Backbone == y.r.Backbone {
				n++
			}
			if n > best {
				best, bx, by = n, x, y
			}
		}
	}
	return bx, by
}

// methodRows are the design choices of a and b that differ, as table
// rows; design choices recorded for neither are left out.
func (c *call) methodRows(a, b *data.Paper) [][]string {
	ma, mb := a.Method, b.Method
	if ma == nil {
		ma = &data.Method{}
	}
	if mb == nil {
		mb = &data.Method{}
	}
	fields := []struct {
		key  string
		x, y string
	}{
		{"field.negatives", ma.Negatives, mb.Negatives},
		{"field.momentum", ma.Momentum, mb.Momentum},
		{"field.predictor", ma.Predictor, mb.Predictor},
		{"field.stopgrad", ma.StopGrad, mb.StopGrad},
		{"field.clustering", ma.Clustering, mb.Clustering},
		{"field.masking", ma.Masking, mb.Masking},
		{"field.target", ma.Target, mb.Target},
		{"field.backbone", ma.Backbone, mb.Backbone},
	}
	var rows [][]string
	for _, f := range fields {
		if f.x == f.y {
			continue
		}
		rows = append(rows, []string{c.t(f.key), c.methodValue(f.x), c.methodValue(f.y)})
	}
	return rows
}

// methodValue shows a design choice: yes and no in the reader's language,
// "—" when not recorded, other values as they are.
func (c *call) methodValue(v string) string {
	switch v {
	case "":
		return "—"
	case "yes", "no":
		return c.t(v)
	}
	if s := c.t("val." + v); !strings.HasPrefix(s, "val.") {
		return s
	}
	return v
}
