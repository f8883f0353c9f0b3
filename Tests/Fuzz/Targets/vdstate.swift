// libFuzzer target: the VirtualDrive's state.json loader. The input is written as DIR/state.json, the drive is
// opened on DIR (refusal is fine) and, when it opens, asked what a burn asks first.
import Foundation
import MMC
import SCSI
@testable import VirtualDrive

let stateDirectory = "/dev/shm/discburn-fuzz-state-\(getpid())"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVirtualDriveState(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(UnsafeBufferPointer(start: data, count: size))
    guard let state = try? JSONDecoder().decode(MediumState.self, from: bytes) else { return 0 }
    guard (try? state.validated()) != nil, !state.media.isPressed, state.media != .none else { return 0 }
    try? FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
    FileManager.default.createFile(atPath: stateDirectory + "/state.json", contents: bytes)
    _ = truncate(stateDirectory + "/media.bin", 0)
    let spec = VirtualDriveSpec(media: state.media, directory: stateDirectory)
    guard let drive = try? VirtualDrive.open(spec, clock: ManualDriveClock()) else { return 0 }
    let requests: [SCSIRequest] = [
        ReadDiscInformation().request, ReadTrackInformation(target: .invisibleTrack).request,
        ReadTrackInformation(target: .track(1)).request, ReadTOC().request, ReadCapacity().request,
        GetConfiguration().request, ReadFormatCapacities().request, ReadBufferCapacity().request,
    ]
    for request in requests { _ = try? drive.execute(request) }
    return 0
}
