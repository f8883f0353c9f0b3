import ArgumentParser

struct USBWriteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "write", abstract: "Write an image to a USB stick.")
    func run() async throws {}
}
