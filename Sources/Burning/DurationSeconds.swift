public extension Duration {
    /// The duration in seconds, as a Double (for speeds and ETAs).
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
