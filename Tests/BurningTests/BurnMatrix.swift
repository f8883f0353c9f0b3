import Foundation
@testable import Burning

/// Issue 9 "Done means": every write strategy × every VirtualDrive behaviour and medium state that applies to it.
/// One table; `BurnMatrixTests` burns every row and checks it, and renders the same table into
/// Vendor-notes/burn-matrix.md (a test fails when the committed file differs; DISCBURN_UPDATE_GOLDEN=1 rewrites it).
enum BurnMatrix {
    /// One write strategy as the engine plans it: the medium that gets it, and the options or preparation that
    /// make the planner choose it.
    struct Strategy: Sendable {
        var name: String
        var media: String
        var options: @Sendable (inout BurnOptions) -> Void = { _ in }
        /// DVD-RW restricted overwrite: the disc is quick-formatted (FORMAT UNIT 15h) before the burn.
        var quickFormatFirst = false
        /// What the plan must say (the strategy the planner chose).
        var kind: StrategyKind
    }

    enum Outcome: Sendable, Equatable {
        /// The burn succeeds and verifies; another drive reads the image back from the disc.
        case verifies
        /// The burn starts and stops with a message naming the cause and what the disc holds.
        case stops
        /// The planner refuses before anything is written; the disc is unchanged.
        case refused

        var text: String {
            switch self {
            case .verifies: return "burns, verifies"
            case .stops: return "stops"
            case .refused: return "refused"
            }
        }
    }

    struct Row: Sendable {
        var strategy: Strategy
        /// Spec options after `?` (behaviours, presets, medium states); "" for the plain drive.
        var behaviour: String
        /// A medium other than the strategy's (a fast-blanked DVD-RW takes DVD-R DAO).
        var media: String?
        var outcome: Outcome
        /// A fragment of the error (stops, refusals) that must appear, and of the medium state for stops.
        var message: String = ""
        /// For stops: what the message must say about the disc (checked against a fresh drive on the same DIR).
        var discState: String = ""
        var streamRecording = false

        var mediaName: String { media ?? strategy.media }
        var label: String { "\(strategy.name) on \(mediaName)\(behaviour.isEmpty ? "" : "?\(behaviour)")" }
    }

    static let cdTAO = Strategy(name: "CD TAO", media: "cd-r", kind: .cdTrackAtOnce)
    static let cdSAO = Strategy(name: "CD SAO", media: "cd-r", options: { $0.preferSessionAtOnce = true },
                                kind: .cdSessionAtOnce)
    static let dvdRDAO = Strategy(name: "DVD-R DAO", media: "dvd-r", kind: .dvdRDiscAtOnce)
    static let dvdRIncremental = Strategy(name: "DVD-R incremental", media: "dvd-r",
                                          options: { $0.preferIncremental = true }, kind: .dvdRIncremental)
    static let dvdRWOverwrite = Strategy(name: "DVD-RW restricted overwrite", media: "dvd-rw", quickFormatFirst: true,
                                         kind: .overwritable)
    static let dvdPlusR = Strategy(name: "DVD+R", media: "dvd+r", kind: .dvdPlusR)
    static let dvdPlusRDL = Strategy(name: "DVD+R DL", media: "dvd+r-dl", kind: .dvdPlusR)
    static let dvdPlusRW = Strategy(name: "DVD+RW", media: "dvd+rw", kind: .overwritable)
    static let dvdRAM = Strategy(name: "DVD-RAM", media: "dvd-ram", kind: .overwritable)
    static let bdR = Strategy(name: "BD-R", media: "bd-r", kind: .bdR)
    static let bdRE = Strategy(name: "BD-RE", media: "bd-re", kind: .overwritable)

    static let all = [cdTAO, cdSAO, dvdRDAO, dvdRIncremental, dvdRWOverwrite, dvdPlusR, dvdPlusRDL, dvdPlusRW,
                      dvdRAM, bdR, bdRE]
    /// Strategies that write at the drive's NWA (READ TRACK INFORMATION before the first WRITE).
    static let atNextWritableAddress = [cdTAO, dvdRIncremental, dvdPlusR, dvdPlusRDL, bdR]
    static let sequential = [cdTAO, cdSAO, dvdRDAO, dvdRIncremental, dvdPlusR, dvdPlusRDL, bdR]
    /// Strategies that write whole packets on media that demand them (`whole-packets=1`).
    static let packetWriting = [dvdRIncremental, dvdPlusR, dvdPlusRDL, bdR]

    /// The LBA of the `reset-at` rows: inside every test image (about 300 blocks).
    static let resetLBA = 100
    static let resetMessage = "the drive was reset (6/29/00)"

    /// What a reset mid-burn leaves, per strategy (BurnEngine.closeDamaged, libburn burn_disc_close_damaged).
    static func resetState(_ s: Strategy) -> String {
        switch s.kind {
        case .cdTrackAtOnce, .dvdRIncremental, .dvdPlusR, .bdR: return "other drives can read the disc"
        case .cdSessionAtOnce, .dvdRDiscAtOnce: return "other drives cannot read the disc"
        case .overwritable: return "over its old contents"
        }
    }

    static var rows: [Row] {
        var rows = [Row]()
        func add(_ strategies: [Strategy], _ behaviour: String, _ outcome: Outcome = .verifies, message: String = "",
                 media: String? = nil, streamRecording: Bool = false) {
            for s in strategies {
                rows.append(Row(strategy: s, behaviour: behaviour, media: media, outcome: outcome, message: message,
                                streamRecording: streamRecording))
            }
        }
        // Drive behaviours.
        add(all, "")
        add([cdTAO, cdSAO], "tao-close-track-error=1")
        add(all, "long-write=30")
        add(all, "busy-after-immed=1")
        add(atNextWritableAddress, "nwa-minus-150=1")
        add(all, "rti-ff-strict=1")
        add([bdR, bdRE], "streaming-junk=1", streamRecording: true)
        add(all, "recovered=7")
        add(packetWriting, "whole-packets=1")
        for s in all {
            rows.append(Row(strategy: s, behaviour: "reset-at=\(resetLBA)", outcome: .stops, message: resetMessage,
                            discState: resetState(s)))
        }
        // Medium states.
        add([dvdRWOverwrite], "intermediate=1")
        add([dvdRDAO], "fast-blanked=1", media: "dvd-rw")
        add([dvdRIncremental], "fast-blanked=1", .refused, message: "feature 0021h is not current", media: "dvd-rw")
        add([dvdPlusRW], "bg-suspended=1")
        add([bdR], "pow=1", .refused, message: "Pseudo-OverWrite")
        add([dvdRDAO, dvdRIncremental], "", media: "dvd-rw")
        add([cdTAO, cdSAO, dvdRDAO, dvdRIncremental, dvdPlusR, dvdPlusRDL], "open-track=32", .refused,
            message: "discburn close")
        // BD-R closes an open session before writing (libburn), but an ISO mastered for LBA 0 is refused at the
        // NWA past it (issue 11); RealDriveWritingTests burns a data file there and covers the close.
        add([bdR], "open-track=32", .refused, message: "is not mastered for LBA")
        // Presets: each on the strategies of the media its drive writes.
        add([cdTAO, cdSAO], "drive=lg-gh22ls30")
        add([bdR, bdRE], "drive=lg-ggw-h20", streamRecording: true)
        add([bdR, bdRE], "drive=pioneer-bdr-205")
        add([dvdRDAO, dvdRIncremental, dvdRWOverwrite, dvdPlusR, dvdPlusRDL, dvdPlusRW, dvdRAM], "drive=pioneer-dvr-k04ra")
        add([cdTAO, cdSAO], "drive=lite-on-ltr-48125s")
        return rows
    }

    // MARK: rendering

    static func markdown(_ rows: [Row]) -> String {
        let verifies = rows.filter { $0.outcome == .verifies }.count
        let stops = rows.filter { $0.outcome == .stops }.count
        let refused = rows.filter { $0.outcome == .refused }.count
        var text = """
        # Burn matrix: every write strategy × every VirtualDrive behaviour that applies

        Generated from the table in `Tests/BurningTests/BurnMatrix.swift`; do not edit by hand.
        `BurnMatrixTests.testCommittedMarkdownMatchesTheTable` fails when this file differs from the table;
        `DISCBURN_UPDATE_GOLDEN=1 swift test --filter BurnMatrixTests` rewrites it.
        `BurnMatrixTests.testEveryCombination` burns every row through the library (BurnJob, the VirtualDrive on a
        DIR, its clock and the engine's sleep both manual, so waits take no time), then opens a *fresh* VirtualDrive
        on the same DIR (another drive, no behaviours) and checks what the disc holds:

        - **burns, verifies**: the burn succeeds and verifies; the other drive finds the last session closed (or
          the overwritable disc written) and reads the image back from where the plan wrote it.
        - **stops**: the burn fails with the message fragment, and its medium state says the rest; when it says
          "other drives can read the disc" the other drive finds the last session closed and reads back the number
          of blocks the message names; "cannot read" means no closed session holds them; "over its old contents"
          means the other drive reads back the blocks the message names.
        - **refused**: the planner refuses with the fragment; nothing is written and the other drive sees the disc
          as it was before.

        Behaviours and presets are described in `drive-behaviours.md`. `reset-at=\(resetLBA)` lies inside every test
        image. Rows with `--stream-recording` ask for WRITE(12) with the Streaming bit (BD only).

        Engine bugs the matrix found (fixed with it; the rows fail on the code before):
        - `nwa-minus-150=1` (and the `pioneer-bdr-205`, `lite-on-ltr-48125s` presets) on CD TAO, CD SAO, DVD-R
          incremental, DVD+R, DVD+R DL, BD-R: the probe (`Sources/MMC/Drive/MediaProbe.swift`) took the raw
          NWA −150 as the start LBA, so TAO/DVD/BD burns were refused ("NWA -150 lies before its track") and SAO
          wrote at a wrapped-around LBA (5/21/02). Now an NWA before the track start on a blank disc means the
          track start (libburn mmc.c `mmc_get_nwa`: Pioneer BDR-205, LITE-ON LTR-48125S).
        - `rti-ff-strict=1` on DVD-R DAO, DVD-R incremental, BD-R: the probe asked READ TRACK INFORMATION track
          FFh on every medium; refused, the disc showed 0 free blocks and the burn was refused as too big. Now
          track FFh only on CD and DVD+R (DL), the last track by number elsewhere (libburn mmc.c
          `mmc_read_track_info`, mmc5r03c).

        \(rows.count) combinations: \(verifies) burn and verify, \(stops) stop with a message, \(refused) refused at planning.

        | Strategy | Medium | Behaviour / state | Outcome | Message fragment |
        | --- | --- | --- | --- | --- |

        """
        for row in rows {
            let behaviour = (row.behaviour.isEmpty ? "(plain drive)" : "`\(row.behaviour)`")
                + (row.streamRecording ? " + `--stream-recording`" : "")
            var message = row.message.isEmpty ? "" : "“\(row.message)”"
            if !row.discState.isEmpty { message += "; “\(row.discState)”" }
            text += "| \(row.strategy.name) | \(row.mediaName) | \(behaviour) | \(row.outcome.text) | \(message) |\n"
        }
        return text
    }
}
