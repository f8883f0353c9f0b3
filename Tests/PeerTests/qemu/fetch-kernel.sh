#!/bin/bash
# Obtains Debian's amd64 kernel image package without installing it: `apt-get download` of the version that
# Debian's linux-image-amd64 currently depends on, unpacked with `dpkg -x` into a cache directory.
#
# usage: fetch-kernel.sh [CACHE_DIR]      (default: <package>/.build/peer-cache/kernel)
# prints: the unpacked root (holding boot/vmlinuz-VERSION, boot/vmlinux-VERSION and lib/modules/VERSION) on
#         stdout, last line. boot/vmlinux-VERSION is the uncompressed ELF kernel cut out of the bzImage (the
#         kernel's scripts/extract-vmlinux method): QEMU boots it through its PVH entry without decompressing
#         xz under TCG, which takes ~10 s there (PEERS.md §3).
# env:    DISCBURN_KERNEL_VERSION=6.1.0-NN-amd64 pins a version instead of asking apt-cache.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
cache="${1:-$root/.build/peer-cache/kernel}"
mkdir -p "$cache"

die() { echo "fetch-kernel: $*" >&2; exit 1; }
command -v apt-get >/dev/null || die "apt-get not found: the QEMU peer tests need Debian's kernel package"
command -v dpkg >/dev/null || die "dpkg not found"

version="${DISCBURN_KERNEL_VERSION:-}"
if [ -z "$version" ]; then
    # "Depends: linux-image-6.1.0-56-amd64" -> 6.1.0-56-amd64
    version="$(apt-cache depends linux-image-amd64 2>/dev/null \
        | sed -n 's/^ *Depends: linux-image-\([0-9][^ ]*\)$/\1/p' | head -n1)"
    if [ -z "$version" ]; then
        # No apt lists (fresh machine before `apt-get update`): reuse whatever is cached.
        cached="$(ls -d "$cache"/linux-image-*/.complete 2>/dev/null | head -n1 || true)"
        [ -n "$cached" ] || die "apt-cache knows no linux-image-amd64: run 'apt-get update' first"
        cached="$(dirname "$cached")"
        version="${cached##*/linux-image-}"
    fi
fi

# Cuts the compressed payload out of a bzImage at the first xz (or gzip/zstd) magic and decompresses it to an
# ELF file; the first magic whose stream decompresses to an ELF wins (the magic may also occur by chance).
extract_vmlinux() {
    local image="$1" out="$2" tmp="$2.tmp" magic tool offset
    for pair in 'xz:\xfd7zXZ\x00' 'zstd:\x28\xb5\x2f\xfd' 'gzip:\x1f\x8b\x08'; do
        tool="${pair%%:*}" magic="${pair#*:}"
        command -v "$tool" >/dev/null || continue
        for offset in $(LC_ALL=C grep -obUaP "$magic" "$image" | cut -d: -f1 | head -n 4); do
            case "$tool" in
                xz) tail -c +"$((offset + 1))" "$image" | xz -dc --single-stream > "$tmp" 2>/dev/null || true ;;
                zstd) tail -c +"$((offset + 1))" "$image" | zstd -qdc > "$tmp" 2>/dev/null || true ;;
                gzip) tail -c +"$((offset + 1))" "$image" | gzip -dc > "$tmp" 2>/dev/null || true ;;
            esac
            if [ "$(head -c 4 "$tmp" 2>/dev/null | od -An -tx1 | tr -d ' ')" = "7f454c46" ]; then
                mv "$tmp" "$out"
                return 0
            fi
        done
    done
    rm -f "$tmp"
    die "could not extract an ELF vmlinux from $image (needs xz-utils, zstd or gzip)"
}

unpacked="$cache/linux-image-$version"
if [ -f "$unpacked/.complete" ] && [ -f "$unpacked/.vmlinux" ]; then
    echo "$unpacked"
    exit 0
fi

# One download at a time even when several test processes start together.
exec 9>"$cache/.lock"
flock 9
if [ ! -f "$unpacked/.complete" ]; then
    work="$(mktemp -d "$cache/download.XXXXXX")"
    trap 'rm -rf "$work"' EXIT
    (cd "$work" && apt-get -q -o APT::Sandbox::User=root download "linux-image-$version" >&2) \
        || die "apt-get download linux-image-$version failed (run 'apt-get update'? is the mirror reachable?)"
    deb="$(ls "$work"/linux-image-"$version"_*.deb | head -n1)"
    rm -rf "$unpacked"
    mkdir -p "$unpacked"
    dpkg -x "$deb" "$unpacked"
    ls "$unpacked/boot/vmlinuz-$version" >/dev/null || die "no boot/vmlinuz-$version in $deb"
    touch "$unpacked/.complete"
fi
if [ ! -f "$unpacked/.vmlinux" ]; then
    extract_vmlinux "$unpacked/boot/vmlinuz-$version" "$unpacked/boot/vmlinux-$version"
    touch "$unpacked/.vmlinux"
fi
echo "$unpacked"
