#!/usr/bin/env bash
# Benchmark (issue 15, point 4): `discburn image ls -R` against `isoinfo -R -l` on one ISO with FILES files
# (default 50,000) in nested directories, process start included, release build.
#
# Like for like: both read the Rock Ridge names of the same ISO (discburn picks Rock Ridge when present, isoinfo
# is given -R), both write their whole listing to the same sink (/dev/null, standard error too), and both are
# timed as whole processes. The runs are interleaved (each round runs every command once, in a rotated order),
# so a busy moment of the shared machine hits both sides. Every run is listed, then best and median, and the
# ratios of best to best and median to median. `discburn --json` and `xorriso -find` are shown beside them.
#
# What each side prints (a sample is shown): discburn one line per entry, with its full path; isoinfo a
# "Directory listing of" header per directory and one line per entry, "." and ".." included, with its name only.
#
# Usage: bench/image-ls.sh [FILES] [ROUNDS] [discburn binary]   (needs xorriso, genisoimage (isoinfo), bash 5)
# DISCBURN_BEFORE=/path/to/an/older/discburn adds it to the same interleaved rounds ("discburn_before");
# BENCH_ISO=/path/to/an/iso made by an earlier run (same tree) skips making the image again.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
FILES=${1:-50000}
ROUNDS=${2:-15}
if [ -n "${3:-}" ]; then DISCBURN=$3; else build_discburn; fi

ISO=${BENCH_ISO:-$WORK/bench.iso}
if [ -z "${BENCH_ISO:-}" ]; then
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
    xorriso -as mkisofs -R -J -o "$ISO" "$WORK/src" >/dev/null 2>&1
    rm -rf "$WORK/src"
fi
echo "image: $(du -h "$ISO" | cut -f1), $FILES files; $ROUNDS interleaved rounds; $(load_note)"
echo "discburn: $DISCBURN"

NAMES=(discburn isoinfo discburn_json xorriso_find)
if [ -n "${DISCBURN_BEFORE:-}" ]; then NAMES+=(discburn_before); echo "discburn_before: $DISCBURN_BEFORE"; fi
run_one() {  # run_one NAME: the command, output and errors to /dev/null
    case $1 in
        discburn) "$DISCBURN" image ls -R "$ISO" ;;
        isoinfo) isoinfo -R -l -i "$ISO" ;;
        discburn_json) "$DISCBURN" image ls -R --json "$ISO" ;;
        xorriso_find) xorriso -indev "$ISO" -find / ;;
        discburn_before) "$DISCBURN_BEFORE" image ls -R "$ISO" ;;
    esac
}

for name in "${NAMES[@]}"; do
    lines=$(run_one "$name" 2>/dev/null | wc -l)
    bytes=$(run_one "$name" 2>/dev/null | wc -c)
    printf '%-14s prints %7s lines, %9s bytes, e.g.\n' "$name" "$lines" "$bytes"
    { run_one "$name" 2>/dev/null || true; } | { grep -m 2 -e 'file-00001' -e 'listing of /dir00/sub0/' || true; } \
        | sed 's/^/                 | /'
done

# Wall seconds of one run, from bash's clock (no `date` process inside the measured time).
elapsed() {
    local start=$EPOCHREALTIME
    run_one "$1" >/dev/null 2>&1
    local end=$EPOCHREALTIME
    echo "$end - $start" | bc -l | awk '{printf "%.4f", $1}'
}

declare -A TIMES
run_one discburn >/dev/null 2>&1; run_one isoinfo >/dev/null 2>&1   # page cache warm for both
for ((round = 0; round < ROUNDS; round++)); do
    for ((index = 0; index < ${#NAMES[@]}; index++)); do
        name=${NAMES[$(((index + round) % ${#NAMES[@]}))]}
        TIMES[$name]="${TIMES[$name]:-} $(elapsed "$name")"
    done
done

for name in "${NAMES[@]}"; do
    # shellcheck disable=SC2086
    printf '%-14s %s\n' "$name" "$(summary ${TIMES[$name]})"
done
# shellcheck disable=SC2086
{
    printf 'ratio discburn/isoinfo        best %s  median %s\n' \
        "$(ratio "$(best ${TIMES[discburn]})" "$(best ${TIMES[isoinfo]})")" \
        "$(ratio "$(median ${TIMES[discburn]})" "$(median ${TIMES[isoinfo]})")"
    printf 'ratio discburn-json/isoinfo   best %s  median %s\n' \
        "$(ratio "$(best ${TIMES[discburn_json]})" "$(best ${TIMES[isoinfo]})")" \
        "$(ratio "$(median ${TIMES[discburn_json]})" "$(median ${TIMES[isoinfo]})")"
    printf 'ratio discburn/xorriso-find   best %s  median %s\n' \
        "$(ratio "$(best ${TIMES[discburn]})" "$(best ${TIMES[xorriso_find]})")" \
        "$(ratio "$(median ${TIMES[discburn]})" "$(median ${TIMES[xorriso_find]})")"
}
if [ -n "${DISCBURN_BEFORE:-}" ]; then
    # shellcheck disable=SC2086
    printf 'ratio discburn_before/isoinfo best %s  median %s\n' \
        "$(ratio "$(best ${TIMES[discburn_before]})" "$(best ${TIMES[isoinfo]})")" \
        "$(ratio "$(median ${TIMES[discburn_before]})" "$(median ${TIMES[isoinfo]})")"
fi
if command -v perf >/dev/null 2>&1; then
    # CPU time (user + system) varies far less than wall time on a shared machine: shown beside it.
    cpu_ms() { perf stat -x, -e task-clock -r "$ROUNDS" "$@" 2>&1 >/dev/null | awk -F, '/task-clock/ {printf "%.1f", $1}'; }
    printf '%-14s CPU %s ms per run (perf task-clock, mean of %s)\n' discburn \
        "$(cpu_ms "$DISCBURN" image ls -R "$ISO")" "$ROUNDS"
    printf '%-14s CPU %s ms per run (perf task-clock, mean of %s)\n' isoinfo "$(cpu_ms isoinfo -R -l -i "$ISO")" "$ROUNDS"
fi
if [ -x /usr/bin/time ]; then
    printf '%-14s peak memory %s KiB\n' discburn "$(/usr/bin/time -f %M "$DISCBURN" image ls -R "$ISO" 2>&1 >/dev/null | tail -1)"
    printf '%-14s peak memory %s KiB\n' isoinfo "$(/usr/bin/time -f %M isoinfo -R -l -i "$ISO" 2>&1 >/dev/null | tail -1)"
fi
