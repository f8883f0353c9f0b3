#!/bin/bash
# Builds an uncompressed newc initramfs for the QEMU peer guest (gunzip of ~100 MB costs seconds under TCG):
# busybox-static, the SCSI CD modules from Debian's
# kernel (in dependency order, read from each .ko's .modinfo `depends=`), extra binaries with their `ldd`
# closure at the same absolute paths, a non-root user in group cdrom, the steps script, and an /init that
# loads the modules, waits for the drives, runs the steps and powers off.
#
# usage: build-initramfs.sh --kernel-root DIR --steps FILE --out FILE.cpio [--binary PATH]... [--file SRC:DEST]...
#                           [--drives N] [--module NAME]...
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
die() { echo "build-initramfs: $*" >&2; exit 1; }

kernel_root="" steps="" out="" drives=0
binaries=() files=() extra_modules=()
while [ $# -gt 0 ]; do
    case "$1" in
        --kernel-root) kernel_root="$2"; shift 2 ;;
        --steps) steps="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        --binary) binaries+=("$2"); shift 2 ;;
        --file) files+=("$2"); shift 2 ;;
        --drives) drives="$2"; shift 2 ;;
        --module) extra_modules+=("$2"); shift 2 ;;
        *) die "unknown argument $1" ;;
    esac
done
[ -n "$kernel_root" ] && [ -n "$steps" ] && [ -n "$out" ] || die "need --kernel-root, --steps and --out"
[ -f "$steps" ] || die "steps file $steps not found"
busybox="$(command -v busybox || true)"
[ -n "$busybox" ] || die "busybox not found: apt-get install -y busybox-static"
ldd "$busybox" >/dev/null 2>&1 && die "$busybox is dynamically linked: apt-get install -y busybox-static"

moddir="$(ls -d "$kernel_root"/lib/modules/*/ | head -n1)"
[ -d "$moddir" ] || die "no lib/modules in $kernel_root"
version="$(basename "$moddir")"

stage="$(mktemp -d "${TMPDIR:-/tmp}/discburn-initramfs.XXXXXX")"
trap 'rm -rf "$stage"' EXIT
chmod 755 "$stage"   # mktemp made it 0700: the non-root guest user could not even run /bin/sh
mkdir -p "$stage"/{bin,sbin,dev,proc,sys,tmp,etc,root,home/user,lib/discburn-modules,usr/bin,usr/sbin}
chmod 1777 "$stage/tmp"
cp "$busybox" "$stage/bin/busybox"
ln -s busybox "$stage/bin/sh"

# --- kernel modules, dependency order -------------------------------------------------------------------
wanted=(scsi_common scsi_mod virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci
        virtio_scsi cdrom sr_mod sg isofs ${extra_modules[@]+"${extra_modules[@]}"})
declare -A path_of=() placed=()
order=()
while IFS= read -r ko; do
    name="${ko##*/}"; name="${name%%.ko*}"   # no subshells: this loop sees ~4,000 modules
    path_of[$name]="$ko"
    path_of[${name//-/_}]="$ko"
done < <(find "$moddir/kernel" -name '*.ko' -o -name '*.ko.xz' -o -name '*.ko.zst' -o -name '*.ko.gz')

# Decompresses a module into the stage (busybox insmod reads plain ELF only); echoes the staged path.
stage_module() {
    local src="$1" name="$2" dest="$stage/lib/discburn-modules/$2.ko"
    case "$src" in
        *.ko.xz) xz -dc "$src" > "$dest" ;;
        *.ko.zst) zstd -qdc "$src" > "$dest" ;;
        *.ko.gz) gzip -dc "$src" > "$dest" ;;
        *) cp "$src" "$dest" ;;
    esac
    echo "$dest"
}

place() {  # depth-first: dependencies first
    local name="${1//-/_}"
    [ -n "${placed[$name]:-}" ] && return 0
    placed[$name]=1
    local src="${path_of[$name]:-}"
    [ -n "$src" ] || die "module $name not found under $moddir (built in? renamed?)"
    local staged deps
    staged="$(stage_module "$src" "$name")"
    deps="$(tr '\0' '\n' < "$staged" | sed -n 's/^depends=//p' | head -n1)"
    local dep
    for dep in ${deps//,/ }; do place "$dep"; done
    order+=("$name")
}
for m in "${wanted[@]}"; do place "$m"; done
printf '%s\n' "${order[@]}" > "$stage/etc/discburn-modules"

# --- binaries and their shared-library closure ------------------------------------------------------------
copy_with_path() {  # same absolute path inside the guest, symlinks resolved
    local src="$1"
    mkdir -p "$stage$(dirname "$src")"
    cp -L "$src" "$stage$src"
}
: > "$stage/etc/discburn-binaries"
for bin in "${binaries[@]}"; do
    [ -x "$bin" ] || die "binary $bin not found or not executable"
    bin="$(readlink -f "$bin")"
    copy_with_path "$bin"
    echo "$bin" >> "$stage/etc/discburn-binaries"
    # "libx.so => /lib/x/libx.so (0x...)" and "/lib64/ld-linux-x86-64.so.2 (0x...)"
    while IFS= read -r lib; do
        [ -n "$lib" ] && copy_with_path "$lib"
    done < <(ldd "$bin" 2>/dev/null | sed -n -e 's/.*=> \(\/[^ ]*\).*/\1/p' -e 's/^[[:space:]]*\(\/[^ ]*\) (0x.*/\1/p' | sort -u)
done
for pair in "${files[@]}"; do
    src="${pair%%:*}" dest="${pair#*:}"
    mkdir -p "$stage$(dirname "$dest")"
    cp -L "$src" "$stage$dest"
done

# --- users: root, and a non-root user in group cdrom for the kernel's command allow-list ------------------
cat > "$stage/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
user:x:1000:1000:DiscBurn test user:/home/user:/bin/sh
PASSWD
cat > "$stage/etc/group" <<'GROUP'
root:x:0:
cdrom:x:24:user
user:x:1000:
GROUP
chown 1000:1000 "$stage/home/user"

cp "$steps" "$stage/steps.sh"
cp "$here/guest-lib.sh" "$stage/lib/guest-lib.sh"
sed "s/@DRIVES@/$drives/" "$here/guest-init.sh" > "$stage/init"
chmod 755 "$stage/init" "$stage/steps.sh"

mkdir -p "$(dirname "$out")"
(cd "$stage" && find . | "$stage/bin/busybox" cpio -o -H newc 2>/dev/null) > "$out"
echo "initramfs: $(du -h "$out" | cut -f1) for kernel $version, modules: ${order[*]}" >&2
