import SCSI

/// A typed reading of one GET CONFIGURATION feature descriptor (MMC-6 §5.3).
///
/// Decoders read the descriptor's data with the spec's byte numbering (byte 4 is the first byte after the
/// header). Fields the feature's current version defines as mandatory must be present, or the decoder throws
/// `MMCParseError`; fields added by later versions of a feature read as false/empty when the data stops before
/// them, as older drives send shorter descriptors.
public protocol FeatureDecodable: Sendable {
    /// The feature code this type decodes.
    static var code: FeatureCode { get }
    /// Throws when `descriptor.code` is not `Self.code` or its data is too short for the mandatory fields.
    init(descriptor: FeatureDescriptor) throws(MMCParseError)
}

extension Configuration {
    /// The typed feature, or nil when the drive did not list it. Throws `MMCParseError` when the drive listed it
    /// but its descriptor is malformed (too short for the mandatory fields) — a listed feature is never hidden.
    public func feature<F: FeatureDecodable>(_ type: F.Type) throws(MMCParseError) -> F? {
        guard let descriptor = descriptor(for: F.code) else { return nil }
        return try F(descriptor: descriptor)
    }
}

extension FeatureDescriptor {
    /// A reader over header + data, so feature fields are read at the spec's byte offsets. Checks that the
    /// descriptor is `code` and carries at least `minimumDataBytes` data bytes.
    func layoutReader(expecting code: FeatureCode, name: String, minimumDataBytes: Int)
        throws(MMCParseError) -> ByteReader
    {
        guard self.code == code else {
            throw MMCParseError(GetConfiguration.name, "\(name) decoder given \(self.code), expected \(code)")
        }
        guard data.count >= minimumDataBytes else {
            throw MMCParseError(GetConfiguration.name,
                                "\(name) (\(code)) has \(data.count) data byte(s), needs \(minimumDataBytes)")
        }
        return ByteReader(headerBytes + data)
    }

    /// Runs a feature decoder body, turning bounds errors into an `MMCParseError` naming the feature.
    func decode<T>(_ name: String, _ body: () throws -> T) throws(MMCParseError) -> T {
        do {
            return try body()
        } catch let e as MMCParseError {
            throw e
        } catch {
            throw MMCParseError(GetConfiguration.name, "\(name) (\(code)): \(error)")
        }
    }
}

extension ByteReader {
    /// Bit `bit` of byte `at`, or false when byte `at` was not received (fields added by later feature versions).
    func featureFlag(at: Int, _ bit: Int) -> Bool {
        at < count ? ((try? self.bit(at: at, bit)) ?? false) : false
    }
}
