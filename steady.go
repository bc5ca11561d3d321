// Package steady holds the domain of steady: the messages of a conversation
// with one contact, the rhythm learned from them, the state kept between
// checks (no-contact periods, holds, the unsent journal, call plans) and the
// coded error every layer returns. It imports only the standard library;
// the analyzer, the history maths, the importers, the store and the web app
// all depend on it and never on each other's concrete types.
package steady
