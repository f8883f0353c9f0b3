#!/usr/bin/env bash
# CPU: a 1 GiB image burned to a virtual DVD+R throttled to 16x (22,160 kB/s; the drive model runs in the same
# process) must use <= 2 % of one core: (user + sys) / wall from /usr/bin/time, per run, best and median.
source "$(dirname "$0")/common.sh"
[ -x /usr/bin/time ] || { echo "bench/burn-cpu.sh needs /usr/bin/time: apt-get install time"; exit 1; }
SIZE_MIB=${SIZE_MIB:-1024}
RUNS=${RUNS:-3}
build_discburn
make_iso "$SIZE_MIB" "$WORK/image.iso"
cat "$WORK/image.iso" > /dev/null
ideal=$(echo "$(stat -c %s "$WORK/image.iso") / 22160000" | bc -l | awk '{printf "%.2f", $1}')
load_note
shares=(); lines=()
for ((i = 0; i < RUNS; i++)); do
    rm -rf "$WORK/disc"; sync
    /usr/bin/time -f '%e %U %S' -o "$WORK/time.txt" "$DISCBURN" burn "$WORK/image.iso" \
        --drive "virtual:dvd+r:$WORK/disc?speed=16x" --no-verify >/dev/null 2>&1
    read -r wall user sys < <(tail -1 "$WORK/time.txt")
    share=$(echo "100 * ($user + $sys) / $wall" | bc -l | awk '{printf "%.2f", $1}')
    shares+=("$share")
    lines+=("wall ${wall} s, user ${user} s, sys ${sys} s: ${share} %")
done
echo "image: $SIZE_MIB MiB at 16x DVD (ideal ${ideal} s), $RUNS runs"
printf '  %s\n' "${lines[@]}"
echo "CPU share of one core: best $(best "${shares[@]}") %, median $(median "${shares[@]}") %   (goal <= 2 %)"
