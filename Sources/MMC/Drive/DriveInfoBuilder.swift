/// Turns GET CONFIGURATION features and page 2Ah into a DriveInfo (what the drive can do, whatever is loaded).
enum DriveInfoBuilder {
    static func build(inquiry: InquiryData, configuration: Configuration, capabilities: CapabilitiesPage?,
                      serialNumber: String?) -> DriveInfo {
        let profiles = configuration.profiles.map(\.profile)
        let tao = try? configuration.feature(CDTrackAtOnce.self)
        let mastering = try? configuration.feature(CDMastering.self)
        let dvdRWrite = try? configuration.feature(DVDRWrite.self)
        var info = DriveInfo(vendor: inquiry.vendor, product: inquiry.product, revision: inquiry.revision,
                             serialNumber: serialNumber, profiles: profiles)
        info.writeModes = writeModes(profiles: profiles, configuration: configuration, tao: tao,
                                     mastering: mastering, dvdRWrite: dvdRWrite)
        info.bufferUnderrunFree = (tao?.bufferUnderrunFree ?? false) || (mastering?.bufferUnderrunFree ?? false)
            || (dvdRWrite?.bufferUnderrunFree ?? false) || (capabilities?.bufferUnderrunFree ?? false)
        info.bufferUnderrunFreeCD = (tao?.bufferUnderrunFree ?? false) || (mastering?.bufferUnderrunFree ?? false)
            || (capabilities?.bufferUnderrunFree ?? false)
        let incremental = try? configuration.feature(IncrementalStreamingWritable.self)
        info.bufferUnderrunFreeDVD = (dvdRWrite?.bufferUnderrunFree ?? false) || (incremental?.bufferUnderrunFree ?? false)
        info.streamWriting = (try? configuration.feature(RealTimeStreaming.self))?.streamWriting ?? false
        info.currentFeatures = Set(configuration.features.filter(\.current).map(\.code))
        info.testWriteCD = (tao?.testWrite ?? false) || (mastering?.testWrite ?? false)
        info.testWriteDVD = dvdRWrite?.testWrite ?? false
        if let capabilities {
            if capabilities.bufferSizeKilobytes > 0 { info.bufferSizeBytes = Int(capabilities.bufferSizeKilobytes) * 1024 }
            let fastest = capabilities.writeSpeedDescriptors.map { Int($0.writeSpeedKilobytesPerSecond) }.max()
            info.maximumWriteSpeedKilobytesPerSecond = fastest
            if capabilities.maximumReadSpeedKilobytesPerSecond > 0 {
                info.maximumReadSpeedKilobytesPerSecond = Int(capabilities.maximumReadSpeedKilobytesPerSecond)
            }
            info.canEject = capabilities.eject
        }
        return info
    }

    /// Write modes per media family, from the profiles the drive lists and the write features it reports.
    static func writeModes(profiles: [Profile], configuration: Configuration, tao: CDTrackAtOnce?,
                           mastering: CDMastering?, dvdRWrite: DVDRWrite?) -> [String: [WriteMode]] {
        var modes: [String: [WriteMode]] = [:]
        let has = Set(profiles)
        if has.contains(.cdR) || has.contains(.cdRW) {
            var cd: [WriteMode] = []
            if tao != nil { cd.append(.trackAtOnce) }
            if mastering?.sessionAtOnce == true { cd.append(.sessionAtOnce) }
            if mastering?.raw == true { cd.append(.raw) }
            if !cd.isEmpty { modes["CD"] = cd }
        }
        if has.contains(.dvdRSequential) || has.contains(.dvdRWSequential) {
            var dvd: [WriteMode] = []
            if dvdRWrite != nil { dvd.append(.discAtOnce) }
            if configuration.descriptor(for: .incrementalStreamingWritable) != nil { dvd.append(.incremental) }
            if !dvd.isEmpty { modes["DVD-R"] = dvd }
        }
        if has.contains(.dvdRDLSequential) || has.contains(.dvdRDLLayerJump) {
            var dl: [WriteMode] = [.discAtOnce]
            if configuration.descriptor(for: .layerJumpRecording) != nil { dl.append(.layerJump) }
            modes["DVD-R DL"] = dl
        }
        if has.contains(.dvdPlusR) { modes["DVD+R"] = [.sequential] }
        if has.contains(.dvdPlusRDL) { modes["DVD+R DL"] = [.sequential] }
        if has.contains(.bdRSequential) { modes["BD-R"] = [.sequential] }
        for p in [Profile.dvdPlusRW, .dvdRAM, .dvdRWRestrictedOverwrite, .bdRE] where has.contains(p) {
            modes[p.shortName] = [.randomAccess]
        }
        return modes
    }
}
