#!/usr/bin/env bash
# What a crash loses from the query log: dnsperf sends RATE queries per second, HomeFilter is killed with SIGKILL
# after KILL_AFTER seconds, then started again on the same data directory. The restarted program's
# /api/querylog/status says how many answered queries the journal found missing and over which span; the script
# compares that with what dnsperf saw answered and what the log holds.
#   benchmarks/e2e/crash-loss.sh [RATE] [KILL_AFTER] [FLUSH_MS]     e.g. benchmarks/e2e/crash-loss.sh 3000 6 500
set -euo pipefail
rate=${1:-3000}
kill_after=${2:-6}
flush=${3:-500}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/homefilter-crash-XXXX)
out=${PUBLISH_DIR:-/tmp/homefilter-publish}
token=bench-token-0123456789abcdef
dns_port=${DNS_PORT:-5396}
upstream_port=${UPSTREAM_PORT:-5397}
admin_port=${ADMIN_PORT:-5398}
cleanup() { kill -9 "${hf:-}" 2>/dev/null || true; kill "${dm:-}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT

[ -f "$out/HomeFilter.dll" ] || dotnet publish "$root/src/HomeFilter" -c Release -o "$out" >/dev/null
dnsmasq --no-daemon --keep-in-foreground --no-resolv --no-hosts --bind-interfaces --listen-address=127.0.0.1 \
  --port="$upstream_port" --address=/bench/192.0.2.1 --cache-size=0 --log-facility=- --quiet-dhcp >/dev/null 2>&1 &
dm=$!
python3 -c "
for i in range(5000):
    print(f'host{i}.example.bench A')
" > "$work/queries"
start() {
  dotnet "$out/HomeFilter.dll" --listen "127.0.0.1:$dns_port" --upstream "127.0.0.1:$upstream_port" --data "$work/data" \
    --HomeFilter:Admin:Listen="http://127.0.0.1:$admin_port" --HomeFilter:Admin:Token="$token" --HomeFilter:RateLimit:Enabled=false \
    --HomeFilter:QueryLog:FlushMilliseconds="$flush" --Serilog:MinimumLevel:Default=Warning >>"$work/homefilter.log" 2>&1 &
  hf=$!
  for _ in $(seq 150); do curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$admin_port/api/querylog/status" >/dev/null 2>&1 && break; sleep 0.2; done
}
start
dnsperf -s 127.0.0.1 -p "$dns_port" -d "$work/queries" -Q "$rate" -l $((kill_after + 1)) -t 1 -c 4 -q 200 > "$work/dnsperf.txt" 2>&1 &
perf=$!
sleep "$kill_after"
kill -9 "$hf"; wait "$hf" 2>/dev/null || true
wait "$perf" || true
start
sleep 1
status=$(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$admin_port/api/querylog/status")
rows=$(sqlite3 -readonly "$work/data/querylog.db" "select count(*) from queries" 2>/dev/null || echo "?")
python3 - "$status" "$work/dnsperf.txt" "$rows" "$rate" "$flush" <<'PY'
import json, re, sys
from datetime import datetime
status, text, rows, rate, flush = json.loads(sys.argv[1]), open(sys.argv[2]).read(), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
completed = int(re.search(r"Queries completed:\s+(\d+)", text).group(1))
stop = status.get("uncleanStop")
if not stop:
    print("no unclean stop reported"); sys.exit(1)
parse = lambda t: datetime.fromisoformat(t.replace("Z", "+00:00"))
span = (parse(stop["toUtc"]) - parse(stop["fromUtc"])).total_seconds() * 1000
# The first query of the restart (the readiness probe is HTTP, not DNS) adds nothing; rows are the first run's.
print(f"rate {rate} q/s, FlushMilliseconds {flush}: dnsperf saw {completed} answered before the kill; {rows} rows stored; "
      f"reported missing {stop['missing']} over {span:.0f} ms (from the newest stored row to the last answered query); "
      f"answered - stored = {completed - int(rows) if rows != '?' else '?'}")
PY
