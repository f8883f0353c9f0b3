#!/usr/bin/env bash
# Underruns at BD speed: a virtual BD-R throttled to 12x (53,952 kB/s, 4 MiB drive buffer), the image reader
# stalling 1 s every 5 s (DISCBURN_READER_STALL). With the default FIFO (sized from the speed: 2 s of it) the burn
# must end with 0 underruns within 1.01x of size/speed, process start and closing included. The same burn with
# --fifo-size 16 (the old fixed default) must report underruns: proof that the measurement can fail.
source "$(dirname "$0")/common.sh"
SIZE_MIB=${SIZE_MIB:-2048}
build_discburn
make_iso "$SIZE_MIB" "$WORK/image.iso"
cat "$WORK/image.iso" > /dev/null
speed_kbps=53952   # 12x BD
ideal=$(echo "$(stat -c %s "$WORK/image.iso") / ($speed_kbps * 1000)" | bc -l)
load_note

run() {  # run NAME FIFO-OPTION...: wall seconds; the result event in $WORK/NAME.json
    local name=$1 start end; shift
    rm -rf "$WORK/$name"; sync
    start=$(date +%s.%N)
    DISCBURN_READER_STALL=1000/5000 "$DISCBURN" burn "$WORK/image.iso" --drive "virtual:bd-r:$WORK/$name?speed=12x" \
        --no-verify --json "$@" | tail -1 > "$WORK/$name.json"
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l
}
field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$WORK/$1.json" "$2"; }

t_auto=$(run auto)
t_small=$(run small --fifo-size 16)
printf 'image %s MiB at 12x BD-R, reader stalls 1 s every 5 s: ideal %.2f s\n' "$SIZE_MIB" "$ideal"
printf 'default FIFO (2 s of the speed): %.2f s (%.3fx ideal, goal <= 1.01), underruns %s (goal 0), min FIFO %s%%\n' \
    "$t_auto" "$(echo "$t_auto / $ideal" | bc -l)" "$(field auto underruns)" "$(field auto minFifoPercent)"
printf -- '--fifo-size 16:                  %.2f s (%.3fx ideal), underruns %s (must be > 0)\n' \
    "$t_small" "$(echo "$t_small / $ideal" | bc -l)" "$(field small underruns)"
