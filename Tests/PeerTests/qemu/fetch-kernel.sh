#!/bin/bash
# Obtains Debian's amd64 kernel image package without installing it: `apt-get download` of the version that
# Debian's linux-image-amd64 currently depends on, unpacked with `dpkg -x` into a cache directory.
#
# usage: fetch-kernel.sh [CACHE_DIR]      (default: <package>/.build/peer-cache/kernel)
# prints: the unpacked root (holding boot/vmlinuz-VERSION and lib/modules/VERSION) on stdout, last line.
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
        cached="$(ls -d "$cache"/linux-image-*/boot 2>/dev/null | head -n1 || true)"
        [ -n "$cached" ] && { dirname "$cached"; exit 0; }
        die "apt-cache knows no linux-image-amd64: run 'apt-get update' first"
    fi
fi

unpacked="$cache/linux-image-$version"
if [ -f "$unpacked/.complete" ]; then
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
echo "$unpacked"
