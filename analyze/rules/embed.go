// Package rules holds steady's default rule data: the rule catalogue with
// its settings (catalog.yml), contractions and word classes (words.yml) and
// the phrase lists (lists/*.yml). It is data only; package analyze compiles
// it. docs/RULES.md describes the format, and a user folder passed with
// --rules adds to or overrides any of it.
package rules

import "embed"

// FS is the embedded default rule data.
//
//go:embed catalog.yml words.yml lists/*.yml
var FS embed.FS
