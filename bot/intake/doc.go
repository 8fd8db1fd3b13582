// Package intake grows the paper set from arXiv: a harvest asks a Source
// (the arXiv adapter) for the papers submitted since the last one, decides
// for each new paper whether it belongs in the set (the ranking core's
// Classify: a score, topics, builds_on links and a reason), and keeps every
// decision in the Store, so a paper is considered once however often it
// is listed. Accepted papers are published into the searchable set at once;
// with review by admins, candidates wait in a queue for Accept or Reject.
//
// Papers are keyed by their arXiv id without version. A later version
// updates the stored title, abstract and authors and is never announced
// again. A harvest stores each page in one transaction and moves its
// window (the newest submission seen) only when it ends, so a harvest cut
// short is simply done again, and nothing is stored twice.
package intake
