import ArgumentParser
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

struct DiscBurn: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discburn",
        abstract: "Burn, verify and inspect CD, DVD and Blu-ray discs through SCSI MMC.",
        discussion: """
            Drives are named by device path (/dev/sr0, /dev/sg1), by iSCSI URL (iscsi://HOST[:PORT]/IQN/LUN), \
            or as a built-in virtual drive: virtual:MEDIA[:DIR] (MEDIA: cd-r, cd-rw, dvd-r, dvd-rw, dvd+r, \
            dvd+r-dl, dvd+rw, dvd-ram, bd-r, bd-re, none) or virtual:dvd-rom:IMAGE.iso for a pressed disc.

            virtual:MEDIA[:DIR]?drive=PRESET makes the virtual drive behave like a real \
            one (every option: Vendor-notes/drive-behaviours.md):
              lg-gh22ls30         refuses CLOSE TRACK in CD TAO, also in a real burn
              lg-ggw-h20          BD Streaming writes under 64 KiB store junk
              pioneer-bdr-205     NWA -150 on blank media; busy after IMMED (2/04/07)
              pioneer-dvr-k04ra   busy after IMMED: GOOD to TEST UNIT READY, 2/04/07
              lite-on-ltr-48125s  NWA -150 on blank media
            """,
        version: "0.1.0",
        subcommands: [DrivesCommand.self, ProbeCommand.self, BurnCommand.self, VerifyCommand.self, RipCommand.self,
                      CopyCommand.self, ScanCommand.self, BlankCommand.self, FormatCommand.self, CloseCommand.self,
                      ImageCommand.self, TocCommand.self, MsinfoCommand.self, USBCommand.self])
}

/// The process entry, as `AsyncParsableCommand.main` does it, except that a command with a synchronous `run()`
/// (`image ls`) runs on the main thread and returns: it starts no concurrency runtime, no dispatch worker, and no
/// thread hop (issue 15: on a loaded machine every hop waits for a time slice).
@main
enum DiscBurnMain {
    static func main() {
        let command: ParsableCommand
        do {
            command = try DiscBurn.parseAsRoot(nil)
        } catch {
            DiscBurn.exit(withError: error)
        }
        guard let asyncCommand = command as? AsyncParsableCommand else {
            var syncCommand = command
            do {
                try syncCommand.run()
            } catch {
                DiscBurn.exit(withError: error)
            }
            return
        }
        nonisolated(unsafe) var pending = asyncCommand
        Task {
            do {
                try await pending.run()
            } catch {
                DiscBurn.exit(withError: error)
            }
            exit(0)
        }
        dispatchMain()
    }
}
