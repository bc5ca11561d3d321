// Package analyze is steady's engine: it checks a draft message against the
// coaching method and returns findings, signals and one verdict.
//
// It is pure: text and a Context go in, a Result comes out. It reads no
// clock, file or network; rules and word lists are compiled once from an
// fs.FS (the embedded defaults in package rules, optionally overlaid with a
// user folder) by New, and an *Analyzer is safe for concurrent use.
package analyze

// snapshot.go is the embedded rules compiled to Go (see snapshot_gen.go).
//go:generate go run -tags nosnapshot ./internal/gensnapshot
