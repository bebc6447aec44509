# Sourced by the whole-process benchmark scripts: `measure CMD...` runs CMD under /usr/bin/time -v, keeping its output in
# $out/stdout and $out/stderr ($out: a temporary folder the caller made), and prints "cpu_s wall_s peak_kb jitted" (CPU = user +
# system; jitted: the methods a .NET process compiled with its JIT, every tier, from DOTNET_JitDisasmSummary; 0 for others).
# A command that fails three times prints its output to stderr and nothing to stdout, so the caller's `read ... || exit 1` stops the run.
# `median` prints the median of the numbers on its standard input, one a line, to two decimals.
measure() {
  local log=$out/time attempt
  # The JIT's output file races the runtime's shutdown (its tiering thread may still write to it when it is closed: an abort
  # at exit about once in 15-25 runs, never without the file), so a run that fails is run again, up to three times.
  for attempt in 1 2 3; do
    rm -f "$out/jit"
    DOTNET_JitDisasmSummary=1 DOTNET_JitStdOutFile="$out/jit" /usr/bin/time -v -o "$log" "$@" >"$out/stdout" 2>"$out/stderr" && break
    [ "$attempt" = 3 ] && { cat "$out/stdout" "$out/stderr" >&2; echo "failed three times: $*" >&2; return 1; }
    echo "failed, run again: $* ($(tail -n 1 "$out/stderr"))" >&2
  done
  awk -F': ' -v jitted="$( [ -f "$out/jit" ] && wc -l <"$out/jit" || echo 0)" '
    /User time/ {u=$2} /System time/ {s=$2} /Maximum resident/ {m=$2}
    /Elapsed \(wall clock\)/ { n=split($2, p, ":"); w=0; for (i=1;i<=n;i++) w=w*60+p[i] }
    END { printf "%.2f %.2f %d %d\n", u+s, w, m, jitted }' "$log"
}

# `publish_cli`: publishes the tool as its package carries it (ReadyToRun code for linux-x64, docs/ARCHITECTURE.md "The tool
# package"; COMPLIANCEKIT_READYTORUN=false for plain IL, to compare code alone) and prints the folder.
publish_cli() {
  local readytorun=${COMPLIANCEKIT_READYTORUN:-true}
  local folder=$root/src/ComplianceKit.Cli/bin/Release/net10.0/publish-readytorun-$readytorun
  dotnet publish -c Release "$root/src/ComplianceKit.Cli" -o "$folder" -p:ComplianceKitReadyToRun="$readytorun" -v q -nologo >/dev/null
  echo "$folder"
}

median() { sort -n | awk '{ v[NR]=$1 } END { printf "%.2f", NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2 }'; }
