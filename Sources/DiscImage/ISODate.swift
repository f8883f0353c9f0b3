/// A recording date/time with its offset from UTC. ECMA-119 §9.1.5 (7-byte form) and §8.4.26.1 (17-byte form).
public struct ISODate: Sendable, Equatable, Codable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    /// Offset from UTC in 15-minute intervals, -48 ... +52.
    public var utcOffsetQuarterHours: Int

    /// 7-byte form: years since 1900, month, day, hour, minute, second, signed UTC offset.
    /// (One bounds check for all seven bytes: this runs twice per Rock Ridge entry of a listing.)
    init?(shortForm view: ByteView, at base: Int = 0) {
        guard view.contains(base, 7) else { return nil }
        let first = view.start + base
        let fields = view.bytes.withUnsafeBufferPointer { bytes in
            (bytes[first], bytes[first + 1], bytes[first + 2], bytes[first + 3], bytes[first + 4], bytes[first + 5],
             bytes[first + 6])
        }
        self.init(year: 1900 + Int(fields.0), month: Int(fields.1), day: Int(fields.2), hour: Int(fields.3),
                  minute: Int(fields.4), second: Int(fields.5), offset: Int(Int8(bitPattern: fields.6)))
    }

    /// 17-byte form: ASCII digits YYYYMMDDHHMMSScc then a signed offset byte. All-zero digits mean "not specified".
    init?(longForm view: ByteView) {
        guard let digits = view.array(0, 16), let offset = view.u8(16) else { return nil }
        func number(_ from: Int, _ length: Int) -> Int? {
            var value = 0
            for byte in digits[from..<(from + length)] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(0, 4), year > 0, let month = number(4, 2), let day = number(6, 2),
              let hour = number(8, 2), let minute = number(10, 2), let second = number(12, 2) else { return nil }
        self.init(year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                  offset: Int(Int8(bitPattern: offset)))
    }

    init?(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, offset: Int) {
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61,
              (-48...52).contains(offset) else { return nil }
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        utcOffsetQuarterHours = offset
    }

    /// Seconds since 1970-01-01 00:00 UTC (proleptic Gregorian; days-from-civil algorithm).
    public var secondsSince1970: Int64 {
        let shiftedYear = Int64(month <= 2 ? year - 1 : year)
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let monthIndex = Int64(month > 2 ? month - 3 : month + 9)
        let dayOfYear = (153 * monthIndex + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let local = days * 86_400 + Int64(hour) * 3600 + Int64(minute) * 60 + Int64(second)
        return local - Int64(utcOffsetQuarterHours) * 900
    }

    /// The same instant as UTC calendar fields.
    public var utc: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        Self.utcFields(secondsSince1970: secondsSince1970)
    }

    /// ISO 8601 in UTC, e.g. `2024-05-01T12:00:00Z`.
    public var iso8601: String {
        let f = utc
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(f.year)-\(two(f.month))-\(two(f.day))T\(two(f.hour)):\(two(f.minute)):\(two(f.second))Z"
    }

    /// Civil-from-days (proleptic Gregorian).
    static func utcFields(secondsSince1970 seconds: Int64)
        -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondsOfDay = seconds - days * 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day), Int(secondsOfDay / 3600), Int(secondsOfDay % 3600 / 60),
                Int(secondsOfDay % 60))
    }
}
