#!/usr/bin/env bash
# Burn throughput: a 1 GiB image to an unthrottled virtual DVD+R kept in a directory, against dd with fsync and
# xorriso's cdrecord emulation burning to libburn's stdio pseudo-drive, in the same run; verification against
# sha256sum. Prints ratios (DiscBurn speed / baseline speed: > 1 means DiscBurn is faster).
source "$(dirname "$0")/common.sh"
SIZE_MIB=${SIZE_MIB:-1024}
build_discburn
make_iso "$SIZE_MIB" "$WORK/image.iso"
sync
cat "$WORK/image.iso" > /dev/null   # warm the page cache for every contender alike

# Interleaved runs, median of each: page-cache writeback from one run must not be billed to the next alone.
RUNS=${RUNS:-6}
dd_t=(); xo_t=(); burn_t=(); verify_t=(); sha_t=()
for ((i = 0; i < RUNS; i++)); do
    rm -rf "$WORK/dd.out" "$WORK/xorriso.out" "$WORK/disc"; sync
    # Each contender writes into a fresh, empty file system state: the previous outputs are removed and synced
    # first, and the order rotates so none always runs right after the big xorriso write-back.
    order=(dd xorriso burn); order=("${order[@]:$((i % 3))}" "${order[@]:0:$((i % 3))}")
    for c in "${order[@]}"; do
        case $c in
        dd) dd_t+=("$(seconds dd if="$WORK/image.iso" of="$WORK/dd.out" bs=1M conv=fsync)") ;;
        xorriso) xo_t+=("$(seconds xorriso -as cdrecord dev=stdio:"$WORK/xorriso.out" "$WORK/image.iso")") ;;
        burn) burn_t+=("$(seconds "$DISCBURN" burn "$WORK/image.iso" --drive "virtual:dvd+r:$WORK/disc" --no-verify)") ;;
        esac
        sync
    done
    verify_t+=("$(seconds "$DISCBURN" verify "$WORK/image.iso" --drive "virtual:dvd+r:$WORK/disc")")
    sha_t+=("$(seconds sha256sum "$WORK/image.iso")")
done
t_dd=$(best "${dd_t[@]}"); t_xorriso=$(best "${xo_t[@]}"); t_burn=$(best "${burn_t[@]}")
t_verify=$(best "${verify_t[@]}"); t_sha=$(best "${sha_t[@]}")
cmp -n "$(stat -c %s "$WORK/image.iso")" "$WORK/image.iso" "$WORK/disc/media.bin" >/dev/null \
    || { echo "media.bin does not start with the image"; exit 1; }

echo "image: $SIZE_MIB MiB, best of $RUNS interleaved runs (all runs listed)"
echo "dd conv=fsync:          ${t_dd} s   (all runs: ${dd_t[*]})"
echo "xorriso -as cdrecord:   ${t_xorriso} s"
echo "discburn burn:          ${t_burn} s   (all runs: ${burn_t[*]})"
echo "discburn verify:        ${t_verify} s"
echo "sha256sum:              ${t_sha} s"
echo "ratio burn vs dd:       $(ratio "$t_dd" "$t_burn")x   (goal >= 0.95)"
echo "ratio burn vs xorriso:  $(ratio "$t_xorriso" "$t_burn")x   (goal > 1)"
echo "ratio verify vs sha256: $(ratio "$t_sha" "$t_verify")x   (goal >= 0.9)"
