// Package model reads emotion and hostility from a draft with a small
// linear model whose weights are embedded in the binary.
//
// The model is a set of logistic-regression heads (emotional, hostile,
// anger, hurt, longing, anxiety, offensive, positive) over one shared table
// of hashed features. It reads a token stream, not raw text: the analyzer
// (package analyze) has already split the draft into words, lower-cased and
// hashed them, marked negation and found the emoji, and feeds those tokens
// to a Doc — so the model does none of that work again, and the trainer
// (cmd/steady-train/internal/train) reads its corpora through the very
// same tokenizer (analyze.Featurizer), so training and checking cannot
// drift apart.
//
// Features (FeatureVersion 3): for each word, its unigram and its character
// 4-grams with boundary marks — or, for a word in the scope of a negation,
// negated copies of both, hashed apart, so "not worried" does not carry the
// anxiety of "worried" — and each pair of consecutive words (bigrams, the
// first word paired with a start mark); plus marks for ALL-CAPS and
// elongated words; numbers, times, dates, money and links as their class;
// each emoji; runs of "!" and "?"; and a length bucket. Feature counts are scaled by
// 1/sqrt(number of features) so long and short texts score on one scale.
//
// Scoring is pure and allocation-free. Most of a word's features depend on
// the word alone, so for the words of the training vocabulary a model sums
// them once (the memo, vocab.go), after it has scored a few dozen texts,
// and scoring then adds that sum with one probe, confirming the word by a
// second hash: the memo changes the speed of scoring, never a score. Load
// uses the embedded weights in place, without a copy or a read of the
// whole file (a test checks them). A *Model's numbers never change after
// Load, and it is safe for concurrent use; a Doc is one text's scratch
// space.
//
// The weights are trained by cmd/steady-train from the train splits of the
// corpora in ../shared/data, with thresholds chosen on their dev splits;
// docs/ACCURACY.md has the numbers and the commands.
package model
