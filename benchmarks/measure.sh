# Sourced by the whole-process benchmark scripts: `measure CMD...` runs CMD under /usr/bin/time -v, keeping its output in
# $out/stdout and $out/stderr ($out: a temporary folder the caller made), and prints "cpu_s wall_s peak_kb" (CPU = user + system).
measure() {
  local log=$out/time
  /usr/bin/time -v -o "$log" "$@" >"$out/stdout" 2>"$out/stderr" || { cat "$out/stdout" "$out/stderr"; echo "failed: $*" >&2; exit 1; }
  awk -F': ' '
    /User time/ {u=$2} /System time/ {s=$2} /Maximum resident/ {m=$2}
    /Elapsed \(wall clock\)/ { n=split($2, p, ":"); w=0; for (i=1;i<=n;i++) w=w*60+p[i] }
    END { printf "%.2f %.2f %d\n", u+s, w, m }' "$log"
}
