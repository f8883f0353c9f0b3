import Foundation
import MMC
import SCSI

/// Waits for the user to swap discs in one drive: polls GET EVENT STATUS NOTIFICATION (media class, MMC-6 §6.7)
/// until a disc is present with the tray closed, then probes it; keeps waiting while the disc is not writable.
public enum MediaWaiter {
    public struct TimedOut: Error, CustomStringConvertible {
        public let waited: Duration
        public var description: String { "no writable disc was inserted within \(waited); insert one and run the copy again" }
    }

    /// Returns the probe of the first writable (blank or appendable, or overwritable) disc seen.
    /// `notice` is called with a human line whenever the state changes (disc not writable, tray open, ...).
    public static func waitForWritableDisc(_ drive: OpticalDrive, timeout: Duration = .seconds(600),
                                           pollInterval: Duration = .milliseconds(500),
                                           notice: (String) -> Void = { _ in }) async throws -> ProbeResult {
        let clock = ContinuousClock()
        let start = clock.now
        var lastNotice = ""
        func say(_ s: String) { if s != lastNotice { lastNotice = s; notice(s) } }
        while clock.now - start < timeout {
            let status = try? await drive.send(GetEventStatusNotification(classes: .media), policy: .none)
            let present = status?.media?.mediaPresent ?? false
            let open = status?.media?.doorOrTrayOpen ?? false
            if present && !open, let probe = try? await drive.probe(), probe.media.present {
                let media = probe.media
                if media.profile.isOverwritable
                    || (media.profile.isSequential && (media.discStatus == .blank || media.discStatus == .appendable)) {
                    return probe
                }
                say("the \(media.profile.shortName) in \(drive.deviceName) is not writable (\(media.discStatus?.rawValue ?? "?")): insert a blank disc")
            } else {
                say("waiting for a writable disc in \(drive.deviceName)" + (open ? " (tray open)" : ""))
            }
            SCSIClock.sleep(pollInterval)
        }
        throw TimedOut(waited: timeout)
    }
}
