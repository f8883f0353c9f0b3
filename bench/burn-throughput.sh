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

t_dd=$(seconds dd if="$WORK/image.iso" of="$WORK/dd.out" bs=1M conv=fsync)
t_xorriso=$(seconds xorriso -as cdrecord dev=stdio:"$WORK/xorriso.out" "$WORK/image.iso")
t_burn=$(seconds "$DISCBURN" burn "$WORK/image.iso" --drive "virtual:dvd+r:$WORK/disc" --no-verify)
t_verify=$(seconds "$DISCBURN" verify "$WORK/image.iso" --drive "virtual:dvd+r:$WORK/disc")
t_sha=$(seconds sha256sum "$WORK/image.iso")
cmp -n "$(stat -c %s "$WORK/image.iso")" "$WORK/image.iso" "$WORK/disc/media.bin" >/dev/null \
    || { echo "media.bin does not start with the image"; exit 1; }

echo "image: $SIZE_MIB MiB"
echo "dd conv=fsync:          ${t_dd} s"
echo "xorriso -as cdrecord:   ${t_xorriso} s"
echo "discburn burn:          ${t_burn} s"
echo "discburn verify:        ${t_verify} s"
echo "sha256sum:              ${t_sha} s"
echo "ratio burn vs dd:       $(ratio "$t_dd" "$t_burn")x   (goal >= 0.95)"
echo "ratio burn vs xorriso:  $(ratio "$t_xorriso" "$t_burn")x   (goal > 1)"
echo "ratio verify vs sha256: $(ratio "$t_sha" "$t_verify")x   (goal >= 0.9)"
