# Helpers for steps scripts, sourced before /steps.sh inside the guest (busybox sh).
#
#   step NAME              prints "=== STEP NAME ===" so the host can split the serial log by step, and marks
#                          the step in QEMU's trace (run-guest.sh --trace): a one-byte read of the host bridge's
#                          PCI config space at 0xC0 + (step number mod 64), which the kernel never reads itself
#   kv KEY VALUE...        prints "KEY=VALUE" (one line; the host parses these)
#   as_user CMD [ARG]...   runs CMD as the non-root 'user' (uid 1000, groups user,cdrom), like a desktop user
#   sr_for_sg sgN          prints the srN that shares sgN's SCSI device (numbering is not fixed: use sysfs)
#   bin_path NAME          prints the guest path of a binary passed with --binary (same absolute path as on
#                          the host), e.g. "$(bin_path discburn)" drives --json

step_number=0
step() {
    step_number=$((step_number + 1))
    echo "uptime.start.$*=$(cut -d' ' -f1 /proc/uptime)"   # before the marker: outside the step's lines
    echo "=== STEP $* ==="
    dd if=/sys/bus/pci/devices/0000:00:00.0/config of=/dev/null bs=1 count=1 \
        skip=$((0xC0 + step_number % 64)) 2>/dev/null
}

kv() { key="$1"; shift; echo "$key=$*"; }

as_user() {
    # su as root needs no password and applies the supplementary groups from /etc/group.
    cmd=""
    for arg in "$@"; do cmd="$cmd '$(printf '%s' "$arg" | sed "s/'/'\\\\''/g")'"; done
    su -s /bin/sh user -c "$cmd"
}

sr_for_sg() {
    for dev in /sys/class/scsi_generic/"$1"/device/block/*; do
        [ -e "$dev" ] && basename "$dev"
    done
}

bin_path() { grep "/$1\$" /etc/discburn-binaries | head -n1; }

# --- helpers for CLI steps (issue 3; burn-refusal, verify and rip steps reuse them) -------------------------
#
#   emit NAME FILE                 prints FILE between "--- BEGIN NAME ---" and "--- END NAME ---" lines
#                                  (QEMUGuest.Run.block(named:) reads it back on the host)
#   scsi_target NODE               prints the SCSI target id (the QEMU scsi-id) of srN or sgN, from sysfs
#   discburn_run LABEL ARG...      runs discburn ARG... as root; emits LABEL.stdout, LABEL.stderr and kv LABEL.rc
#   discburn_run_user LABEL ARG... the same as the non-root 'user' (group cdrom): the kernel's command allow-list
#   for_each_node VAR CMD...       runs CMD... once per /dev/srN and /dev/sgN with $VAR set to the node name

emit() {
    echo "--- BEGIN $1 ---"
    if [ -f "$2" ]; then
        cat "$2"
        [ -s "$2" ] && [ -n "$(tail -c1 "$2")" ] && echo
    fi
    echo "--- END $1 ---"
}

scsi_target() {
    case "$1" in
        sr*) link=/sys/class/block/$1/device ;;
        sg*) link=/sys/class/scsi_generic/$1/device ;;
        *) echo "?"; return 1 ;;
    esac
    basename "$(readlink -f "$link")" | cut -d: -f3
}

discburn_run() {
    label="$1"; shift
    "$(bin_path discburn)" "$@" > "/tmp/$label.out" 2> "/tmp/$label.err"
    kv "$label.rc" "$?"
    emit "$label.stdout" "/tmp/$label.out"
    emit "$label.stderr" "/tmp/$label.err"
}

discburn_run_user() {
    label="$1"; shift
    as_user "$(bin_path discburn)" "$@" > "/tmp/$label.out" 2> "/tmp/$label.err"
    kv "$label.rc" "$?"
    emit "$label.stdout" "/tmp/$label.out"
    emit "$label.stderr" "/tmp/$label.err"
}

for_each_node() {
    var="$1"; shift
    for node in $(ls /sys/class/block | grep '^sr') $(ls /sys/class/scsi_generic); do
        eval "$var=\$node"
        "$@"
    done
}

#   node_for_target sr|sg ID       prints the srN (or sgN) whose SCSI target id is ID
node_for_target() {
    if [ "$1" = sr ]; then list=$(ls /sys/class/block | grep '^sr'); else list=$(ls /sys/class/scsi_generic); fi
    for candidate in $list; do
        [ "$(scsi_target "$candidate")" = "$2" ] && { echo "$candidate"; return 0; }
    done
    return 1
}

#   tool_run LABEL CMD ARG...      runs any CMD as root; emits LABEL.stdout, LABEL.stderr and kv LABEL.rc
#                                  (the reference burners xorriso and growisofs)
tool_run() {
    label="$1"; shift
    "$@" > "/tmp/$label.out" 2> "/tmp/$label.err" < /dev/null
    kv "$label.rc" "$?"
    emit "$label.stdout" "/tmp/$label.out"
    emit "$label.stderr" "/tmp/$label.err"
}
