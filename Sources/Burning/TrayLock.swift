import MMC
import SCSI

/// PREVENT ALLOW MEDIUM REMOVAL (MMC-6 §6.12 / SPC-4) around everything that writes the medium: burning,
/// blanking, formatting, closing (MMC-NOTES "Tray"). Removal is allowed again at the end, also after a failure
/// or an interruption. If the process dies instead, the lock is released when the device is closed by the kernel
/// only on some paths: see Vendor-notes/overwritable.md "Tray lock and crashes".
public enum TrayLock {
    /// Runs `body` with the tray locked; a drive that refuses the lock (tgt, some USB bridges) is written anyway.
    public static func holding<T>(_ session: DriveSession, _ body: () throws -> T) rethrows -> T {
        lock(session)
        defer { unlock(session) }
        return try body()
    }

    /// For a burn: the session is marked burning (a reset is fatal then, see `DriveSession.burning`) and the
    /// tray locked; the returned closure undoes both, whatever way the burn ends.
    static func holdForBurn(_ session: DriveSession) -> () -> Void {
        session.burning = true
        lock(session)
        return {
            session.burning = false
            unlock(session)
        }
    }

    static func lock(_ session: DriveSession) {
        _ = try? session.send(PreventAllowMediumRemoval(prevent: true), policy: .none)
    }

    public static func unlock(_ session: DriveSession) {
        _ = try? session.send(PreventAllowMediumRemoval(prevent: false), policy: .none)
    }
}
