import Foundation
import VirtualDrive
import XCTest

/// Issue 9: every `drive=` preset is listed, one line each, in the README's "Drive names" section and in the CLI's
/// help discussion (Sources/discburn/DiscBurn.swift), so a new preset cannot go undocumented.
final class PresetDocumentationTests: XCTestCase {
    func testEveryPresetIsListedInTheReadmeAndTheHelp() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let help = try String(contentsOf: root.appendingPathComponent("Sources/discburn/DiscBurn.swift"), encoding: .utf8)
        let driveNames = try XCTUnwrap(readme.components(separatedBy: "### Drive names").dropFirst().first?
            .components(separatedBy: "\n### ").first)
        for preset in DrivePreset.allCases {
            XCTAssertEqual(driveNames.components(separatedBy: "\n").filter { $0.contains("drive=\(preset.rawValue)`") }.count,
                           1, "README Drive names: one line for drive=\(preset.rawValue)")
            XCTAssertEqual(help.components(separatedBy: "\n").filter {
                $0.trimmingCharacters(in: .whitespaces).hasPrefix(preset.rawValue + " ")
            }.count, 1, "discburn --help: one line for \(preset.rawValue)")
        }
    }
}
