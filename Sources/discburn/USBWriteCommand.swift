import ArgumentParser
import Foundation
import USBWriter

struct USBWriteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "write",
        abstract: "Write an image (raw, .gz, .xz, .zst, .bz2) to a USB stick or SD card, then read it back and compare.",
        discussion: """
            Hybrid ISOs and disk images are written byte for byte; an El Torito ISO with a UEFI entry but no \
            MBR/GPT (a Windows installer) becomes a GPT stick with one FAT32 partition holding its files (WIMs over \
            4 GiB split into .swm parts). System disks (root, /boot, /usr, swap, LVM/dm-crypt/md, mounted fixed disks), partitions, the disk the \
            image lies on, write-protected and too-small disks are refused before anything is written.
            """)

    @Argument(help: "The image: a hybrid ISO or a disk image, raw or compressed.") var image: String
    @Option(name: .long, help: ArgumentHelp("The whole disk to overwrite, e.g. /dev/sdb.", valueName: "DEV"))
    var device: String
    @Flag(help: "Do not ask: erase the disk (and unmount its mounted partitions) without a prompt.") var yes = false
    @Flag(name: .customLong("no-verify"), help: "Skip reading the disk back and comparing it with the image.")
    var noVerify = false
    @Flag(help: "Write an image that will not boot from a stick (not hybrid, UEFI-only El Torito).") var force = false
    @Option(name: .long, help: ArgumentHelp(
        "raw (byte for byte) or files (a GPT + FAT32 stick with the ISO's files, for UEFI ISOs without MBR/GPT); "
            + "chosen from the image when omitted.", valueName: "METHOD"))
    var method: WriteMethod?
    @Flag(name: .customLong("allow-fixed"),
          help: "Allow a fixed disk no system rule refuses (a spare disk, a loop device).") var allowFixed = false
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await ErrorReporting.run(json: output.json, quiet: output.quiet, drive: device) {
            var options = USBWriteOptions()
            options.verify = !noVerify
            options.force = force
            options.allowFixed = allowFixed
            options.method = method
            // No libblkid probing here: the refusal rules need no file system names, and a probe reads the disk.
            let safety = DiskSafety(scanner: DiskScanner(paths: .fromEnvironment(), prober: nil))
            let job = USBWriteJob(devicePath: device, imagePath: image, options: options, safety: safety)
            let plan = try job.plan()
            let renderer = USBRenderer(device: device)
            renderer.plan(plan)
            try consent(plan)
            if !plan.mountedPartitions.isEmpty { try job.unmount(plan) }
            let interrupt = InterruptHandler { job.cancel() }
            defer { interrupt.stop() }
            var final: USBWriteResult?
            for await event in job.run(plan) {
                switch event {
                case .status(let s): renderer.status(s)
                case .result(let r): final = r
                }
            }
            guard let result = final else { throw CLIError("the write ended without a result") }
            renderer.result(result, plan: plan)
            if result.interrupted { throw ExitCode(130) }
            if !result.succeeded { throw ExitCode(1) }
        }
    }

    /// `--yes`, or "yes" typed at the terminal; without a terminal and without --yes nothing is written.
    private func consent(_ plan: USBWritePlan) throws {
        if yes { return }
        let disk = plan.disk
        let what = "\(disk.path) (\(disk.displayName), \(USBListText.size(disk.sizeBytes)))"
        guard isatty(STDIN_FILENO) == 1 else {
            throw CLIError("no terminal to confirm erasing \(what); nothing was written: add --yes to write without asking")
        }
        var question = "Erase ALL data on \(what)"
        if !plan.mountedPartitions.isEmpty {
            question += ", unmounting " + plan.mountedPartitions.map { "\($0.device) (\($0.mountPoint))" }
                .joined(separator: ", ")
        }
        question += ", and write \(image)? Type yes to continue: "
        FileHandle.standardError.write(Data(question.utf8))
        guard let answer = readLine(), answer.trimmingCharacters(in: .whitespaces).lowercased() == "yes" else {
            throw CLIError("not confirmed; nothing was written to \(disk.path)")
        }
    }
}

extension WriteMethod: ExpressibleByArgument {}
