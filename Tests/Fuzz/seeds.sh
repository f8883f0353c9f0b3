#!/usr/bin/env bash
# Seeds for the fuzz targets, from the test fixtures: the recorded drive traces in Tests/TraceTests/Fixtures
# (responses, sense data, CDBs), small images built with xorriso/genisoimage the way Tests/DiscImageTests builds
# them, cue sheets as the tests write them, and virtual-disc state files written by the built CLI.
#
#   Tests/Fuzz/seeds.sh OUTDIR        (idempotent: skips when OUTDIR/.done exists)
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=$1
[ -f "$OUT/.done" ] && exit 0
mkdir -p "$OUT"/{mmc,sense,cue,extractpath,trace,iso,udf,vdstate,vdcdb}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Drive responses, sense bytes and CDB sequences from the recorded traces.
python3 - "$OUT" Tests/TraceTests/Fixtures/*.jsonl <<'EOF'
import json, sys, os, hashlib
out = sys.argv[1]
def save(kind, data):
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(out, kind, name), "wb") as f: f.write(data)
for path in sys.argv[2:]:
    lines = open(path).read().splitlines()
    for start in range(0, len(lines), 40):
        save("trace", ("\n".join(lines[start:start + 40]) + "\n").encode()[:16384])
    commands = bytearray([0])
    for line in lines:
        r = json.loads(line)
        data_in = bytes.fromhex(r.get("dataIn") or "")
        if data_in: save("mmc", data_in[:4096])
        sense = bytes.fromhex(r.get("sense") or "")
        if sense: save("sense", sense)
        cdb = bytes.fromhex(r["cdb"])
        direction = {"none": 0, "in": 1, "out": 2}[r["direction"]]
        out_data = bytes.fromhex(r.get("dataOut") or "")
        length = len(out_data) if direction == 2 else min(r["length"], 65535)
        commands += bytes([len(cdb) - 6]) + cdb + bytes([direction, length >> 8, length & 255]) + out_data
        if len(commands) > 3000:
            for kind in range(0, 12): save("vdcdb", bytes([kind]) + commands[1:])
            commands = bytearray([0])
    if len(commands) > 1:
        for kind in range(0, 12): save("vdcdb", bytes([kind]) + commands[1:])
EOF

# Cue sheets (valid and broken) as the DiscImage tests write them.
printf 'FILE "disc.bin" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n' > "$OUT/cue/one"
printf 'FILE "a.bin" BINARY\n TRACK 01 MODE1/2352\n  INDEX 01 00:00:00\nFILE "b.bin" BINARY\n TRACK 02 AUDIO\n  PREGAP 00:02:00\n  INDEX 00 00:00:00\n  INDEX 01 01:02:03\n' > "$OUT/cue/two"
printf 'REM comment\nCATALOG 0000000000000\nPERFORMER "x"\nFILE "d.bin" MOTOROLA\n  TRACK 01 AUDIO\n    FLAGS DCP\n    ISRC ABCDE1234567\n    INDEX 01 00:00:00\n' > "$OUT/cue/text"
printf 'this is not a cue sheet\n' > "$OUT/cue/nonsense"

# Names and symlink targets for extract's path logic (name 0xFF target 0xFF link directory).
printf '..\xffsub/up/..\xffa/b' > "$OUT/extractpath/climb"
printf 'plain.txt\xff../bin/run.sh\xffdocs' > "$OUT/extractpath/relative"
printf 'X\n\x1b[31mY\xff/etc/passwd\xff' > "$OUT/extractpath/control"
printf 'a/b\xff..\x00/x/y\xff' > "$OUT/extractpath/nul"

# Images: the fixture trees of Tests/DiscImageTests, small; the first 32 KiB (system area) is left out.
TREE=$WORK/tree
mkdir -p "$TREE/docs/sub dir" "$TREE/bin" "$TREE/boot" "$TREE/deep/1/2/3/4/5/6/7/8/9"
printf 'hello\n' > "$TREE/docs/readme.txt"
head -c 3000 /dev/urandom > "$TREE/docs/sub dir/random.bin"
printf '#!/bin/sh\n' > "$TREE/bin/run.sh"
printf 'deep' > "$TREE/deep/1/2/3/4/5/6/7/8/9/bottom.txt"
head -c 2048 /dev/zero > "$TREE/boot/bios.img"
ln -s readme.txt "$TREE/docs/link"
ln -s ../bin/run.sh "$TREE/docs/sub dir/up-link"
strip() { dd if="$1" of="$3" bs=2048 skip=16 count=$(( $2 / 2048 )) status=none; }
if command -v xorriso >/dev/null; then
    xorriso -as mkisofs -quiet -R -J -o "$WORK/rrj.iso" "$TREE" 2>/dev/null
    xorriso -as mkisofs -quiet -R -J -b boot/bios.img -no-emul-boot -o "$WORK/boot.iso" "$TREE" 2>/dev/null
    strip "$WORK/rrj.iso" 262144 "$OUT/iso/rr-joliet"
    strip "$WORK/boot.iso" 262144 "$OUT/iso/eltorito"
fi
if command -v genisoimage >/dev/null; then
    genisoimage -quiet -o "$WORK/plain.iso" "$TREE" 2>/dev/null
    genisoimage -quiet -R -o "$WORK/rr.iso" "$TREE" 2>/dev/null
    genisoimage -quiet -udf -R -J -o "$WORK/udf.iso" "$TREE" 2>/dev/null
    strip "$WORK/plain.iso" 262144 "$OUT/iso/plain"
    strip "$WORK/rr.iso" 262144 "$OUT/iso/rr-geniso"
    strip "$WORK/udf.iso" 262144 "$OUT/iso/udf-bridge"
    # udf target layout: blocks 16-23, blocks 32-63, then block 256 on (see Targets/udf.swift).
    { dd if="$WORK/udf.iso" bs=2048 skip=16 count=8 status=none
      dd if="$WORK/udf.iso" bs=2048 skip=32 count=32 status=none
      dd if="$WORK/udf.iso" bs=2048 skip=256 count=30 status=none; } > "$OUT/udf/bridge"
fi
if command -v mkudffs >/dev/null || [ -x /usr/sbin/mkudffs ]; then
    # UDF 2.01 (extended file entries, root directory embedded in its ICB) and 1.02 with long allocation
    # descriptors, from udftools; same layout as above.
    for variant in "2.01 inicb" "1.02 long"; do
        set -- $variant
        truncate -s $((2001 * 2048)) "$WORK/mkudffs-$1.img"
        PATH=$PATH:/usr/sbin mkudffs --media-type=hd --blocksize=2048 --udfrev=$1 --ad=$2 "$WORK/mkudffs-$1.img" >/dev/null 2>&1 || continue
        { dd if="$WORK/mkudffs-$1.img" bs=2048 skip=16 count=8 status=none
          dd if="$WORK/mkudffs-$1.img" bs=2048 skip=32 count=32 status=none
          dd if="$WORK/mkudffs-$1.img" bs=2048 skip=256 count=30 status=none; } > "$OUT/udf/mkudffs-$1"
    done
fi

# Virtual disc state files written by the built CLI (blank, burned, formatted).
BIN=.build/debug/discburn
if [ -x "$BIN" ] && [ -f "$WORK/plain.iso" ]; then
    for media in dvd+r cd-r bd-re dvd-rw dvd+r-dl; do
        "$BIN" probe --drive "virtual:$media:$WORK/blank-$media" >/dev/null 2>&1 || true
        cp "$WORK/blank-$media/state.json" "$OUT/vdstate/blank-$media" 2>/dev/null || true
        "$BIN" burn "$WORK/plain.iso" --drive "virtual:$media:$WORK/burned-$media" --no-verify >/dev/null 2>&1 || true
        cp "$WORK/burned-$media/state.json" "$OUT/vdstate/burned-$media" 2>/dev/null || true
    done
fi
touch "$OUT/.done"
