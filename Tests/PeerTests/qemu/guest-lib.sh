# Helpers for steps scripts, sourced before /steps.sh inside the guest (busybox sh).
#
#   step NAME              prints "=== STEP NAME ===" so the host can split the serial log by step
#   kv KEY VALUE...        prints "KEY=VALUE" (one line; the host parses these)
#   as_user CMD [ARG]...   runs CMD as the non-root 'user' (uid 1000, groups user,cdrom), like a desktop user
#   sr_for_sg sgN          prints the srN that shares sgN's SCSI device (numbering is not fixed: use sysfs)

step() { echo "=== STEP $* ==="; }

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
