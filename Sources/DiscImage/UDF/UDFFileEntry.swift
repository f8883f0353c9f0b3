/// One piece of a UDF file's data, in file order.
enum UDFPiece: Sendable, Equatable {
    /// `bytes` of data starting at disc address `lba` (contiguous on the medium).
    case recorded(lba: Int64, bytes: Int64)
    /// Allocated-but-unrecorded or unallocated extents (ECMA-167 4/14.14.1.1 types 1, 2): read as zeros.
    case zeros(bytes: Int64)
    /// Data embedded in the file entry itself (ICB flags 3, 4/14.6.8), at most one block.
    case embedded([UInt8])

    var bytes: Int64 {
        switch self {
        case .recorded(_, let bytes), .zeros(let bytes): return bytes
        case .embedded(let data): return Int64(data.count)
        }
    }
}

/// A File Entry (tag 261, ECMA-167 4/14.9) or Extended File Entry (tag 266, 4/14.17): type, length, date and
/// where the data is. Allocation descriptor chains (4/14.5) are followed with a cap on hops and pieces.
struct UDFFileEntry: Sendable {
    /// ICB tag file type (4/14.6.6): 4 directory, 5 file, 12 symbolic link, 250/251 metadata (mirror) file.
    var fileType: UInt8
    var informationLengthBytes: Int64
    var modificationDate: ISODate?
    var pieces: [UDFPiece]

    static let maximumPieces = 65536
    static let maximumContinuations = 4096

    static func read(_ volume: UDFLogicalVolume, at address: UDFBlockAddress, path: String,
                     budget: UDFWorkBudget = UDFWorkBudget()) throws -> UDFFileEntry {
        func damaged(_ detail: String) -> DiscImageError {
            .corrupt(path: path, detail: "UDF: file entry at partition block \(address.block): " + detail)
        }
        guard let block = try volume.block(address) else { throw damaged("outside its partition or the file") }
        let tag = UDFTag.identifier(block)
        guard tag == UDFTag.fileEntry || tag == UDFTag.extendedFileEntry,
              UDFTag.location(block) == address.block else {
            if tag == UDFTag.indirectEntry {
                throw UDFLogicalVolume.unsupported(path, "indirect ICB entries (strategy 4096)")
            }
            throw damaged("no valid file entry descriptor there")
        }
        let extended = tag == UDFTag.extendedFileEntry
        let areaStart = extended ? 216 : 176
        guard let fileType = block.u8(27), let flags = block.u16le(34), let length = block.u64le(56),
              let extendedAttributeBytes = block.u32le(areaStart - 8),
              let descriptorBytes = block.u32le(areaStart - 4),
              let area = block.slice(areaStart + Int(min(extendedAttributeBytes, 2048)),
                                     Int(min(descriptorBytes, 2048))) else {
            throw damaged("its extended attributes and allocation descriptors do not fit in the block")
        }
        guard length <= UInt64(Int64.max / 2) else { throw damaged("information length \(length)") }
        guard let form = UDFAllocationForm(rawValue: UInt8(flags & 7)) else {
            throw damaged("unknown allocation descriptor type \(flags & 7)")
        }
        var entry = UDFFileEntry(fileType: fileType, informationLengthBytes: Int64(length),
                                 modificationDate: ISODate(udfTimestamp: block, at: extended ? 92 : 84), pieces: [])
        if form == .embedded {
            guard Int64(area.count) >= entry.informationLengthBytes, let data = area.array(0, Int(length)) else {
                throw damaged("embedded data shorter than the file's length \(length)")
            }
            entry.pieces = [.embedded(data)]
        } else {
            entry.pieces = try readPieces(volume, area: area, form: form, icbPartition: address.partitionReference,
                                          wantedBytes: entry.informationLengthBytes, budget: budget, damaged: damaged)
        }
        return entry
    }

    /// The allocation descriptors of `area`, following continuation extents, until the file's length is covered
    /// or a zero-length descriptor ends the list.
    private static func readPieces(_ volume: UDFLogicalVolume, area: ByteView, form: UDFAllocationForm,
                                   icbPartition: UInt16, wantedBytes: Int64, budget: UDFWorkBudget,
                                   damaged: (String) -> DiscImageError) throws -> [UDFPiece] {
        var pieces: [UDFPiece] = []
        var covered: Int64 = 0
        var zeroBytes: Int64 = 0
        var current = area
        var hops = 0
        var offset = 0
        while covered < wantedBytes {
            guard let extent = UDFExtent.read(current, at: offset, form: form, icbPartition: icbPartition),
                  extent.lengthBytes > 0 else { break }
            offset += form.descriptorBytes
            budget.descriptors -= 1
            guard budget.descriptors >= 0 else {
                throw damaged("the tree holds more than \(UDFWorkBudget.descriptorsPerWalk) allocation descriptors")
            }
            let bytes = Int64(extent.lengthBytes)
            switch extent.kind {
            case .continuation:
                hops += 1
                guard hops <= maximumContinuations, let next = try volume.block(extent.address),
                      UDFTag.identifier(next) == UDFTag.allocationExtent, let listBytes = next.u32le(20),
                      let list = next.slice(24, Int(min(listBytes, 2048 - 24))) else {
                    throw damaged("a broken or looping allocation extent chain")
                }
                current = list
                offset = 0
                continue
            case .recorded:
                let blocks = (bytes + 2047) / 2048
                guard let runs = volume.runs(extent.address, blocks: blocks) else {
                    throw damaged("an extent at partition block \(extent.address.block) lies outside its partition")
                }
                var left = min(bytes, wantedBytes - covered)
                for run in runs where left > 0 {
                    let take = min(left, run.blocks * 2048)
                    pieces.append(.recorded(lba: run.lba, bytes: take))
                    left -= take
                }
            case .allocatedNotRecorded, .notAllocated:
                // Sparse data reads as zeros; more of it than the image holds is damage (a hostile length would
                // otherwise make a reader produce terabytes of zeros).
                zeroBytes += min(bytes, wantedBytes - covered)
                guard zeroBytes <= volume.reader.file.sizeBytes else {
                    throw damaged("unrecorded extents larger than the image")
                }
                pieces.append(.zeros(bytes: min(bytes, wantedBytes - covered)))
            }
            covered += min(bytes, wantedBytes - covered)
            guard pieces.count <= maximumPieces else { throw damaged("more than \(maximumPieces) extents") }
        }
        guard covered >= wantedBytes else {
            throw damaged("its extents hold \(covered) of its \(wantedBytes) bytes")
        }
        return pieces
    }
}

/// Allocation descriptors one walk may still read: per-file caps alone would let a directory of thousands of
/// names, each pointing at one file entry with a long chain, make a listing take minutes.
final class UDFWorkBudget {
    static let descriptorsPerWalk = 4_000_000
    var descriptors = descriptorsPerWalk
}

extension UDFLogicalVolume {
    /// The runs of disc blocks behind `blocks` partition blocks from `address` (one run in a physical partition;
    /// in a metadata partition as many as the metadata file's extents it crosses). Nil when not all are inside.
    func runs(_ address: UDFBlockAddress, blocks: Int64) -> [(lba: Int64, blocks: Int64)]? {
        guard Int(address.partitionReference) < maps.count, blocks >= 0 else { return nil }
        let first = Int64(address.block)
        switch maps[Int(address.partitionReference)] {
        case .physical(let partition):
            guard first + blocks <= partition.lengthBlocks else { return nil }
            return [(partition.startLBA + first, blocks)]
        case .metadata(let partition, let extents):
            var runs: [(lba: Int64, blocks: Int64)] = []
            var skipped: Int64 = 0
            var wanted = (from: first, to: first + blocks)
            for extent in extents where wanted.from < wanted.to {
                let end = skipped + extent.blocks
                if wanted.from < end, wanted.from >= skipped {
                    let take = min(end, wanted.to) - wanted.from
                    let inside = extent.block + wanted.from - skipped
                    guard inside >= 0, inside + take <= partition.lengthBlocks else { return nil }
                    runs.append((partition.startLBA + inside, take))
                    wanted.from += take
                }
                skipped = end
            }
            return wanted.from < wanted.to ? nil : runs
        }
    }
}
