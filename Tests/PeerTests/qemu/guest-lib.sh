# Helpers for steps scripts, sourced before /steps.sh inside the guest (busybox sh).
#
#   step NAME              prints "=== STEP NAME ===" so the host can split the serial log by step
#   kv KEY VALUE...        prints "KEY=VALUE" (one line; the host parses these)
#   as_user CMD [ARG]...   runs CMD as the non-root 'user' (uid 1000, groups user,cdrom), like a desktop user
#   sr_for_sg sgN          prints the srN that shares sgN's SCSI device (numbering is not fixed: use sysfs)
#   bin_path NAME          prints the guest path of a binary passed with --binary (same absolute path as on
#                          the host), e.g. "$(bin_path discburn)" drives --json

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

bin_path() { grep "/$1\$" /etc/discburn-binaries | head -n1; }
