#!/usr/bin/env bash
# The API under load, side by side with a bare net/http server, for
# docs/PERFORMANCE.md (issue 13): wrk with 2 threads and 32 connections
# posts the same check to `steady serve` (without a contact, and with one
# of 100,000 messages) and to internal/cmd/bareserver, which only decodes
# the same JSON and answers with a body of the size of steady's answer.
# The three take turns for ROUNDS rounds of SECONDS each (default 5 and
# 10), so that the noise of a shared machine falls on all of them alike;
# each round prints requests/s, p50 and p99, the CPU the server used for
# each request, and the ratio of steady's throughput to the bare
# server's in that round. With OLD=<git revision>, that revision's steady
# serve (on a copy of the same data folder) takes its turn too, without a
# contact: before and after in one run. Needs wrk (apt-get install wrk).
# Writes only under a temp folder; uses ports 17777, 17778 and 17780.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${ROUNDS:-5}"
seconds="${SECONDS_EACH:-10}"
work="$(mktemp -d)"
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(go version | cut -d' ' -f3), wrk $(wrk -v 2>&1 | head -1 | cut -d' ' -f2)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
CGO_ENABLED=0 go build -o "$work/steady" ./cmd/steady
CGO_ENABLED=0 go build -o "$work/bareserver" ./internal/cmd/bareserver
if [ -n "${OLD:-}" ]; then
	mkdir "$work/old"
	git archive "$OLD" | tar -x -C "$work/old"
	(cd "$work/old" && CGO_ENABLED=0 go build -o "$work/steady-old" ./cmd/steady)
fi
go run ./internal/chatgen/cmd/chatgen -n 100000 -o "$work/chat.txt"
export STEADY_DATA_DIR="$work/data"
"$work/steady" import --contact "Alex Roe" --tz UTC "$work/chat.txt" >/dev/null

draft='"text": "Can you have Sam ready at 5pm on Friday, with his school bag? You never remember the bag.", "goal": "kids"'
printf '{%s}' "$draft" >"$work/none.json"
printf '{%s, "contact": "Alex Roe"}' "$draft" >"$work/contact.json"
cat >"$work/post.lua" <<'EOF'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open(os.getenv("BODY"))
wrk.body = f:read("*a")
f:close()
EOF

"$work/steady" serve --addr 127.0.0.1:17777 >"$work/serve.log" 2>&1 &
pids+=($!)
steady_pid=$!
for _ in $(seq 50); do curl -s -o /dev/null http://127.0.0.1:17777/ && break; sleep 0.1; done
curl -s -X POST -H 'Content-Type: application/json' --data-binary @"$work/none.json" http://127.0.0.1:17777/api/v1/check >"$work/answer.json"
"$work/bareserver" -addr 127.0.0.1:17780 -reply "$work/answer.json" >/dev/null 2>&1 &
pids+=($!)
bare_pid=$!
if [ -n "${OLD:-}" ]; then
	cp -r "$STEADY_DATA_DIR" "$work/data-old"
	STEADY_DATA_DIR="$work/data-old" "$work/steady-old" serve --addr 127.0.0.1:17778 >"$work/serve-old.log" 2>&1 &
	pids+=($!)
	old_pid=$!
	for _ in $(seq 50); do curl -s -o /dev/null http://127.0.0.1:17778/ && break; sleep 0.1; done
	BODY="$work/none.json" wrk -t2 -c32 -d2s -s "$work/post.lua" http://127.0.0.1:17778/api/v1/check >/dev/null
fi
for _ in $(seq 50); do curl -s -o /dev/null -X POST --data-binary @"$work/none.json" http://127.0.0.1:17780/api/v1/check && break; sleep 0.1; done
echo "answer: $(wc -c <"$work/answer.json") bytes"

# ticks is the CPU time of a process so far, in clock ticks.
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

# load NAME PORT PID BODY runs wrk once and prints a line; it leaves the
# requests per second in $rps.
load() {
	local name=$1 port=$2 pid=$3 body=$4 t0 t1 out n
	t0=$(ticks "$pid")
	out=$(BODY="$body" wrk -t2 -c32 -d"${seconds}s" --latency -s "$work/post.lua" "http://127.0.0.1:$port/api/v1/check")
	t1=$(ticks "$pid")
	rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
	n=$(awk '/requests in/ {print $1}' <<<"$out")
	printf '%-16s %9.0f req/s  p50 %-8s p99 %-8s  %5.1f µs CPU/request  %s\n' "$name" "$rps" \
		"$(awk '$1 == "50%" {print $2}' <<<"$out")" "$(awk '$1 == "99%" {print $2}' <<<"$out")" \
		"$(awk -v t=$((t1 - t0)) -v hz="$hz" -v n="$n" 'BEGIN {print t / hz / n * 1e6}')" \
		"$(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr -s ' ' | tr '\n' ' ')"
}

# Warm both up: the analyzer builds its word memo after 64 checks.
BODY="$work/none.json" wrk -t2 -c32 -d2s -s "$work/post.lua" http://127.0.0.1:17777/api/v1/check >/dev/null
BODY="$work/none.json" wrk -t2 -c32 -d2s -s "$work/post.lua" http://127.0.0.1:17780/api/v1/check >/dev/null

for r in $(seq "$rounds"); do
	echo "== round $r (load $(cut -d' ' -f1 /proc/loadavg))"
	load "bare net/http" 17780 "$bare_pid" "$work/none.json"
	bare=$rps
	load "steady" 17777 "$steady_pid" "$work/none.json"
	none=$rps
	load "steady, contact" 17777 "$steady_pid" "$work/contact.json"
	awk -v b="$bare" -v s="$none" -v c="$rps" 'BEGIN {printf "ratio to bare: %.2f without a contact, %.2f with one\n", s / b, c / b}'
	if [ -n "${OLD:-}" ]; then
		load "steady@$OLD" 17778 "$old_pid" "$work/none.json"
		awk -v b="$bare" -v s="$rps" 'BEGIN {printf "ratio to bare: %.2f (the old steady, without a contact)\n", s / b}'
	fi
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
if grep -q 'level=ERROR' "$work/serve.log"; then
	echo "steady serve logged errors:"
	grep 'level=ERROR' "$work/serve.log" | head -5
fi
