import ArgumentParser

struct USBCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usb", abstract: "Write an image to a USB stick or SD card, refusing system disks.",
        subcommands: [USBListCommand.self, USBWriteCommand.self])
}
