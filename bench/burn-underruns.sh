#!/usr/bin/env bash
# Underruns: a virtual DVD+R throttled to 16x (2 MiB drive buffer), the image reader stalling 500 ms every 5 s.
# With the default FIFO: 0 underruns and wall time close to size/speed; with --fifo-size 0 the same run must
# report underruns (proof that the measurement can fail).
source "$(dirname "$0")/common.sh"
SIZE_MIB=${SIZE_MIB:-256}
build_discburn
make_iso "$SIZE_MIB" "$WORK/image.iso"
speed_kbps=22160   # 16x DVD
ideal=$(echo "$(stat -c %s "$WORK/image.iso") / ($speed_kbps * 1000)" | bc -l)

run() {
    local fifo=$1 dir=$2 start end
    start=$(date +%s.%N)
    DISCBURN_READER_STALL=500/5000 "$DISCBURN" burn "$WORK/image.iso" --drive "virtual:dvd+r:$dir?speed=16x" \
        --no-verify --json --fifo-size "$fifo" | tail -1 > "$dir.result.json"
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l
}

t_fifo=$(run 16 "$WORK/disc-fifo")
t_none=$(run 0 "$WORK/disc-nofifo")
u_fifo=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["underruns"])' "$WORK/disc-fifo.result.json")
u_none=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["underruns"])' "$WORK/disc-nofifo.result.json")
m_fifo=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["minFifoPercent"])' "$WORK/disc-fifo.result.json")

printf 'image %s MiB at 16x: ideal %.2f s\n' "$SIZE_MIB" "$ideal"
printf 'default FIFO (16 MiB): %.2f s (%.3fx ideal, goal <= 1.01), underruns %s, min FIFO %s%%\n' \
    "$t_fifo" "$(echo "$t_fifo / $ideal" | bc -l)" "$u_fifo" "$m_fifo"
printf 'no FIFO:               %.2f s (%.3fx ideal), underruns %s (must be > 0)\n' \
    "$t_none" "$(echo "$t_none / $ideal" | bc -l)" "$u_none"
