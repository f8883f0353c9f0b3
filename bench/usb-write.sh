#!/usr/bin/env bash
# USB write throughput: `discburn usb write` against `dd bs=4M oflag=direct conv=fsync` to the same target (a loop
# device with direct I/O over a preallocated file; root needed), best of RUNS interleaved runs; then the read-back
# (`usb write`'s verify speed, from its --json result) against a plain `dd iflag=direct` read of the same device.
# Goals: write >= 0.95x dd; verify >= 0.9x the plain read.
source "$(dirname "$0")/common.sh"
SIZE_MIB=${SIZE_MIB:-1024}
RUNS=${RUNS:-3}
[ "$(id -u)" = 0 ] || { echo "usb-write.sh needs root (losetup)"; exit 1; }
build_discburn
make_iso "$SIZE_MIB" "$WORK/image.iso"
# An isohybrid-style MBR in the ISO's free system area, so the image passes the USB boot check.
printf '\x80\x00\x02\x00\x17\xfe\xff\xff\x00\x00\x00\x00\x00\x00\x01\x00' |
    dd of="$WORK/image.iso" bs=1 seek=446 conv=notrunc status=none
printf '\x55\xaa' | dd of="$WORK/image.iso" bs=1 seek=510 conv=notrunc status=none
bytes=$(stat -c %s "$WORK/image.iso")
fallocate -l $((bytes + 64 * 1024 * 1024)) "$WORK/stick.img"
LOOP=$(losetup -f --show --direct-io=on "$WORK/stick.img")
trap 'losetup -d "$LOOP"; rm -rf "$WORK"' EXIT

dd_t=(); usb_t=(); read_t=(); hash_t=(); verify_kbs=()
for ((i = 0; i < RUNS; i++)); do
    sync
    dd_t+=("$(seconds dd if="$WORK/image.iso" of="$LOOP" bs=4M oflag=direct conv=fsync)")
    sync
    usb_t+=("$(seconds "$DISCBURN" usb write "$WORK/image.iso" --device "$LOOP" --allow-fixed --yes --no-verify)")
    sync
    read_t+=("$(seconds dd if="$LOOP" of=/dev/null bs=4M iflag=direct count=$(( (bytes + 4194303) / 4194304 )))")
    # The same work as verify: read past the page cache and SHA-256 what was read.
    hash_t+=("$(seconds sh -c "dd if='$LOOP' bs=4M iflag=direct count=$(( (bytes + 4194303) / 4194304 )) status=none | head -c $bytes | sha256sum >/dev/null")")
    result=$("$DISCBURN" usb write "$WORK/image.iso" --device "$LOOP" --allow-fixed --yes --json | tail -1)
    verify_kbs+=("$(echo "$result" | sed -n 's/.*"verifyKilobytesPerSecond":\([0-9]*\).*/\1/p')")
done
cmp -n "$bytes" "$WORK/image.iso" "$LOOP" >/dev/null || { echo "the stick differs from the image"; exit 1; }
t_dd=$(best "${dd_t[@]}"); t_usb=$(best "${usb_t[@]}"); t_read=$(best "${read_t[@]}"); t_hash=$(best "${hash_t[@]}")
kbs_verify=$(printf '%s\n' "${verify_kbs[@]}" | sort -g | tail -1)
kbs_read=$(echo "$bytes / $t_read / 1000" | bc -l | awk '{printf "%d", $1}')
kbs_hash=$(echo "$bytes / $t_hash / 1000" | bc -l | awk '{printf "%d", $1}')
echo "image: $SIZE_MIB MiB hybrid ISO, target $LOOP (loop, direct I/O), best of $RUNS interleaved runs"
echo "dd bs=4M oflag=direct conv=fsync:  ${t_dd} s   (all runs: ${dd_t[*]})"
echo "discburn usb write --no-verify:    ${t_usb} s   (all runs: ${usb_t[*]}; includes the image check)"
echo "ratio write vs dd:   $(ratio "$t_dd" "$t_usb")x   (goal >= 0.95)"
echo "dd iflag=direct read:  $kbs_read kB/s   (all runs: ${read_t[*]} s)"
echo "usb write verify:      $kbs_verify kB/s   (all runs: ${verify_kbs[*]} kB/s; SHA-256 included)"
echo "ratio verify vs read: $(ratio "$kbs_verify" "$kbs_read")x   (goal >= 0.9; the read does no hashing)"
echo "dd iflag=direct | sha256sum:  $kbs_hash kB/s   (all runs: ${hash_t[*]} s; the same work as verify)"
echo "ratio verify vs read+sha256: $(ratio "$kbs_verify" "$kbs_hash")x"
