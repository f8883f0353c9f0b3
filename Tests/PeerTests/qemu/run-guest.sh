#!/bin/bash
# Boots Debian's kernel under qemu-system-x86_64 (TCG, no KVM) with virtio-scsi CD/DVD drives, runs a steps
# script inside as root (with helpers from guest-lib.sh), captures the serial console, and checks the END marker.
#
# usage: run-guest.sh --out DIR --steps FILE [--binary PATH]... [--file SRC:DEST]...
#                     [--cd FILE.iso] [--dvd FILE.img] [--empty] [--iscsi URL] [--dvd-vendor V] [--dvd-product P]
#                     [--trace] [--timeout SECONDS] [--memory MB] [--module NAME]... [--qemu-arg ARG]...
#                     [--kernel-root DIR]
#   Drives appear in the order given on the command line, at scsi-id 0, 1, 2, ...; each of --cd/--dvd/--empty/
#   --iscsi may be repeated. --dvd sets the INQUIRY vendor/product (default DISCBURN / VIRTUAL-DVD). --iscsi
#   passes an iSCSI LUN (e.g. tgt's blank DVD+R, iscsi://127.0.0.1:PORT/IQN/1) through to the guest kernel with
#   QEMU's libiscsi driver (package qemu-block-extra) and `scsi-block`: every CDB reaches the LUN (PEERS.md §3).
#   --trace logs QEMU's SCSI trace events (qemu/trace-events) to DIR/trace.log: every CDB passed through, and
#   the guest's step markers (`step` in guest-lib.sh reads one byte of the host bridge's PCI config space).
#   --module adds a kernel module to the initramfs (with its dependencies); --qemu-arg passes one argument to QEMU
#   as is (e.g. USB sticks and virtio disks for the usb-write test; the steps wait for those devices themselves).
#   --kernel-root takes the directory fetch-kernel.sh printed (a test process asks apt once, not per boot);
#   without it, fetch-kernel.sh is run here.
# boot:   the uncompressed ELF vmlinux through its PVH entry with qboot, an uncompressed cpio, and
#         `cryptomgr.notests tsc=reliable no_timer_check`: /init in ~4 s under TCG instead of ~17 s.
#         `norandmaps` (no address-space randomisation in the guest): every process maps its binary and libraries
#         at the same addresses, so TCG reuses the code it translated for the previous process instead of
#         translating Swift's runtime and Foundation again; a debug discburn then starts in ~0.3 s instead of
#         ~1 s (12 probe/drives runs: 9.3 s instead of 17.6 s, measured at the same load).
# writes: DIR/serial.log (the guest's console), DIR/qemu.log (QEMU's own messages), DIR/initrd.cpio,
#         DIR/trace.log (--trace),
#         DIR/timing (lines: kernel=..., initramfs_seconds=..., boot_seconds=..., guest_ready_uptime=...)
# exit:   0 when the guest printed "DISCBURN-GUEST-END rc=0"; the steps' rc when non-zero; 124 on timeout;
#         2 for usage or setup errors (missing packages are named).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
die() { echo "run-guest: $*" >&2; exit 2; }

out="" steps="" timeout=180 memory=1024 trace=0 kernel_root=""
dvd_vendor="DISCBURN" dvd_product="VIRTUAL-DVD"
build_args=() drive_args=() extra_qemu_args=()
drives=0
add_drive() {  # kind file
    local id="cd$drives"
    case "$1" in
        cd)    drive_args+=(-drive "if=none,id=$id,file=$2,media=cdrom,format=raw,readonly=on"
                            -device "scsi-cd,drive=$id,bus=s0.0,scsi-id=$drives") ;;
        dvd)   drive_args+=(-drive "if=none,id=$id,file=$2,media=cdrom,format=raw,readonly=on"
                            -device "scsi-cd,drive=$id,bus=s0.0,scsi-id=$drives,vendor=$dvd_vendor,product=$dvd_product") ;;
        empty) drive_args+=(-drive "if=none,id=$id,media=cdrom"
                            -device "scsi-cd,drive=$id,bus=s0.0,scsi-id=$drives") ;;
        iscsi) drive_args+=(-drive "if=none,id=$id,format=raw,cache=none,file=$2"
                            -device "scsi-block,drive=$id,bus=s0.0,scsi-id=$drives,lun=0") ;;
    esac
    drives=$((drives + 1))
}
pending=()
while [ $# -gt 0 ]; do
    case "$1" in
        --out) out="$2"; shift 2 ;;
        --steps) steps="$2"; shift 2 ;;
        --binary) build_args+=(--binary "$2"); shift 2 ;;
        --file) build_args+=(--file "$2"); shift 2 ;;
        --cd) [ -f "$2" ] || die "--cd $2: no such file"; pending+=("cd:$2"); shift 2 ;;
        --dvd) [ -f "$2" ] || die "--dvd $2: no such file"; pending+=("dvd:$2"); shift 2 ;;
        --empty) pending+=("empty:"); shift ;;
        --iscsi) case "$2" in iscsi://*) ;; *) die "--iscsi $2: not an iscsi:// URL" ;; esac
                 pending+=("iscsi:$2"); shift 2 ;;
        --trace) trace=1; shift ;;
        --dvd-vendor) dvd_vendor="$2"; shift 2 ;;
        --dvd-product) dvd_product="$2"; shift 2 ;;
        --timeout) timeout="$2"; shift 2 ;;
        --memory) memory="$2"; shift 2 ;;
        --module) build_args+=(--module "$2"); shift 2 ;;
        --qemu-arg) extra_qemu_args+=("$2"); shift 2 ;;
        --kernel-root) kernel_root="$2"; shift 2 ;;
        *) die "unknown argument $1 (see the header of $0)" ;;
    esac
done
[ -n "$out" ] && [ -n "$steps" ] || die "need --out DIR and --steps FILE"
[ ${#dvd_vendor} -le 8 ] || die "--dvd-vendor is at most 8 characters (INQUIRY T10 vendor identification)"
[ ${#dvd_product} -le 16 ] || die "--dvd-product is at most 16 characters (INQUIRY product identification)"
for entry in "${pending[@]}"; do add_drive "${entry%%:*}" "${entry#*:}"; done

qemu="$(command -v qemu-system-x86_64 || true)"
[ -n "$qemu" ] || die "qemu-system-x86_64 not found: apt-get install -y qemu-system-x86"
command -v busybox >/dev/null || die "busybox not found: apt-get install -y busybox-static"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

if [ -z "$kernel_root" ]; then
    kernel_root="$("$here/fetch-kernel.sh" | tail -n1)" || die "could not obtain Debian's kernel (see above)"
fi
[ -n "$(ls "$kernel_root"/boot/vmlinux-* 2>/dev/null)" ] \
    || die "no boot/vmlinux-* in $kernel_root (see fetch-kernel.sh)"
vmlinux="$(ls "$kernel_root"/boot/vmlinux-* | head -n1)"
qboot=/usr/share/qemu/qboot.rom
[ -f "$qboot" ] || die "$qboot not found: apt-get install -y qemu-system-data"
if [ "${#pending[@]}" -gt 0 ] && printf '%s\n' "${pending[@]}" | grep -q '^iscsi:'; then
    [ -n "$(ls /usr/lib/x86_64-linux-gnu/qemu/block-iscsi.so 2>/dev/null)" ] \
        || die "QEMU's iSCSI driver (block-iscsi.so) not found: apt-get install -y qemu-block-extra"
fi
trace_args=()
if [ "$trace" = 1 ]; then
    trace_args=(-trace "events=$here/trace-events" -D "$out/trace.log")
    rm -f "$out/trace.log"
fi

t0=$(date +%s.%N)
"$here/build-initramfs.sh" --kernel-root "$kernel_root" --steps "$steps" --out "$out/initrd.cpio" \
    --drives "$drives" "${build_args[@]}"
t1=$(date +%s.%N)

rm -f "$out/serial.log"
set +e
timeout --signal=KILL "$timeout" "$qemu" -nodefaults -accel tcg -machine pc -cpu max -m "$memory" -smp 1 \
    -display none -no-reboot -serial "file:$out/serial.log" \
    -bios "$qboot" -kernel "$vmlinux" -initrd "$out/initrd.cpio" \
    -append "console=ttyS0 quiet panic=-1 loglevel=1 cryptomgr.notests tsc=reliable no_timer_check norandmaps" \
    -device virtio-scsi-pci,id=s0 "${drive_args[@]}" "${trace_args[@]}" \
    ${extra_qemu_args[@]+"${extra_qemu_args[@]}"} > "$out/qemu.log" 2>&1
qemu_status=$?
set -e
t2=$(date +%s.%N)

ready="$(sed -n 's/.*DISCBURN-GUEST-READY uptime=\([0-9.]*\).*/\1/p' "$out/serial.log" | head -n1)"
{
    echo "kernel=$(basename "$vmlinux")"
    echo "initramfs_seconds=$(awk "BEGIN { printf \"%.2f\", $t1 - $t0 }")"
    echo "boot_seconds=$(awk "BEGIN { printf \"%.2f\", $t2 - $t1 }")"
    echo "guest_ready_uptime=${ready:-none}"
    echo "qemu_status=$qemu_status"
} > "$out/timing"

if [ "$qemu_status" -eq 137 ] || [ "$qemu_status" -eq 124 ]; then
    echo "run-guest: QEMU killed after ${timeout}s without powering off; serial log: $out/serial.log" >&2
    exit 124
fi
end_line="$(grep -a 'DISCBURN-GUEST-END rc=' "$out/serial.log" | tail -n1 || true)"
if [ -z "$end_line" ]; then
    echo "run-guest: no DISCBURN-GUEST-END marker (QEMU status $qemu_status); see $out/serial.log, $out/qemu.log" >&2
    tail -n 20 "$out/serial.log" >&2 || true
    exit 3
fi
rc="$(echo "$end_line" | sed -n 's/.*rc=\([0-9]*\).*/\1/p')"
exit "${rc:-3}"
