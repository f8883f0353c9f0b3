import ArgumentParser

/// Minimal root command for the `image` branch; the integrator keeps their own root and registers `ImageCommand`.
@main
struct DiscBurnCLI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discburn", subcommands: [ImageCommand.self])
}
