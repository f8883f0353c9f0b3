// Burn an image to the built-in virtual drive through the library API, rendering the status stream.
//
//   swift run BurnToVirtual IMAGE.iso [MEDIA[:DIR]]       # default medium: dvd+r (in memory)
//
// With a real drive the transport is `SGIOTransport.open(path: "/dev/sr0", access: .exclusive)`.
import Burning
import MMC
import VirtualDrive

let arguments = Array(CommandLine.arguments.dropFirst())
guard let image = arguments.first else {
    print("usage: BurnToVirtual IMAGE.iso [MEDIA[:DIR]]")
    exit(2)
}
do {
    let transport = try VirtualDrive.open(parsing: arguments.dropFirst().first ?? "dvd+r")
    let job = BurnJob(drive: OpticalDrive(transport: transport), imagePath: image, options: BurnOptions())
    let plan = try await job.plan()
    print("burning \(plan.imageBlocks) blocks to \(plan.profile.name) with \(plan.strategy.rawValue)")
    for await event in job.run(plan) {
        switch event {
        case .status(let s) where s.phase == .writing:
            print("  \(Int(s.percent))% at \(s.speedMultiple)")
        case .status:
            break
        case .result(let r):
            print(r.succeeded ? "done: verify \(r.verify.outcome.rawValue), SHA-256 \(r.verify.sha256 ?? "-")"
                              : "failed: \(r.error ?? "")")
        }
    }
} catch {
    print("BurnToVirtual: \(error)")
    exit(1)
}

import Foundation
