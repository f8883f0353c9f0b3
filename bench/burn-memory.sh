#!/usr/bin/env bash
# Memory: peak RSS of burning a 4 GiB image (sparse payload) to a virtual DVD+R in a directory must stay within
# the FIFO size + 32 MiB.
source "$(dirname "$0")/common.sh"
build_discburn
mkdir -p "$WORK/tree"
truncate -s 4G "$WORK/tree/payload.bin"
xorriso -as mkisofs -quiet -R -iso-level 3 -o "$WORK/image.iso" "$WORK/tree" 2>/dev/null
fifo_mib=16
/usr/bin/time -f '%M' -o "$WORK/peak.txt" "$DISCBURN" burn "$WORK/image.iso" --drive "virtual:dvd+r:$WORK/disc" \
    --no-verify --fifo-size $fifo_mib >/dev/null 2>&1
peak_kib=$(tail -1 "$WORK/peak.txt")
limit_kib=$(( (fifo_mib + 32) * 1024 ))
echo "peak RSS: $((peak_kib / 1024)) MiB; limit FIFO + 32 MiB = $((limit_kib / 1024)) MiB; ratio $(ratio "$peak_kib" "$limit_kib")"
