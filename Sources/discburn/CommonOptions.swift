import ArgumentParser

/// Options every subcommand that talks to a drive takes.
struct DriveOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Drive: /dev/srN, /dev/sgN, iscsi://HOST[:PORT]/IQN/LUN or virtual:MEDIA[:DIR].", valueName: "DEV"))
    var drive: String

    @Option(name: .customLong("scsi-log"), help: ArgumentHelp(
        "Record every SCSI exchange as JSON lines into FILE (data sent and bulk reads as length + SHA-256).",
        valueName: "FILE"))
    var scsiLog: String?

    @Flag(name: .customLong("scsi-log-data"), help: "With --scsi-log: record every byte of data, reads included.")
    var scsiLogData = false
}

/// Options for commands that print results.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: ArgumentHelp("Print JSON instead of text: one compact object per line, each with "
          + "\"event\", \"schemaVersion\" and \"drive\" (schema: README, JSON output)."))
    var json = false
    @Flag(name: .long, help: "No progress lines (results and errors are still printed).")
    var quiet = false
}
