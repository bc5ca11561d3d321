// Package web is steady's local web app and JSON API: the pages a person
// uses in the browser (write with live feedback, triage their message, the
// contact's rhythm and charts, no contact, holds, journal, call planner,
// settings, privacy) and the /api/v1/ endpoints the pages and other
// programs call, over the same services as the CLI.
//
// It depends on the domain's service interfaces (package steady), the
// analyzer, the advice and import services, the history maths and the
// importer; never
// on a concrete store — cmd/steady wires the sqlite store in. Routes live in
// one file (routes.go); errors become HTTP statuses in one place
// (errors.go). Templates and static assets are embedded, parsed and
// checksummed at start-up, so a broken template stops the server from
// starting rather than failing a page later.
//
// Security (see docs/API.md): the server is meant for loopback; cmd/steady
// refuses any other address unless the user has set a password, and then
// every page and endpoint requires a login. Session cookies are HttpOnly and
// SameSite=Strict (Secure under TLS); every state-changing request from a
// page carries a CSRF token; cross-origin browser requests are refused; the
// Host header is checked on loopback against DNS rebinding; responses carry
// a Content-Security-Policy without inline script; bodies are size-limited.
package web
