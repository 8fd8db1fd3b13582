// Package recommend is the bot's recommendation core: it ranks the papers of
// a data.Set for free-text queries in English and Chinese, looks papers and
// topics up by name, orders reading paths, and picks papers for one reader
// from their history. It keeps no state between calls and knows nothing of
// chats, storage or platforms.
//
// Ranking is field-weighted BM25 (BM25F) over names (id and aliases),
// title, keywords, topic names, authors, both summaries, venue and year.
// Text is normalised the same way on both sides: case, full-width forms and
// Latin accents are folded, punctuation separates words, letters and digits
// are split and a version "v" dropped ("MoCov2" = "MoCo-v2" = "moco v2"),
// hyphenated and multi-word names also get a joined form ("pre-training" =
// "pretraining"), a negation joins the word it negates ("non-contrastive",
// "no negatives", "非对比"), British spellings become American and a light
// stemmer merges inflections. Chinese, Japanese and Korean text is cut into
// character bigrams, so no dictionary is needed.
//
// A query word the index does not know is corrected to the indexed words one
// or two edits away (a symmetric-delete index); a name or title a few edits
// away is found through a q-gram index (fuzzy.go). Query words that name a
// topic of the taxonomy, by name or synonym in either language, add that
// topic's papers with a boost and its other names as weaker terms, which is
// also how a Chinese query reaches papers with English text only. Papers
// whose name or title is the whole query rank first; a name inside a longer
// query, neighbouring query words that are neighbours in a title, name,
// keyword or author, and a small prior for papers the reading list leans on
// (seed papers, papers many others build on) adjust the rest.
//
// The index is compact: posting lists lie back to back as varint document
// gaps with 16-bit precomputed BM25F weights, terms and names live in arenas
// with open-addressing tables, and large sets are tokenized by several
// goroutines. A query touches only the postings of its terms, accumulates
// into pooled per-query memory and keeps its best candidates in a small
// heap; so do the rankings for one reader, whose read, saved and dismissed
// papers become flags in that memory. What to read next walks the papers
// grouped by topic in order of popularity, only as far as they can still
// make the page.
package recommend
