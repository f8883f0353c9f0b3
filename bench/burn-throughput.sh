#!/usr/bin/env bash
# Burn throughput, like for like: a 1 GiB image to an unthrottled virtual DVD+R kept in a directory against
# `dd conv=fsync` writing the same bytes, and xorriso's cdrecord emulation burning to libburn's stdio pseudo-drive,
# interleaved in the same run. What each side does:
# - dd: reads the image, writes a new file through the page cache, one fsync before it exits. No hashing, no
#   verification. Twice: bs=1M, and bs=32k, the size of DiscBurn's WRITEs (the same system calls DiscBurn makes
#   on both files). The block size matters more than one would think: on the shared 2-core machine of issue 15
#   (kernel 6.18, ext4) dd bs=1M took between 0.3 and 2.5 s of CPU for the same 1 GiB (no compaction stalls in
#   /proc/vmstat), bs=32k 0.45 to 1.5 s. The goal is against dd conv=fsync: the ratio is printed against each,
#   and against the faster of the two.
# - discburn burn --no-verify: starts, probes the drive and plans (the image's volume descriptors are read), a
#   reader thread reads the image into the FIFO, the writer sends 32 KiB WRITEs that the VirtualDrive stores into
#   a new media.bin through the page cache (starting its write-back every 8 MiB, as a recorder records while data
#   comes), then SYNCHRONIZE CACHE fsyncs media.bin, replaces state.json atomically and fsyncs it and the
#   directory; CLOSE TRACK and CLOSE SESSION commit state.json the same way (a little more than dd does).
#   No hashing: --no-verify burns do not hash the image (only verification uses the digest), no verification.
#   Its FIFO is 2 s of the plan's speed, the 16x the virtual drive advertises: 43 MiB, more than this machine's
#   32 MiB L3, so every byte is copied into it and back out of memory, cold. With --fifo-size 4 the same burn
#   matched dd bs=32k (7 interleaved runs: best 0.62 s against 0.64 s, median 0.68 against 0.67); the default
#   is left to the FIFO sizing rule of issue 15 item 3.
# - xorriso -as cdrecord: its own FIFO and writes to a stdio file; see its manual for its syncing.
# Verification (reads disc and image, compares, SHA-256 and MD5) against the same work done by cmp, sha256sum
# and md5sum. Ratios are baseline time / DiscBurn time on the best runs: > 1 means DiscBurn is faster; the
# medians are printed beside them.
# BASELINE_DISCBURN=/path/to/an/older/discburn adds that binary's burn as one more interleaved contender (before
# and after a change, in the same run).
source "$(dirname "$0")/common.sh"
SIZE_MIB=${SIZE_MIB:-1024}
RUNS=${RUNS:-7}
build_discburn
make_iso "$SIZE_MIB" "$WORK/image.iso"
bytes=$(stat -c %s "$WORK/image.iso")
sync
cat "$WORK/image.iso" > /dev/null   # warm the page cache for every contender alike
# settle: one untimed write of the image with fsync, discarded, after xorriso's (see the loop). The first round
# is often slow for every contender alike (~2.7 s), a settling write after making the image did not help.
settle() { dd if="$WORK/image.iso" of="$WORK/settle.out" bs=32k conv=fsync 2>/dev/null; rm -f "$WORK/settle.out"; sync; }
load_note

dd_t=(); dd32_t=(); xo_t=(); burn_t=(); base_t=(); verify_t=(); check_t=()
contenders=(dd dd32k burn)
[[ -n ${BASELINE_DISCBURN:-} ]] && contenders+=(baseline)
for ((i = 0; i < RUNS; i++)); do
    # Each contender writes into an empty place: the previous outputs are removed and synced first, and the
    # order rotates so none always runs right after another's write-back.
    # xorriso runs last in every round, then one untimed settling write: it fsyncs every 16 MiB for 14 s, and on
    # the machine of issue 15 whatever wrote next took ~2.5 s instead of ~0.55 s (dd bs=32k right after it:
    # 2.54 s, then 0.53 s; still 1.48 s after a 10 s sleep). In rotation it made half the rounds slow for the
    # contender it happened to precede, which decided the medians.
    n=${#contenders[@]}
    order=("${contenders[@]:$((i % n))}" "${contenders[@]:0:$((i % n))}" xorriso settle)
    rm -rf "$WORK/dd.out" "$WORK/dd32k.out" "$WORK/xorriso.out" "$WORK/disc" "$WORK/baseline"; sync
    for c in "${order[@]}"; do
        sync
        case $c in
        dd) dd_t+=("$(seconds dd if="$WORK/image.iso" of="$WORK/dd.out" bs=1M conv=fsync)") ;;
        dd32k) dd32_t+=("$(seconds dd if="$WORK/image.iso" of="$WORK/dd32k.out" bs=32k conv=fsync)") ;;
        xorriso) xo_t+=("$(seconds xorriso -as cdrecord dev=stdio:"$WORK/xorriso.out" "$WORK/image.iso")") ;;
        settle) settle ;;
        burn) burn_t+=("$(seconds "$DISCBURN" burn "$WORK/image.iso" --drive "virtual:dvd+r:$WORK/disc" --no-verify)") ;;
        baseline)
            base_t+=("$(seconds "$BASELINE_DISCBURN" burn "$WORK/image.iso" --drive "virtual:dvd+r:$WORK/baseline" --no-verify)")
            cmp -n "$bytes" "$WORK/image.iso" "$WORK/baseline/media.bin" >/dev/null \
                || { echo "the baseline's media.bin does not start with the image"; exit 1; } ;;
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
echo "dd bs=1M conv=fsync:      $(summary "${dd_t[@]}")"
echo "dd bs=32k conv=fsync:     $(summary "${dd32_t[@]}")"
echo "xorriso -as cdrecord:     $(summary "${xo_t[@]}")"
echo "discburn burn:            $(summary "${burn_t[@]}")"
[[ -n ${BASELINE_DISCBURN:-} ]] && echo "baseline discburn burn:   $(summary "${base_t[@]}")   ($BASELINE_DISCBURN)"
echo "discburn verify:          $(summary "${verify_t[@]}")"
echo "cmp + sha256sum + md5sum: $(summary "${check_t[@]}")"
# dd_ratios LABEL TIMES...: the ratios of one DiscBurn binary against dd bs=1M, bs=32k and the faster of them
# (best against best, median against median).
dd_ratios() {
    local label=$1; shift
    local best_dd median_dd
    best_dd=$(best "$(best "${dd_t[@]}")" "$(best "${dd32_t[@]}")")
    median_dd=$(best "$(median "${dd_t[@]}")" "$(median "${dd32_t[@]}")")
    echo "ratio $label vs dd bs=1M conv=fsync:  best $(ratio "$(best "${dd_t[@]}")" "$(best "$@")")x, median $(ratio "$(median "${dd_t[@]}")" "$(median "$@")")x"
    echo "ratio $label vs dd bs=32k conv=fsync: best $(ratio "$(best "${dd32_t[@]}")" "$(best "$@")")x, median $(ratio "$(median "${dd32_t[@]}")" "$(median "$@")")x"
    echo "ratio $label vs the faster dd:        best $(ratio "$best_dd" "$(best "$@")")x, median $(ratio "$median_dd" "$(median "$@")")x   (goal >= 0.95)"
}
dd_ratios burn "${burn_t[@]}"
[[ -n ${BASELINE_DISCBURN:-} ]] && dd_ratios baseline "${base_t[@]}"
echo "ratio burn vs xorriso:         best $(ratio "$(best "${xo_t[@]}")" "$(best "${burn_t[@]}")")x, median $(ratio "$(median "${xo_t[@]}")" "$(median "${burn_t[@]}")")x   (goal > 1)"
echo "ratio verify vs cmp+sha+md5:   best $(ratio "$(best "${check_t[@]}")" "$(best "${verify_t[@]}")")x, median $(ratio "$(median "${check_t[@]}")" "$(median "${verify_t[@]}")")x   (goal >= 0.9)"
