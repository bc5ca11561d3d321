#!/usr/bin/env bash
# The whole test suite, on a fresh machine: installs what it needs, then
# runs formatting, vet, staticcheck, deadcode, go mod tidy and every test
# with the race detector.
# .ci/run calls this script (it is the test command in README.md).
set -euo pipefail
cd "$(dirname "$0")/.."

export PATH="$(go env GOPATH)/bin:$PATH"
export CGO_ENABLED="${CGO_ENABLED:-1}" # the race detector needs cgo; steady itself builds without

if ! command -v staticcheck >/dev/null 2>&1; then
	echo "test.sh: installing staticcheck"
	go install honnef.co/go/tools/cmd/staticcheck@v0.8.2
fi
if ! command -v deadcode >/dev/null 2>&1; then
	echo "test.sh: installing deadcode"
	go install golang.org/x/tools/cmd/deadcode@v0.53.0
fi
# Browser tests drive Debian's Chromium (see web/e2e).
if [ -d web/e2e ] && ! command -v chromium >/dev/null 2>&1; then
	echo "test.sh: installing chromium"
	if [ "$(id -u)" = 0 ]; then
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
	else
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
	fi
fi

echo "test.sh: gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go') 2>&1 || true)
if [ -n "$unformatted" ]; then
	echo "gofmt would change:"; echo "$unformatted"; exit 1
fi
echo "test.sh: go vet"
go vet ./...
echo "test.sh: staticcheck"
staticcheck ./...
# The generator of analyze/snapshot.go builds only without the snapshot.
go vet -tags nosnapshot ./analyze/...
staticcheck -tags nosnapshot ./analyze/...
# Every function must be reached by a program or a test. (Without -test
# it also lists what only tests use: the test helpers, and what tests of
# behaviour call, such as history/style.go; look at that list when you
# delete.)
echo "test.sh: deadcode"
dead=$(deadcode -test ./...)
if [ -n "$dead" ]; then
	echo "deadcode: unreachable:"; echo "$dead"; exit 1
fi
echo "test.sh: go mod tidy"
go mod tidy -diff
echo "test.sh: go build (no cgo)"
CGO_ENABLED=0 go build -o /dev/null ./cmd/steady
echo "test.sh: go test -race"
go test -race -count=1 -timeout 30m ./...
