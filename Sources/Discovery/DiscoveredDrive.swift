/// One optical drive found on this machine: where to open it and who made it.
public struct DiscoveredDrive: Sendable, Codable, Hashable {
    /// The block device to open, e.g. "/dev/sr0".
    public var path: String
    /// The matching SCSI generic node, e.g. "/dev/sg1", when sysfs names one.
    public var genericPath: String?
    /// INQUIRY identity (SPC-4 §6.4.2: vendor 8, product 16, revision 4 bytes), trimmed; "" when unknown.
    public var vendor: String
    public var model: String
    public var revision: String

    public init(path: String, genericPath: String? = nil, vendor: String = "", model: String = "",
                revision: String = "") {
        self.path = path
        self.genericPath = genericPath
        self.vendor = vendor
        self.model = model
        self.revision = revision
    }
}
