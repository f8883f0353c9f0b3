// libFuzzer target: every MMC response parser and the feature / mode page decoders over the same bytes.
// A drive is untrusted input: any bytes must parse or throw, never trap.
@testable import MMC
import SCSI

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMMC(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? Inquiry().parse(bytes)
    _ = try? InquiryUnitSerialNumber().parse(bytes)
    _ = try? ReadCapacity().parse(bytes)
    _ = try? ReadDiscInformation().parse(bytes)
    _ = try? ReadTrackInformation(target: .invisibleTrack).parse(bytes)
    _ = try? ReadTOC().parse(bytes)
    _ = try? ReadTOC(msf: true).parse(bytes)
    _ = try? ReadSessionInformation().parse(bytes)
    _ = try? ReadATIP().parse(bytes)
    _ = try? ReadBufferCapacity().parse(bytes)
    _ = try? ReadBufferCapacity(block: true).parse(bytes)
    _ = try? ReadFormatCapacities().parse(bytes)
    _ = try? ReadDiscStructure(format: .physical).parse(bytes)
    _ = try? ReadDiscStructure(format: .dvdPlusADIP).parse(bytes)
    _ = try? GetEventStatusNotification(classes: .media).parse(bytes)
    _ = try? GetPerformance.writeSpeeds().parse(bytes)
    _ = try? GetPerformance.performance(write: false).parse(bytes)
    _ = try? RequestSense().parse(bytes)
    _ = try? Read10(lba: 0, blocks: 1).parse(bytes)
    _ = try? ReadCD(lba: 0, blocks: 1).parse(bytes)
    if let list = try? ModeSense10(page: .all).parse(bytes) {
        for page in list.pages {
            _ = try? CapabilitiesPage(page)
            _ = try? WriteParametersPage(page)
        }
    }
    _ = try? ModePage(bytes: bytes)
    if let configuration = try? GetConfiguration().parse(bytes) {
        let inquiry = try? Inquiry().parse(bytes)
        if let inquiry {
            _ = DriveInfoBuilder.build(inquiry: inquiry, configuration: configuration, capabilities: nil,
                                       serialNumber: nil)
        }
        _ = try? configuration.feature(CDTrackAtOnce.self)
        _ = try? configuration.feature(CDMastering.self)
        _ = try? configuration.feature(DVDRWrite.self)
        _ = configuration.profiles
    }
    return 0
}
