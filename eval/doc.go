// Package eval scores steady on labeled corpora: it reads each corpus in
// ../shared/data in its own format (quirks included, as each SOURCE.md
// describes), turns it into binary examples for a named task, runs a
// Predictor over them and reports precision, recall, F1, macro-F1, accuracy
// and the base rate.
//
// eval does not import the analyzer. A Predictor is a small func that the
// caller writes as a closure over analyze.Analyzer.Run, so the numbers come
// from the analyzer's own output (signals.emotional, signals.hostile and the
// verdict) — the same values its rules use — and eval stays importable by
// the model trainer, which predicts from the model alone.
//
// The corpora without an official dev file (OLID, Davidson, Stanford
// politeness, SMS) get a deterministic dev split of our own: see InDev.
package eval
