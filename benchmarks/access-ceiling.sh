#!/usr/bin/env bash
# What the access trail's group-commit writer can reach on this machine, and what each part costs: the `access-storm`
# diagnostic (64 callers x 1,000 events a storm on the 1,000,000-event trail, no lookups) in four configurations, alternated
# round by round so a drift in the machine's load hits all alike: as hosts run it (side index + checkpoint publisher), each
# of the two alone, and neither (the chain's own ceiling). Per configuration and round it prints the median, over the storms
# after the warm-up, of events a second and of the process's CPU time per event, and the events a second as a ratio against
# "neither" in the same round. Last, the CPU budget: the cores this machine has, divided by the target rate, is the CPU time
# each event may cost in all (callers, writer, side index, publisher and lookups together); compare the medians with it.
# Each line ends with the share of the last minute in which every task waited for the disk (Linux's I/O pressure, "full
# avg60"): this VM's disk slows at times for minutes, and a round where it did says nothing about the code.
#   usage: benchmarks/access-ceiling.sh [rounds=2] [storms=12] [warm-up storms=6] [target events/s=50000]
set -euo pipefail
rounds=${1:-2}
storms=${2:-12}
warmup=${3:-6}
target=${4:-50000}
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=measure.sh
source "$root/benchmarks/measure.sh"
cd "$root/benchmarks/ComplianceKit.Benchmarks"
[ -n "${COMPLIANCEKIT_SKIP_BUILD:-}" ] || dotnet build -c Release -v q -nologo >/dev/null
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
declare -A flags=([host]="" [index]="--no-publisher" [publisher]="--no-index" [neither]="--no-index --no-publisher")
configurations=(host index publisher neither)
declare -A io
echo "$(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg); medians of storms $warmup to $((storms - 1))"
# The median of column $1 of a storm line ("// storm N: 12,345 events/s; per event 81.0 µs wall, 95.2 µs CPU ..."), after the warm-up.
storm_median() { grep '^// storm' "$2" | tail -n +$((warmup + 1)) | awk "{print \$$1}" | tr -d ',' | median; }
for round in $(seq 1 "$rounds"); do
  for configuration in "${configurations[@]}"; do
    # shellcheck disable=SC2086 # the flags are words
    dotnet bin/Release/net10.0/ComplianceKit.Benchmarks.dll access-storm sqlite "$storms" ${flags[$configuration]} > "$out/$configuration-$round.log"
    io[$configuration]=$( (grep '^full' /proc/pressure/io 2>/dev/null || echo 'full avg10=0 avg60=?') | cut -d' ' -f3 | cut -d= -f2)
  done
  neither=$(storm_median 4 "$out/neither-$round.log")
  for configuration in "${configurations[@]}"; do
    rate=$(storm_median 4 "$out/$configuration-$round.log")
    cpu=$(storm_median 11 "$out/$configuration-$round.log")
    printf 'round %s %-9s %8.0f events/s  %5.1f µs CPU per event  %.2fx neither  disk stalled %s %%\n' "$round" "$configuration" "$rate" "$cpu" \
      "$(echo "$rate / $neither" | bc -l)" "${io[$configuration]}"
  done
done
printf 'budget: %s cores at %s events/s leave %.1f µs of CPU per event for everything\n' "$(nproc)" "$target" "$(echo "$(nproc) * 1000000 / $target" | bc -l)"
