#!/usr/bin/env bash
# Burn throughput, like for like: a 1 GiB image to an unthrottled virtual DVD+R kept in a directory against
# `dd conv=fsync` writing the same bytes, and xorriso's cdrecord emulation burning to libburn's stdio pseudo-drive,
# interleaved in the same run. Durability: dd fsyncs its output before it exits; DiscBurn's SYNCHRONIZE CACHE and
# CLOSE fsync media.bin, replace state.json atomically and fsync it and the directory (a little more than dd does).
# Verification (reads disc and image, compares, SHA-256 and MD5) against the same work done by cmp, sha256sum
# and md5sum. Ratios are baseline time / DiscBurn time on the best runs: > 1 means DiscBurn is faster; the
# medians are printed beside them.
source "$(dirname "$0")/common.sh"
SIZE_MIB=${SIZE_MIB:-1024}
RUNS=${RUNS:-7}
build_discburn
make_iso "$SIZE_MIB" "$WORK/image.iso"
bytes=$(stat -c %s "$WORK/image.iso")
sync
cat "$WORK/image.iso" > /dev/null   # warm the page cache for every contender alike
load_note

dd_t=(); xo_t=(); burn_t=(); verify_t=(); check_t=()
for ((i = 0; i < RUNS; i++)); do
    # Each contender writes into an empty place: the previous outputs are removed and synced first, and the
    # order rotates so none always runs right after another's write-back.
    order=(dd xorriso burn); order=("${order[@]:$((i % 3))}" "${order[@]:0:$((i % 3))}")
    rm -rf "$WORK/dd.out" "$WORK/xorriso.out" "$WORK/disc"; sync
    for c in "${order[@]}"; do
        sync
        case $c in
        dd) dd_t+=("$(seconds dd if="$WORK/image.iso" of="$WORK/dd.out" bs=1M conv=fsync)") ;;
        xorriso) xo_t+=("$(seconds xorriso -as cdrecord dev=stdio:"$WORK/xorriso.out" "$WORK/image.iso")") ;;
        burn) burn_t+=("$(seconds "$DISCBURN" burn "$WORK/image.iso" --drive "virtual:dvd+r:$WORK/disc" --no-verify)") ;;
        esac
    done
    cmp -n "$bytes" "$WORK/image.iso" "$WORK/disc/media.bin" >/dev/null \
        || { echo "media.bin does not start with the image"; exit 1; }
    if ((i % 2)); then
        verify_t+=("$(seconds "$DISCBURN" verify "$WORK/image.iso" --drive "virtual:dvd+r:$WORK/disc")")
        check_t+=("$(seconds sh -c "cmp -n $bytes '$WORK/image.iso' '$WORK/disc/media.bin' && sha256sum '$WORK/disc/media.bin' && md5sum '$WORK/disc/media.bin'")")
    else
        check_t+=("$(seconds sh -c "cmp -n $bytes '$WORK/image.iso' '$WORK/disc/media.bin' && sha256sum '$WORK/disc/media.bin' && md5sum '$WORK/disc/media.bin'")")
        verify_t+=("$(seconds "$DISCBURN" verify "$WORK/image.iso" --drive "virtual:dvd+r:$WORK/disc")")
    fi
done

echo "image: $SIZE_MIB MiB, $RUNS interleaved runs of each contender"
echo "dd conv=fsync:            $(summary "${dd_t[@]}")"
echo "xorriso -as cdrecord:     $(summary "${xo_t[@]}")"
echo "discburn burn:            $(summary "${burn_t[@]}")"
echo "discburn verify:          $(summary "${verify_t[@]}")"
echo "cmp + sha256sum + md5sum: $(summary "${check_t[@]}")"
echo "ratio burn vs dd conv=fsync:   best $(ratio "$(best "${dd_t[@]}")" "$(best "${burn_t[@]}")")x, median $(ratio "$(median "${dd_t[@]}")" "$(median "${burn_t[@]}")")x   (goal >= 0.95)"
echo "ratio burn vs xorriso:         best $(ratio "$(best "${xo_t[@]}")" "$(best "${burn_t[@]}")")x, median $(ratio "$(median "${xo_t[@]}")" "$(median "${burn_t[@]}")")x   (goal > 1)"
echo "ratio verify vs cmp+sha+md5:   best $(ratio "$(best "${check_t[@]}")" "$(best "${verify_t[@]}")")x, median $(ratio "$(median "${check_t[@]}")" "$(median "${verify_t[@]}")")x   (goal >= 0.9)"
