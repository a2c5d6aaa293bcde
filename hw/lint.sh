#!/usr/bin/env bash
# Lint of the synthesizable subset: hw/ must not use what Vivado HLS cannot synthesize, outside simulation-only
# blocks (#if !defined(__SYNTHESIS__) ... and the #else of #if defined(__SYNTHESIS__)).
#   dynamic memory (new, delete, malloc, free), exceptions (throw, try, catch), STL containers and strings,
#   I/O (printf, iostreams, files), virtual functions, goto; every for loop bounded by a constant
#   (kName or a literal); while only as the thread's `while (true)` or a do-while handshake wait.
# Usage: hw/lint.sh [DIR]   (exit 1 and one line per finding when something is forbidden)
set -euo pipefail
dir="${1:-$(dirname "$0")}"
status=0
for file in "$dir"/*.h; do
  findings=$(awk -v file="$file" '
    function report(message) { printf "%s:%d: %s: %s\n", file, NR, message, original; found = 1 }
    BEGIN { depth = 0; skip_depth = 0 }
    {
      original = $0
      line = $0
      sub(/\/\/.*/, "", line)
      if (line ~ /^[ \t]*#[ \t]*(if|ifdef|ifndef)/) {
        depth++
        sim_only[depth] = (line ~ /!defined\(__SYNTHESIS__\)/ || line ~ /ifndef[ \t]+__SYNTHESIS__/)
        synth_first[depth] = (line ~ /[^!]defined\(__SYNTHESIS__\)/ || line ~ /ifdef[ \t]+__SYNTHESIS__/)
        if (skip_depth == 0 && sim_only[depth]) skip_depth = depth
        next
      }
      if (line ~ /^[ \t]*#[ \t]*else/) {
        if (skip_depth == depth && sim_only[depth]) skip_depth = 0
        else if (skip_depth == 0 && synth_first[depth]) skip_depth = depth
        next
      }
      if (line ~ /^[ \t]*#[ \t]*endif/) {
        if (skip_depth == depth) skip_depth = 0
        depth--
        next
      }
      if (skip_depth > 0) next
      if (line ~ /(^|[^a-zA-Z_])(new|delete)([^a-zA-Z_]|$)/ || line ~ /(^|[^a-zA-Z_])(malloc|calloc|realloc|free)[ \t]*\(/) report("dynamic memory")
      if (line ~ /(^|[^a-zA-Z_])(throw|try|catch)([^a-zA-Z_]|$)/) report("exceptions")
      if (line ~ /std::(vector|map|unordered_map|set|list|deque|string|array|function|shared_ptr|unique_ptr)/ || line ~ /#include[ \t]*<(vector|map|unordered_map|set|list|deque|string|memory|functional)>/) report("STL container or string")
      if (line ~ /(printf|puts|fopen|fwrite)[ \t]*\(/ || line ~ /std::(cout|cerr|ofstream|ifstream)/ || line ~ /#include[ \t]*<(iostream|ostream|fstream|sstream|cstdio)>/) report("I/O")
      if (line ~ /(^|[^a-zA-Z_])(virtual|goto)([^a-zA-Z_]|$)/) report("virtual function or goto")
      if (line ~ /(^|[^a-zA-Z_])for[ \t]*\(/) {
        split(line, parts, ";")
        condition = parts[2]
        if (condition !~ /^[ \t]*[a-zA-Z_][a-zA-Z_0-9]*[ \t]*(<|<=|>|>=)[ \t]*(k[A-Z][A-Za-z0-9_]*([ \t]*[-+][ \t]*[0-9]+)?|[0-9]+)[ \t]*$/) report("loop bound is not a constant")
      }
      if (line ~ /(^|[^a-zA-Z_])while[ \t]*\(/ && line !~ /while[ \t]*\(true\)/ && line !~ /}[ \t]*while[ \t]*\(/) report("while loop without a static bound")
    }
    END { exit found }' "$file") || { status=1; echo "$findings"; }
done
if [ "$status" -eq 0 ]; then echo "hw lint: $(ls "$dir"/*.h | wc -l) files in the synthesizable subset"; fi
exit "$status"
