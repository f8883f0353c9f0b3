#!/usr/bin/env bash
# USB write throughput: `discburn usb write` against `dd bs=4M oflag=direct conv=fsync` to the same target (a loop
# device with direct I/O over a preallocated file; root needed), RUNS interleaved runs (best and median, every run
# listed); then the read-back (`usb write`'s verify speed, from its --json result) against a plain
# `dd iflag=direct` read of the same device, and against that read piped through sha256sum / openssl (one core).
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

# The verify speed of an older build beside this one, in the same runs: DISCBURN_BEFORE=/path/to/discburn.
BEFORE=${DISCBURN_BEFORE:-}
blocks=$(( (bytes + 4194303) / 4194304 ))
# verify_mbs BINARY: MB/s of a `usb write` read-back, from its --json result (the write comes first, untimed).
verify_mbs() {
    "$1" usb write "$WORK/image.iso" --device "$LOOP" --allow-fixed --yes --json | tail -1 |
        sed -n 's/.*"verifyKilobytesPerSecond":\([0-9.]*\).*/\1/p' | awk '{printf "%.0f", $1 / 1000}'
}
mbs() { echo "$bytes / $1 / 1000000" | bc -l | awk '{printf "%.0f", $1}'; }
# rate_summary MB/s...: "best X MB/s, median Y MB/s (runs: ...)" (best is the highest).
rate_summary() {
    echo "best $(printf '%s\n' "$@" | sort -g | tail -1) MB/s, median $(median "$@") MB/s   (runs: $*)"
}

dd_t=(); usb_t=(); read_r=(); hash_r=(); openssl_r=(); verify_r=(); before_r=()
for ((i = 0; i < RUNS; i++)); do
    sync
    dd_t+=("$(seconds dd if="$WORK/image.iso" of="$LOOP" bs=4M oflag=direct conv=fsync)")
    sync
    usb_t+=("$(seconds "$DISCBURN" usb write "$WORK/image.iso" --device "$LOOP" --allow-fixed --yes --no-verify)")
    sync
    read_r+=("$(mbs "$(seconds dd if="$LOOP" of=/dev/null bs=4M iflag=direct count=$blocks)")")
    # The same work as verify on one core: read past the page cache and SHA-256 what was read.
    hash_r+=("$(mbs "$(seconds sh -c "dd if='$LOOP' bs=4M iflag=direct count=$blocks status=none | head -c $bytes | sha256sum")")")
    openssl_r+=("$(mbs "$(seconds sh -c "dd if='$LOOP' bs=4M iflag=direct count=$blocks status=none | head -c $bytes | openssl dgst -sha256")")")
    verify_r+=("$(verify_mbs "$DISCBURN")")
    [ -z "$BEFORE" ] || before_r+=("$(verify_mbs "$BEFORE")")
done
cmp -n "$bytes" "$WORK/image.iso" "$LOOP" >/dev/null || { echo "the stick differs from the image"; exit 1; }
best_read=$(printf '%s\n' "${read_r[@]}" | sort -g | tail -1); best_verify=$(printf '%s\n' "${verify_r[@]}" | sort -g | tail -1)
echo "image: $SIZE_MIB MiB hybrid ISO, target $LOOP (loop, direct I/O), $RUNS interleaved runs; $(load_note)"
echo "dd bs=4M oflag=direct conv=fsync:  $(summary "${dd_t[@]}")"
echo "discburn usb write --no-verify:    $(summary "${usb_t[@]}")   (includes the image check)"
echo "ratio write vs dd:   best $(ratio "$(best "${dd_t[@]}")" "$(best "${usb_t[@]}")")x, median $(ratio "$(median "${dd_t[@]}")" "$(median "${usb_t[@]}")")x   (goal >= 0.95)"
echo "dd iflag=direct read:              $(rate_summary "${read_r[@]}")"
echo "usb write verify (SHA-256 incl.):  $(rate_summary "${verify_r[@]}")"
[ -z "$BEFORE" ] || echo "verify of $BEFORE: $(rate_summary "${before_r[@]}")"
echo "ratio verify vs read:  best $(ratio "$best_verify" "$best_read")x, median $(ratio "$(median "${verify_r[@]}")" "$(median "${read_r[@]}")")x   (goal >= 0.9; the read does no hashing)"
echo "per run (verify / read):           $(for ((i = 0; i < RUNS; i++)); do printf '%s ' "$(ratio "${verify_r[$i]}" "${read_r[$i]}")"; done)"
echo "dd iflag=direct | sha256sum:       $(rate_summary "${hash_r[@]}")   (one core, no SHA instructions in coreutils; $(sha256_note))"
echo "dd iflag=direct | openssl sha256:  $(rate_summary "${openssl_r[@]}")   (one core, SHA instructions)"
echo "ratio verify vs read+sha256sum: best $(ratio "$best_verify" "$(printf '%s\n' "${hash_r[@]}" | sort -g | tail -1)")x"
