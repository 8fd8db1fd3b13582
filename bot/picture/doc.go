// Package picture draws the bot's pictures as PNG: the lineage map of a
// topic or a paper (Map) and a reader's progress chart (Progress). It
// knows no chat platform and no reader store: the bot hands it what to
// draw, with every word already in the reader's language.
//
// The map is laid out by Graphviz's dot engine (github.com/goccy/go-graphviz:
// Graphviz compiled to WebAssembly and run by wazero) and drawn here with
// github.com/fogleman/gg from the layout's coordinates; Graphviz's own PNG
// renderer is not used. The chart's bars are drawn by gonum.org/v1/plot,
// its calendar strip with gg. All text uses one embedded font
// (fonts/paperbot-sans.ttf: Go Regular plus the Chinese characters the
// pictures need; scripts/fonts.sh makes it).
//
// go-graphviz compiles its WebAssembly module when the process starts (in
// its package init), caching the compiled code under os.TempDir()/go-graphviz
// so later starts load it instead. Its one module instance is shared by the
// whole process and is not safe for concurrent use, so every Graphviz call
// here takes one package-wide lock; drawing runs outside it. That module's
// memory only grows: go-graphviz never frees the strings it passes in nor
// the output it reads back (7 to 62 KB a layout, see docs/BENCHMARKS.md),
// one more reason to keep drawn pictures in a cache.
package picture
