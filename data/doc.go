// Package data holds the embedded paper set and its taxonomy, and reads and
// validates papers files of the same schema.
//
// A papers file is JSON Lines: one paper object per line. Blank lines and
// lines starting with '#' are ignored, so a lab can comment its own file.
// Every problem is reported with the file name, the line and the field, and a
// file with any problem is rejected whole: the bot never serves half a set.
package data
