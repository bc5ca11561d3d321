// Package model reads emotion and hostility from a draft with a small
// linear model whose weights are embedded in the binary.
//
// The model is a set of logistic-regression heads (emotional, hostile,
// anger, hurt, longing, anxiety, offensive, positive) over one shared table
// of hashed features: word unigrams (plain, and marked when inside the
// scope of a negation), word bigrams, character 3–5-grams of each word
// with boundary marks, and indicator features for ALL-CAPS words,
// elongated words, emoji, and single or repeated "!" and "?". Feature
// counts are scaled by 1/sqrt(number of features) so long and short texts
// score on one scale.
//
// Inference is pure and allocation-free: FNV-1a hashing over the lowercased
// bytes on the fly, a fixed-size buffer, one table row of int8 weights per
// feature (all heads side by side in one cache line), no maps and no regular
// expressions. A *Model is immutable after Load and safe for concurrent use.
//
// The weights are trained by cmd/steady-train (see package model/train) from
// the train splits of the corpora in ../shared/data, with thresholds chosen
// on their dev splits; docs/ACCURACY.md has the numbers and the commands.
package model
