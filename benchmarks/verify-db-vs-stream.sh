#!/usr/bin/env bash
# Times `compliancekit verify --db` of a SQLite chain against its baseline, a streamed read of the same rows plus raw
# SHA-256 of the bytes verification hashes (`ComplianceKit.Benchmarks stream-sha256 <db>`, the code of VerifyBenchmarks'
# baseline), whole processes, alternated round by round so a drift in the machine's load hits both alike. Prints each
# run, the ratio of rates per round (baseline wall / verify wall: 1.0 is as fast as the baseline) and their median.
#   usage: benchmarks/verify-db-vs-stream.sh [entries=1000000] [rounds=5]
# COMPLIANCEKIT_CLI_BEFORE=<folder with an older build's ComplianceKit.Cli.dll> also times that build in every round, right
# after this one, for a before/after measured in the same run. This build is the tool as its package carries it (published,
# ReadyToRun for linux-x64); COMPLIANCEKIT_READYTORUN=false publishes it as plain IL, like a `dotnet build` before, to compare
# code alone. The jitted column counts the methods each process compiled with its JIT.
set -euo pipefail
entries=${1:-1000000}
rounds=${2:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=measure.sh
source "$root/benchmarks/measure.sh"

dotnet build -c Release benchmarks/ComplianceKit.Benchmarks -v q -nologo >/dev/null
bench=(dotnet benchmarks/ComplianceKit.Benchmarks/bin/Release/net10.0/ComplianceKit.Benchmarks.dll)
db=$("${bench[@]}" make-chain "$entries")
published=$(publish_cli)
declare -A cli=([verify]=$published/ComplianceKit.Cli.dll)
builds=(verify)
if [ -n "${COMPLIANCEKIT_CLI_BEFORE:-}" ]; then
  cli[before]=$COMPLIANCEKIT_CLI_BEFORE/ComplianceKit.Cli.dll
  builds+=(before)
fi
echo "chain: $db ($(stat -c %s "$db") bytes, $entries entries); $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

cat "$db" >/dev/null # both start from the page cache
printf '%-6s %-26s %8s %8s %10s %8s\n' round command cpu_s wall_s peak_MB jitted
declare -A sums=()
for round in $(seq 1 "$rounds"); do
  read -r bc bw bm bj < <(measure "${bench[@]}" stream-sha256 "$db") || exit 1
  [ "$(cat "$out/stdout")" = "$entries" ] || { echo "the baseline read $(cat "$out/stdout") rows, not $entries" >&2; exit 1; }
  printf '%-6s %-26s %8s %8s %10.1f %8s\n' "$round" "streamed read + SHA-256" "$bc" "$bw" "$(echo "$bm/1024" | bc -l)" "$bj"
  for build in "${builds[@]}"; do
    read -r vc vw vm vj < <(measure dotnet "${cli[$build]}" verify --db "$db") || exit 1
    grep -q "every chain verifies" "$out/stdout" || { cat "$out/stdout"; echo "$build: verify --db did not verify" >&2; exit 1; }
    printf '%-6s %-26s %8s %8s %10.1f %8s\n' "$round" "verify --db ($build)" "$vc" "$vw" "$(echo "$vm/1024" | bc -l)" "$vj"
    sums[$build]+="$bw $vw $bc $vc"$'\n'
  done
done

# Per round: rate ratio (baseline wall / verify wall) and CPU ratio (baseline CPU / verify CPU).
for build in "${builds[@]}"; do
  ratios=$(printf '%s' "${sums[$build]}" | awk '{ printf "%.3f %.3f\n", $1/$2, $3/$4 }')
  echo "$build: rate of verify --db / rate of the baseline, per round: $(echo "$ratios" | awk '{ printf "%s ", $1 }')"
  echo "$build: median rate ratio $(echo "$ratios" | cut -d' ' -f1 | median) (target >= 0.80), min $(echo "$ratios" | cut -d' ' -f1 | sort -n | head -1)," \
    "max $(echo "$ratios" | cut -d' ' -f1 | sort -n | tail -1); median CPU ratio (baseline / verify) $(echo "$ratios" | cut -d' ' -f2 | median);" \
    "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
done
