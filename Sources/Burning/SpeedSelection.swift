import MMC

enum SpeedSelection {
    /// The offered speed nearest to the request (speeds in kB/s, any order); nil when none is offered.
    static func choose(_ request: SpeedRequest, offered: [Int], profile: Profile) -> Int? {
        let speeds = offered.filter { $0 > 0 }.sorted()
        guard let slowest = speeds.first, let fastest = speeds.last else { return nil }
        let target: Double
        switch request {
        case .maximum: return fastest
        case .minimum: return slowest
        case .multiple(let x): target = x * profile.kilobytesPerSecondAt1x
        case .kilobytesPerSecond(let k): target = Double(k)
        }
        return speeds.min { abs(Double($0) - target) < abs(Double($1) - target) }
    }
}
