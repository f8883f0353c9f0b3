#!/bin/sh
# Benchmark: `discburn image ls -R` against `isoinfo -R -l` and `xorriso -indev X -find` on one ISO with
# FILES files (default 50,000) in nested directories. Prints wall times, ratios and peak memory (KiB).
# Usage: bench/image-ls.sh [FILES] [discburn binary]   (needs xorriso, genisoimage (isoinfo), GNU time optional)
set -eu
FILES=${1:-50000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${2:-}
if [ -z "$BIN" ]; then
    (cd "$ROOT" && swift build -c release --product discburn >/dev/null)
    BIN="$ROOT/.build/release/discburn"
fi
WORK=$(mktemp -d /tmp/discburn-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# 50 top directories x 10 subdirectories x (FILES/500) files each.
PER=$((FILES / 500))
mkdir -p "$WORK/src"
python3 - "$WORK/src" "$PER" <<'PY'
import os, sys
root, per = sys.argv[1], int(sys.argv[2])
for top in range(50):
    for sub in range(10):
        d = os.path.join(root, f"dir{top:02d}", f"sub{sub}")
        os.makedirs(d)
        for n in range(per):
            with open(os.path.join(d, f"file-{n:05d}.txt"), "w") as f:
                f.write("x")
PY
xorriso -as mkisofs -R -J -o "$WORK/bench.iso" "$WORK/src" >/dev/null 2>&1
echo "image: $(du -h "$WORK/bench.iso" | cut -f1), $FILES files"

now() { date +%s.%N; }
measure() {  # measure NAME COMMAND...: best of 3 wall times, output to /dev/null
    name=$1; shift
    best=""
    for _ in 1 2 3; do
        start=$(now); "$@" >/dev/null 2>&1; end=$(now)
        t=$(echo "$end - $start" | bc -l)
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
    done
    lines=$("$@" 2>/dev/null | wc -l)
    mem=""
    if [ -x /usr/bin/time ]; then
        mem=$(/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1)
    fi
    printf '%-22s %8.3f s  %7s lines  %8s KiB peak\n' "$name" "$best" "$lines" "${mem:-?}"
    eval "T_$(echo "$name" | tr -c 'a-z\n' '_')=$best"
}

measure discburn "$BIN" image ls -R "$WORK/bench.iso"
measure discburn_json "$BIN" image ls -R --json "$WORK/bench.iso"
measure isoinfo isoinfo -R -l -i "$WORK/bench.iso"
measure xorriso_find xorriso -indev "$WORK/bench.iso" -find /
printf 'ratio discburn/isoinfo       %.2f\n' "$(echo "$T_discburn / $T_isoinfo" | bc -l)"
printf 'ratio discburn/xorriso-find  %.2f\n' "$(echo "$T_discburn / $T_xorriso_find" | bc -l)"
printf 'ratio discburn-json/isoinfo  %.2f\n' "$(echo "$T_discburn_json / $T_isoinfo" | bc -l)"
