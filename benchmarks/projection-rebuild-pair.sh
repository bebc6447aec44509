#!/bin/bash
# ProjectionRebuildBenchmarks (stream the entries vs RebuildAsync, 1,000,000 entries unless
# COMPLIANCEKIT_BENCH_PROJECTION_ENTRIES says otherwise) in each given build, one after the other, with the load at each
# start and end. Two builds must not run it at once: they share the template in the temp folder.
#   benchmarks/projection-rebuild-pair.sh <label> <repo root> [<repo root> ...]
# e.g. benchmarks/projection-rebuild-pair.sh a ../main-before .   (both built in Release; alternate the order between rounds)
set -e
label=$1
shift
for build in "$@"; do
  name=$(basename "$build")
  cd "$build/benchmarks/ComplianceKit.Benchmarks"
  echo "$name start $(uptime)" >> "/tmp/projection-pair-$label.load"
  dotnet bin/Release/net10.0/ComplianceKit.Benchmarks.dll --filter '*ProjectionRebuildBenchmarks.StreamEntries*' '*ProjectionRebuildBenchmarks.Rebuild(*' \
    --strategy Monitoring --warmupCount 1 --iterationCount 3 --inProcess --artifacts "/tmp/projection-pair-$label-$name" > "/tmp/projection-pair-$label-$name.log" 2>&1
  echo "$name end $(uptime)" >> "/tmp/projection-pair-$label.load"
done
