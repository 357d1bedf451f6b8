#!/usr/bin/env bash
# The PostgreSQL query log at a branch network's scale: a throw-away PostgreSQL cluster on loopback, then
#   1. SECONDS (60) of 20 branches appending at once through the store (binary COPY, rollups, per-branch sequence),
#   2. ROWS (10,000,000) rows loaded straight into the tables (a setup step), and the dashboard's searches timed.
# Usage: benchmarks/e2e/postgres-ingest.sh [SECONDS] [ROWS] [BRANCHES]   (Debian's postgresql package; as root the
# server runs as the postgres user; SKIP_INGEST=1 runs the searches only). The cluster is durable (fsync on, synchronous_commit on), shared_buffers 1 GB.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
rows=${2:-10000000}
branches=${3:-20}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
dir=$(mktemp -d /tmp/homefilter-pgbench-XXXXXX)
port=${PORT:-55439}
as=()
if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; as=(runuser -u postgres --); fi
"${as[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
shared_buffers = 1GB
max_wal_size = 8GB
checkpoint_timeout = 15min
max_connections = 100
CONF
"${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start >/dev/null
trap '"${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null; rm -rf "$dir"' EXIT
"$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres ingest
"$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres searches
dotnet build -c Release benchmarks/HomeFilter.Benchmarks >/dev/null
run=(dotnet benchmarks/HomeFilter.Benchmarks/bin/Release/net10.0/HomeFilter.Benchmarks.dll)
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; PostgreSQL $("$bin/postgres" --version | awk '{print $3}')"
[ -n "${SKIP_INGEST:-}" ] || "${run[@]}" postgres-ingest "Host=127.0.0.1;Port=$port;Username=postgres;Database=ingest;Maximum Pool Size=4" "$seconds" "$branches"
"${run[@]}" postgres-searches "Host=127.0.0.1;Port=$port;Username=postgres;Database=searches" "$rows"
