// Package data holds the embedded paper set and its taxonomy, and reads and
// validates papers files of the same schema.
//
// A papers file is JSON Lines: one paper object per line. Blank lines and
// lines starting with '#' are ignored, so a lab can comment its own file.
// Every problem is reported with the file name, the line and the field, and a
// file with any problem is rejected whole: the bot never serves half a set.
//
// Reported numbers carry their protocol: the ImageNet field is the linear
// top-1 of a plain ResNet-50 with its epochs, batch and multi-crop, and
// Results hold the paper's other ImageNet-1k numbers with their evaluation
// and backbone. A zero or empty protocol field means "not recorded", never
// "none". Method records design choices (negatives, momentum encoder,
// predictor, masking, target ...) from a closed set of values, and a topic's
// Core lists the papers of its main line.
package data
