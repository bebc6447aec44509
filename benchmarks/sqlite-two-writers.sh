#!/usr/bin/env bash
# Two processes appending to one SQLite file, one entry per transaction (the `checkpoint` command beside a running host):
# whole-process wall time of both, this build's writer against an older build's, alternated round by round so a drift in
# the machine's load hits both alike. Before PRAGMA busy_timeout, each lost race costs Microsoft.Data.Sqlite's 150 ms sleep.
#   usage: benchmarks/sqlite-two-writers.sh [appends-per-process=300] [rounds=3]
# COMPLIANCEKIT_WRITER_BEFORE=<folder with an older build's ComplianceKit.WriterProcess.dll> (for example
# /work/bench/before/tests/ComplianceKit.WriterProcess/bin/Release/net10.0 after `dotnet build -c Release` there).
set -euo pipefail
appends=${1:-300}
rounds=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
[ -n "${COMPLIANCEKIT_SKIP_BUILD:-}" ] || dotnet build -c Release tests/ComplianceKit.WriterProcess -v q -nologo >/dev/null
declare -A writer=([after]=tests/ComplianceKit.WriterProcess/bin/Release/net10.0/ComplianceKit.WriterProcess.dll)
builds=(after)
if [ -n "${COMPLIANCEKIT_WRITER_BEFORE:-}" ]; then
  writer[before]=$COMPLIANCEKIT_WRITER_BEFORE/ComplianceKit.WriterProcess.dll
  builds=(before after)
fi
out=$(mktemp -d)
export BENCH_PKI_PASSWORD=bench-only
trap 'rm -rf "$out"' EXIT
# An empty ledger made once by this build's CLI and copied for every run: the processes then race only for the write lock.
cli=${COMPLIANCEKIT_CLI:-src/ComplianceKit.Cli/bin/Release/net10.0/ComplianceKit.Cli.dll}   # any build's CLI: the schema is the same
[ -n "${COMPLIANCEKIT_CLI:-}" ] || dotnet build -c Release src/ComplianceKit.Cli -v q -nologo >/dev/null
dotnet "$cli" init --db "$out/empty.db" --organization Bench --pki "$out/pki" --pki-password-env BENCH_PKI_PASSWORD >/dev/null
echo "$appends appends per process, 2 processes; $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$rounds"); do
  for build in "${builds[@]}"; do
    db="$out/$build-$round.db"
    cp "$out/empty.db" "$db"
    start=$(date +%s.%N)
    dotnet "${writer[$build]}" sqlite "Data Source=$db" - shared host 1 "$appends" 1 >/dev/null &
    first=$!
    dotnet "${writer[$build]}" sqlite "Data Source=$db" - shared command 1 "$appends" 1 >/dev/null &
    second=$!
    wait "$first" "$second"
    end=$(date +%s.%N)
    echo "round $round $build: $(echo "$end - $start" | bc) s"
  done
done
