#!/usr/bin/env bash
# End-to-end throughput, latency, load time and memory of HomeFilter beside unbound, dnsmasq, dnsdist…
# Publishes HomeFilter (Release) and drops it into ../shared/tools/peer-bench as the candidate, so every
# figure comes from one run on one machine. Arguments and knobs are peer-bench's (see its README), e.g.
#   PEERS="unbound" benchmarks/e2e/peer-bench.sh 100000
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${PUBLISH_DIR:-/tmp/homefilter-publish}
dotnet publish "$root/src/HomeFilter" -c Release -o "$out" >/dev/null
export CANDIDATE_NAME=${CANDIDATE_NAME:-homefilter}
# One category holding the benchmark's list; admin off; warnings only, so logging costs nothing per query.
export CANDIDATE_CMD="exec dotnet $out/HomeFilter.dll --listen \"\$BENCH_LISTEN_ADDR:\$BENCH_LISTEN_PORT\" --HomeFilter:RateLimit:Enabled=false --upstream \"\$BENCH_UPSTREAM\" --data \"\$BENCH_WORKDIR/data\" --HomeFilter:Admin:Enabled=false --HomeFilter:Blocklists:bench:0=\"\$BENCH_BLOCKLIST\" --Serilog:MinimumLevel:Default=Warning"
exec "${PEER_BENCH:-$root/../shared/tools/peer-bench/run.sh}" "$@"
