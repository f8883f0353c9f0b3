#!/usr/bin/env bash
# Rip throughput: `discburn rip` of a virtual disc (a DVD+R burned in a directory) against `dd` of the same
# disc's media.bin, best of RUNS interleaved runs. Goal: ratio >= 0.9.
source "$(dirname "$0")/common.sh"
SIZE_MIB=${SIZE_MIB:-1024}
RUNS=${RUNS:-5}
build_discburn
make_iso "$SIZE_MIB" "$WORK/image.iso"
"$DISCBURN" burn "$WORK/image.iso" --drive "virtual:dvd+r:$WORK/disc" --no-verify >/dev/null 2>&1
blocks=$(( $(stat -c %s "$WORK/image.iso") / 2048 ))
dd_t=(); rip_t=(); ddsha_t=()
for ((i = 0; i < RUNS; i++)); do
    rm -f "$WORK/dd.out" "$WORK/rip.iso" "$WORK/rip.iso.map"; sync
    dd_t+=("$(seconds dd if="$WORK/disc/media.bin" of="$WORK/dd.out" bs=1M count=$(( (blocks * 2048 + 1048575) / 1048576 )))"); sync
    rip_t+=("$(seconds "$DISCBURN" rip --drive "virtual:dvd+r:$WORK/disc" "$WORK/rip.iso")"); sync
    rm -f "$WORK/dd.out"; sync
    ddsha_t+=("$(seconds sh -c "dd if='$WORK/disc/media.bin' of='$WORK/dd.out' bs=1M count=$(( (blocks * 2048 + 1048575) / 1048576 )) && sha256sum '$WORK/dd.out' && md5sum '$WORK/dd.out'")"); sync
done
cmp -n $((blocks * 2048)) "$WORK/rip.iso" "$WORK/image.iso" >/dev/null || { echo "the rip differs from the image"; exit 1; }
t_dd=$(best "${dd_t[@]}"); t_rip=$(best "${rip_t[@]}"); t_ddsha=$(best "${ddsha_t[@]}")
echo "image: $SIZE_MIB MiB, best of $RUNS interleaved runs"
echo "dd of media.bin:  ${t_dd} s   (all runs: ${dd_t[*]})"
echo "discburn rip:     ${t_rip} s   (all runs: ${rip_t[*]})"
echo "dd + sha256sum + md5sum: ${t_ddsha} s"
echo "ratio rip vs dd:  $(ratio "$t_dd" "$t_rip")x   (goal >= 0.9; the rip also hashes SHA-256 and MD5)"
echo "ratio rip vs dd+hashes: $(ratio "$t_ddsha" "$t_rip")x   (the same work as the rip)"
