#!/usr/bin/env bash
# Builds the libFuzzer targets in Tests/Fuzz/Targets with `swiftc -sanitize=fuzzer,address` and runs each for a
# time budget, one at a time, printing executions and crashes per target.
#
#   Tests/Fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]      (default 60 s, every target)
#   FUZZ_BUILD=.build-fuzz  FUZZ_JOBS=1  FUZZ_NICE=10       (environment overrides)
#   FUZZ_SANITIZE=fuzzer,address (default) or fuzzer: without AddressSanitizer a trap is still a crash and the
#   executions are several times faster (for volume); keep a separate FUZZ_BUILD per setting.
#
# Not part of `swift build` / `swift test`: Tests/Fuzz is no target's path. The modules under test are compiled
# from Sources/ into $FUZZ_BUILD with coverage and AddressSanitizer; a Swift trap is a crash to libFuzzer.
# Crashes land in $FUZZ_BUILD/crashes/TARGET/; each one found becomes a unit test (see Tests/Fuzz/README.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BUILD=${FUZZ_BUILD:-$ROOT/.build-fuzz}
BUDGET=${1:-60}
shift || true
NICE=${FUZZ_NICE:-10}
SWIFTC=${SWIFTC:-swiftc}
SANITIZE=${FUZZ_SANITIZE:-fuzzer,address}
# Allocation stacks are not recorded: they cost a fifth of the time; a report still names the access.
export ASAN_OPTIONS=${ASAN_OPTIONS:-malloc_context_size=0}
FLAGS=(-sanitize="$SANITIZE" -parse-as-library -enable-testing -O -g -swift-version 5)
ALL_TARGETS=(mmc sense cue extractpath trace iso udf vdstate vdcdb)
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=("${ALL_TARGETS[@]}")
mkdir -p "$BUILD"

module() { # name dependencies... -- sources...
    local name=$1; shift
    local sources=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do shift; done
    shift
    sources=("$@")
    local stamp="$BUILD/lib$name.a"
    if [ -f "$stamp" ] && [ -z "$(find "${sources[@]}" -newer "$stamp" 2>/dev/null | head -1)" ]; then return; fi
    echo "building module $name (${#sources[@]} files)" >&2
    nice -n "$NICE" "$SWIFTC" "${FLAGS[@]}" -module-name "$name" -emit-library -static -emit-module \
        -emit-module-path "$BUILD/$name.swiftmodule" -I "$BUILD" -I "$ROOT/Sources/CCdio" "${LINKED_FLAGS[@]}" \
        -o "$stamp" "${sources[@]}"
}

# swift-crypto (Trace records SHA-256 of data): built once by SwiftPM, uninstrumented, into $BUILD/spm and linked
# as objects; the code under test stays instrumented.
crypto() {
    local spm="$BUILD/spm/release"
    if [ ! -f "$spm/Modules/Crypto.swiftmodule" ]; then
        echo "building swift-crypto (SwiftPM, once)" >&2
        nice -n "$NICE" swift build -c release --target Crypto --scratch-path "$BUILD/spm" >&2
    fi
    LINKED_FLAGS=(-I "$spm/Modules")
    LINKED_OBJECTS=($(find "$spm/Crypto.build" "$spm/CryptoBoringWrapper.build" "$spm/CCryptoBoringSSL.build" \
        "$spm/CCryptoBoringSSLShims.build" -name '*.o' | sort))
}

# CFileSync (VirtualDrive's write-behind, sync_file_range): the C file compiled once, its header given a module map.
cfilesync() {
    local dir="$BUILD/CFileSync" source="$ROOT/Sources/CFileSync/cfilesync.c"
    mkdir -p "$dir"
    printf 'module CFileSync {\n    header "%s"\n    export *\n}\n' "$ROOT/Sources/CFileSync/include/cfilesync.h" \
        > "$dir/module.modulemap"
    if [ ! -f "$dir/cfilesync.o" ] || [ "$source" -nt "$dir/cfilesync.o" ]; then
        clang -O2 -fPIC -I "$ROOT/Sources/CFileSync/include" -c "$source" -o "$dir/cfilesync.o"
    fi
    LINKED_FLAGS+=(-I "$dir")
    LINKED_OBJECTS+=("$dir/cfilesync.o")
}

build() {
    crypto
    cfilesync
    module SCSI -- $(find Sources/SCSI -name '*.swift' | sort)
    module MMC SCSI -- $(find Sources/MMC -name '*.swift' | sort)
    module Trace SCSI -- $(find Sources/Trace -name '*.swift' | sort)
    module VirtualDrive SCSI MMC -- $(find Sources/VirtualDrive -name '*.swift' | sort)
    module DiscImage -- $(find Sources/DiscImage -name '*.swift' | sort)
    for target in "${TARGETS[@]}"; do
        local source="Tests/Fuzz/Targets/$target.swift" binary="$BUILD/fuzz-$target"
        if [ -f "$binary" ] && [ -z "$(find "$source" "$BUILD"/lib*.a -newer "$binary" | head -1)" ]; then continue; fi
        echo "linking fuzz-$target" >&2
        nice -n "$NICE" "$SWIFTC" "${FLAGS[@]}" -I "$BUILD" -I "$ROOT/Sources/CCdio" -L "$BUILD" \
            -lVirtualDrive -lMMC -lTrace -lDiscImage -lSCSI -liso9660 -ludf -lcdio \
            "${LINKED_FLAGS[@]}" "${LINKED_OBJECTS[@]}" \
            "$source" -o "$binary" 2> >(grep -v "Cannot export local symbol" >&2)
    done
}

build
"$ROOT/Tests/Fuzz/seeds.sh" "$BUILD/seeds" >&2

printf '%-12s %14s %8s %10s %s\n' target executions crashes seconds corpus
for target in "${TARGETS[@]}"; do
    corpus="$BUILD/corpus/$target"
    crashes="$BUILD/crashes/$target"
    mkdir -p "$corpus" "$crashes"
    case $target in
        iso) maxlen=262144 ;;
        udf) maxlen=147456 ;;
        vdstate|trace) maxlen=16384 ;;
        *) maxlen=4096 ;;
    esac
    log="$BUILD/log-$target.txt"
    started=$(date +%s)
    # In-process (no -fork): several times the executions per second of fork mode here; a crash ends the run
    # early and is saved under $crashes. The working directory is $BUILD (libFuzzer writes its logs there).
    (cd "$BUILD" && nice -n "$NICE" "$BUILD/fuzz-$target" "$corpus" "$BUILD/seeds/$target" \
        -max_total_time="$BUDGET" -max_len="$maxlen" -timeout=10 \
        -rss_limit_mb=2048 -reload=0 -artifact_prefix="$crashes/" -print_final_stats=1 > "$log" 2>&1) || true
    elapsed=$(( $(date +%s) - started ))
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    [ -n "$executions" ] || executions=$(grep -o '#[0-9]*' "$log" | tail -1 | tr -d '#')
    found=$(find "$crashes" -type f \( -name 'crash-*' -o -name 'oom-*' -o -name 'timeout-*' -o -name 'leak-*' \) | wc -l)
    printf '%-12s %14s %8s %10s %s\n' "$target" "${executions:-0}" "$found" "$elapsed" "$(ls "$corpus" | wc -l)"
done
