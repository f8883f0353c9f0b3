import Foundation

/// The writable drives of the standard guest (PEERS.md §3): tgt's blank DVD+R LUNs passed through QEMU's iSCSI
/// driver with `scsi-block`, so every CDB a burner sends through the guest kernel's sr/sg drivers reaches tgt
/// and is logged in QEMU's trace. One LUN per burn, at scsi-id = raw value.
enum BurnLUN: Int, CaseIterable, Sendable {
    /// `discburn burn` through /dev/srN as root (after a refused burn of a too-large image), then verify + rip.
    case ourBlock = 3
    /// `discburn burn` through /dev/sgN as root.
    case ourGeneric = 4
    /// `discburn burn` through /dev/srN as the non-root user in group cdrom (the kernel's allow-list).
    case ourUser = 5
    /// `xorriso -as cdrecord -tao` (libburn) through /dev/srN.
    case xorriso = 6
    /// `growisofs -Z` through /dev/srN.
    case growisofs = 7

    var tid: Int { rawValue - 2 }
    var iqn: String { "iqn.2026-01.test.discburn:lun\(rawValue)" }
    var name: String { "\(self)" }
}

extension QEMUPeerSession {
    /// Blocks the DVD+R free space tgt reports (2,295,104) plus some: the refused image (sparse in the guest).
    static let tooLargeImageBytes: UInt64 = 2_400_000 * 2048

    /// The burn steps, in order; each burn is its own step so QEMU's trace can be cut per burn.
    static let burnSteps: [GuestStep] = [
        GuestStep(name: "lun-probe", script: #"""
        discburn_run probe.lun.sr probe --json --drive "/dev/$(node_for_target sr 3)"
        discburn_run probe.lun.sg probe --json --drive "/dev/$(node_for_target sg 4)"
        discburn_run_user probe.lun.user probe --json --drive "/dev/$(node_for_target sr 5)"
        """#),
        GuestStep(name: "burn-refused", script: """
        cp /images/burn.iso /tmp/huge.iso && truncate -s \(tooLargeImageBytes) /tmp/huge.iso
        discburn_run burn.refused.lun burn /tmp/huge.iso --drive "/dev/$(node_for_target sr 3)"
        rm -f /tmp/huge.iso
        """),
        GuestStep(name: "burn-sr", script: #"""
        discburn_run burn.sr burn /images/burn.iso --json --drive "/dev/$(node_for_target sr 3)"
        """#),
        GuestStep(name: "burn-sg", script: #"""
        discburn_run burn.sg burn /images/burn.iso --json --drive "/dev/$(node_for_target sg 4)"
        """#),
        GuestStep(name: "burn-user", script: #"""
        discburn_run_user burn.user burn /images/burn.iso --json --drive "/dev/$(node_for_target sr 5)"
        """#),
        GuestStep(name: "burn-xorriso", script: #"""
        tool_run xorriso "$(bin_path xorriso)" -scsi_log on -as cdrecord -v -tao \
            "dev=/dev/$(node_for_target sr 6)" /images/burn.iso
        """#),
        GuestStep(name: "burn-growisofs", script: #"""
        tool_run growisofs "$(bin_path growisofs)" -Z "/dev/$(node_for_target sr 7)=/images/burn.iso"
        """#),
        GuestStep(name: "lun-read", script: #"""
        discburn_run verify.lun verify /images/burn.iso --json --drive "/dev/$(node_for_target sr 3)"
        discburn_run rip.lun rip --json --drive "/dev/$(node_for_target sr 3)" /tmp/rip-lun.iso
        kv rip.lun.bytes "$(wc -c < /tmp/rip-lun.iso)"
        rm -f /tmp/rip-lun.iso /tmp/rip-lun.iso.map
        """#),
    ]

    /// The burners whose sequences are compared, with the step that ran each and its LUN.
    static let comparedBurns: [(name: String, step: String, lun: BurnLUN)] = [
        ("ours", "burn-sr", .ourBlock), ("xorriso", "burn-xorriso", .xorriso),
        ("growisofs", "burn-growisofs", .growisofs),
    ]

    /// 1-based number of step `name` in the order the guest ran them (the trace's markers count the same way).
    func stepNumber(_ name: String) -> Int? {
        let names = run.serialLog.split(separator: "\n").filter { $0.hasPrefix("=== STEP ") }
        return names.firstIndex { $0 == "=== STEP \(name) ===" }.map { $0 + 1 }
    }

    /// The commands of step `step` that reached `lun`, cut from QEMU's trace.
    func sequence(step: String, lun: BurnLUN) throws -> CommandSequence {
        guard let number = stepNumber(step) else {
            throw PeerError.notReady("no step \(step) in the serial log:\n\(run.serialLog.suffix(2000))")
        }
        return CommandSequence(scsiTrace.commands(ofStep: number, target: lun.rawValue))
    }

    /// Writes each compared burn's sequence (and xorriso's own -scsi_log) to `.build/peer-artefacts/sequences`,
    /// and with DISCBURN_RECORD_SEQUENCES=1 also to Tests/PeerTests/qemu/sequences (kept in git).
    func keepSequenceArtefacts() throws -> URL {
        var files: [(String, String)] = []
        for burn in Self.comparedBurns + [("ours-sg", "burn-sg", .ourGeneric), ("ours-user", "burn-user", .ourUser),
                                          ("ours-refused", "burn-refused", .ourBlock)] {
            let title = "\(burn.name): step \(burn.step), LUN scsi-id \(burn.lun.rawValue) (cut from QEMU's trace)"
            files.append(("\(burn.name).txt", SequenceComparison.render(try sequence(step: burn.step, lun: burn.lun),
                                                                         title: title)))
        }
        files.append(("xorriso-scsi-log.txt", run.block(named: "xorriso.stderr") ?? ""))
        var directories = [PeerEnvironment.cacheDirectory.deletingLastPathComponent()
            .appendingPathComponent("peer-artefacts/sequences")]
        if ProcessInfo.processInfo.environment["DISCBURN_RECORD_SEQUENCES"] == "1" {
            directories.append(PeerEnvironment.peerTestsDirectory.appendingPathComponent("qemu/sequences"))
        }
        for directory in directories {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for (name, text) in files { try Data(text.utf8).write(to: directory.appendingPathComponent(name)) }
        }
        return directories[0]
    }
}
