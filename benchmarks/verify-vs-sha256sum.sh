#!/usr/bin/env bash
# Times `compliancekit verify` of a full-export bundle against `sha256sum` of the same file, whole processes,
# alternated, and prints each run and the ratios (CPU time = user + system, wall, peak memory).
#   usage: benchmarks/verify-vs-sha256sum.sh [entries=1000000] [rounds=3]
# COMPLIANCEKIT_CLI_BEFORE=<folder with an older build's ComplianceKit.Cli.dll> also times that build in every round, right
# after this one, for a before/after measured in the same run. This build is the tool as its package carries it (published,
# ReadyToRun for linux-x64); COMPLIANCEKIT_READYTORUN=false publishes it as plain IL, like a `dotnet build` before, to compare
# code alone. The jitted column counts the methods each process compiled with its JIT.
# Publishes the CLI, builds the benchmark project in Release, makes the bundle with the benchmark's own generator
# (`ComplianceKit.Benchmarks make-bundle N`, cached in the temp folder), then alternates the two commands.
set -euo pipefail
entries=${1:-1000000}
rounds=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=measure.sh
source "$root/benchmarks/measure.sh"

dotnet build -c Release benchmarks/ComplianceKit.Benchmarks -v q -nologo >/dev/null
mapfile -t made < <(dotnet benchmarks/ComplianceKit.Benchmarks/bin/Release/net10.0/ComplianceKit.Benchmarks.dll make-bundle "$entries")
bundle=${made[0]}
ca=${made[1]}
published=$(publish_cli)
declare -A cli=([verify]=$published/ComplianceKit.Cli.dll)
builds=(verify)
if [ -n "${COMPLIANCEKIT_CLI_BEFORE:-}" ]; then
  cli[before]=$COMPLIANCEKIT_CLI_BEFORE/ComplianceKit.Cli.dll
  builds+=(before)
fi
echo "bundle: $bundle ($(stat -c %s "$bundle") bytes, $entries entries); $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

cat "$bundle" >/dev/null # both start from the page cache
printf '%-6s %-22s %8s %8s %10s %8s\n' round command cpu_s wall_s peak_MB jitted
declare -A sums=()
for round in $(seq 1 "$rounds"); do
  read -r sc sw sm _ < <(measure sha256sum "$bundle") || exit 1
  printf '%-6s %-22s %8s %8s %10.1f\n' "$round" sha256sum "$sc" "$sw" "$(echo "$sm/1024" | bc -l)"
  for build in "${builds[@]}"; do
    read -r vc vw vm vj < <(measure dotnet "${cli[$build]}" verify "$bundle" --trust "$ca") || exit 1
    grep -q "Result: VERIFIED" "$out/stdout" || { cat "$out/stdout"; echo "$build did not verify the bundle" >&2; exit 1; }
    printf '%-6s %-22s %8s %8s %10.1f %8s\n' "$round" "compliancekit $build" "$vc" "$vw" "$(echo "$vm/1024" | bc -l)" "$vj"
    sums[$build]+="$sc $sw $vc $vw $vm"$'\n'
  done
done

for build in "${builds[@]}"; do
  printf '%s' "${sums[$build]}" | awk -v build="$build" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" '
    { sc+=$1; sw+=$2; vc+=$3; vw+=$4; if ($5>vm) vm=$5; cr[NR]=$3/$1; wr[NR]=$4/$2 }
    END {
      printf "%s / sha256sum per round: cpu", build; for (i=1;i<=NR;i++) printf " %.2f", cr[i];
      printf "; wall"; for (i=1;i<=NR;i++) printf " %.2f", wr[i]; printf "\n";
      printf "%s totals: cpu %.2f (target <= 1.20), wall %.2f (target <= 1.00 on idle cores), peak %.1f MB (target < 100); load after: %s\n",
        build, vc/sc, vw/sw, vm/1024, load }'
done
