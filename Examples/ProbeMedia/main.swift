// Probe a medium through the library API, as an application embedding DiscBurn would.
//
//   swift run ProbeMedia                 # a blank DVD+R in the built-in virtual drive
//   swift run ProbeMedia bd-re           # any virtual medium name
//
// A real drive works the same way with `SGIOTransport.open(path: "/dev/sr0")` as the transport.
import MMC
import VirtualDrive

let mediaName = CommandLine.arguments.dropFirst().first ?? "dvd+r"
do {
    let transport = try VirtualDrive.open(try VirtualDriveSpec(parsing: mediaName))
    let drive = OpticalDrive(transport: transport)
    let result = try await drive.probe()
    print("\(result.drive.vendor) \(result.drive.product): \(result.drive.profiles.count) profiles")
    let media = result.media
    if media.present {
        print("\(media.profile.name), \(media.discStatus?.rawValue ?? "unknown status")")
        print("free: \(media.freeBlocks) blocks (\(media.freeBytes) bytes)")
        let speeds = media.writeSpeedsKilobytesPerSecond.map { media.speedMultiple(kilobytesPerSecond: $0) }
        print("write speeds: \(speeds.joined(separator: ", "))")
    } else {
        print("no medium")
    }
} catch {
    print("ProbeMedia: \(error)")
}
