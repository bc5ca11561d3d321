#!/usr/bin/env bash
# End-to-end speed measurements behind docs/PERFORMANCE.md: the built
# binary, single core where the target says so, best of several runs (these
# machines are shared and noisy). Needs ../shared (or $STEADY_SHARED_DIR).
# Takes a few minutes; writes only under a temp folder.
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${STEADY_SHARED_DIR:-../shared}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
runs="${RUNS:-5}"
ROUNDS="${ROUNDS:-100}"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(go version | cut -d' ' -f3)"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
CGO_ENABLED=0 go build -o "$work/steady" ./cmd/steady
steady="$work/steady"

# best prints the smallest wall time of a command run $runs times, in ms.
# The clock is bash's own ($EPOCHREALTIME): timing with date(1) would add
# the start of a date process, milliseconds on this VM, to every run.
best() {
	local min="" t0 t1
	for _ in $(seq "$runs"); do
		t0=$EPOCHREALTIME
		"$@" >/dev/null 2>&1 || true
		t1=$EPOCHREALTIME
		min=$(awk -v a="$t0" -v b="$t1" -v m="$min" 'BEGIN { d = (b - a) * 1000; if (m == "" || d < m) m = d; printf "%.1f", m }')
	done
	echo "$min"
}

echo
echo "== audit over GoEmotions train, one core"
cut -f1 "$shared/data/goemotions/train.tsv" > "$work/goemotions.txt"
bytes=$(stat -c %s "$work/goemotions.txt")
ms=$(GOMAXPROCS=1 best "$steady" audit --reply --at 2026-11-25T14:00:00Z "$work/goemotions.txt")
echo "$bytes bytes in $ms ms: $(awk "BEGIN{printf \"%.1f\", $bytes/1e6/($ms/1000)}") MB/s (best of $runs)"

echo
echo "== process start alone: steady help (runtime and package initialisation)"
echo "$(best "$steady" help) ms (best of $runs)"

echo
echo "== a plain check, end to end (process start included)"
echo "Can you pick Sam up at 5pm on Friday?" > "$work/draft.txt"
echo "$(STEADY_DATA_DIR="$work/none" best "$steady" check --reply "$work/draft.txt") ms (best of $runs)"

echo
echo "== a WhatsApp export of 1,000,000 messages"
go run ./internal/chatgen/cmd/chatgen -n 1000000 -o "$work/chat1m.txt"
echo "$(stat -c %s "$work/chat1m.txt") bytes"
export STEADY_DATA_DIR="$work/data"
for i in 1 2 3; do
	rm -rf "$STEADY_DATA_DIR"
	/usr/bin/time -f "import: %e s wall, %M KB peak RSS" "$steady" import --contact "Alex Roe" --tz UTC "$work/chat1m.txt" >/dev/null
done
echo "stats: $(best "$steady" stats --json "Alex Roe") ms (best of $runs)"
echo "check --contact: $(best "$steady" check --contact "Alex Roe" "$work/draft.txt") ms (best of $runs)"

echo
echo "== whole commands, taking turns ($ROUNDS rounds), beside the floor they stand on"
# An empty Go program is what any Go command costs to start and end here;
# 'check --help' is steady's own start (every package initialised).
mkdir -p "$work/empty"
printf 'package main\n\nfunc main() {}\n' > "$work/empty/main.go"
(cd "$work/empty" && GO111MODULE=off CGO_ENABLED=0 go build -o "$work/empty/empty" .)
go build -o "$work/interleave" ./internal/cmd/interleave
"$work/interleave" -n "$ROUNDS" \
	"$work/empty/empty" \
	"$steady check --help" \
	"$steady|check|--data|$work/none|$work/draft.txt" \
	"$steady|check|--contact|Alex Roe|$work/draft.txt"
