# Shared helpers for the benchmark scripts: build once (release), make images, time commands.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# A private directory per run, under BENCH_DIR when given (created if missing): the EXIT trap removes only what
# this run made, never BENCH_DIR itself or another run's files.
mkdir -p "${BENCH_DIR:-/tmp}"
WORK="$(mktemp -d "${BENCH_DIR:-/tmp}/discburn-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

build_discburn() {
    (cd "$ROOT" && swift build -c release --static-swift-stdlib --product discburn >/dev/null)
    DISCBURN="$ROOT/.build/release/discburn"
}

# make_iso SIZE_MIB OUT: an ISO holding one file of SIZE_MIB pseudo-random MiB.
make_iso() {
    local mib=$1 out=$2
    mkdir -p "$WORK/tree"
    head -c "$((mib * 1024 * 1024))" /dev/urandom > "$WORK/tree/payload.bin"
    xorriso -as mkisofs -quiet -R -o "$out" "$WORK/tree" 2>/dev/null
    rm -f "$WORK/tree/payload.bin"
}

# seconds CMD...: wall seconds of one run, to the millisecond.
seconds() {
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l | awk '{printf "%.3f", $1}'
}

# median A B C...: the middle value.
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# best A B C...: the smallest value (the run least disturbed by the machine's page-cache write-back, which here
# swings a 1 GiB write between ~0.5 s and ~3 s for dd and DiscBurn alike).
best() { printf '%s\n' "$@" | sort -g | head -1; }

ratio() { echo "$1 / $2" | bc -l | awk '{printf "%.2f", $1}'; }

# summary A B C...: "best X s, median Y s (runs: A B C)".
summary() { echo "best $(best "$@") s, median $(median "$@") s   (runs: $*)"; }

# load_note: the machine's load now (benchmarks on a shared machine: say how busy it was).
load_note() { echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"; }

# sha256_note: whether this CPU has SHA instructions (here coreutils' sha256sum hashed ~4x slower than OpenSSL, which uses them).
sha256_note() { grep -qw sha_ni /proc/cpuinfo && echo "CPU has SHA-NI" || echo "no SHA-NI"; }
