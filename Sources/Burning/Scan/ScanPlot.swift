import Foundation
import MMC

/// Draws a scan as a standalone SVG 1.1 document: read speed over LBA as a stepped polyline (one step per
/// zone), axes with tick labels (LBA below, kB/s left, multiples of 1× right), and each unreadable range as a
/// red band over the full height (at least one pixel wide, so a single bad block stays visible).
public enum ScanPlot {
    public static let widthPixels = 900.0
    public static let heightPixels = 420.0
    static let left = 80.0, right = 60.0, top = 40.0, bottom = 50.0

    public static func svg(_ result: ScanResult, title: String? = nil) -> String {
        let plotWidth = widthPixels - left - right, plotHeight = heightPixels - top - bottom
        let totalBlocks = Double(max(result.blocks, 1))
        let topSpeed = niceCeiling(max(result.maximumKilobytesPerSecond, 1))
        func x(_ lba: UInt64) -> Double { left + Double(lba) / totalBlocks * plotWidth }
        func y(_ speed: Double) -> Double { top + plotHeight - min(speed, topSpeed) / topSpeed * plotHeight }

        var out = [#"<?xml version="1.0" encoding="UTF-8"?>"#,
                   "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(f(widthPixels))\" "
                   + "height=\"\(f(heightPixels))\" viewBox=\"0 0 \(f(widthPixels)) \(f(heightPixels))\" "
                   + "font-family=\"sans-serif\" font-size=\"12\">",
                   "<rect x=\"0\" y=\"0\" width=\"\(f(widthPixels))\" height=\"\(f(heightPixels))\" fill=\"white\"/>"]
        let heading = title ?? "Read speed over LBA (\(result.profile.shortName), \(result.blocks) blocks)"
        out.append("<text x=\"\(f(widthPixels / 2))\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">"
                   + "\(escape(heading))</text>")
        for range in result.unreadable {
            let x0 = x(range.startLBA), width = max(1, x(range.startLBA &+ range.blocks) - x0)
            out.append("<rect class=\"unreadable\" x=\"\(f(x0))\" y=\"\(f(top))\" width=\"\(f(width))\" "
                       + "height=\"\(f(plotHeight))\" fill=\"red\" fill-opacity=\"0.4\">"
                       + "<title>unreadable: LBA \(range.startLBA)-\(range.lastLBA) (\(range.blocks) blocks)</title></rect>")
        }
        out += axes(result, topSpeed: topSpeed, x: x, y: y)
        var points: [String] = []
        for zone in result.zones {
            points.append("\(f(x(zone.startLBA))),\(f(y(zone.kilobytesPerSecond)))")
            points.append("\(f(x(zone.startLBA &+ zone.blocks))),\(f(y(zone.kilobytesPerSecond)))")
        }
        out.append("<polyline class=\"speed\" fill=\"none\" stroke=\"#1f5fbf\" stroke-width=\"1.5\" "
                   + "points=\"\(points.joined(separator: " "))\"/>")
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    /// The frame, 5 ticks on each axis with labels, and the axis titles.
    private static func axes(_ result: ScanResult, topSpeed: Double, x: (UInt64) -> Double,
                             y: (Double) -> Double) -> [String] {
        let bottomY = heightPixels - bottom, rightX = widthPixels - right
        var out = ["<g class=\"axes\" stroke=\"black\" stroke-width=\"1\">",
                   "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(bottomY))\"/>",
                   "<line x1=\"\(f(left))\" y1=\"\(f(bottomY))\" x2=\"\(f(rightX))\" y2=\"\(f(bottomY))\"/>",
                   "<line x1=\"\(f(rightX))\" y1=\"\(f(top))\" x2=\"\(f(rightX))\" y2=\"\(f(bottomY))\"/>",
                   "</g>", "<g class=\"labels\" fill=\"black\">"]
        for i in 0...5 {
            let lba = result.blocks / 5 * UInt64(i) + (i == 5 ? result.blocks % 5 : 0)
            out.append("<line x1=\"\(f(x(lba)))\" y1=\"\(f(bottomY))\" x2=\"\(f(x(lba)))\" y2=\"\(f(bottomY + 5))\" "
                       + "stroke=\"black\"/>")
            out.append("<text x=\"\(f(x(lba)))\" y=\"\(f(bottomY + 18))\" text-anchor=\"middle\">\(lba)</text>")
            let speed = topSpeed / 5 * Double(i)
            out.append("<line x1=\"\(f(left - 5))\" y1=\"\(f(y(speed)))\" x2=\"\(f(left))\" y2=\"\(f(y(speed)))\" "
                       + "stroke=\"black\"/>")
            out.append("<text x=\"\(f(left - 8))\" y=\"\(f(y(speed) + 4))\" text-anchor=\"end\">\(Int(speed))</text>")
            if result.profile != .none {
                let multiple = SpeedFormat.multiple(kilobytesPerSecond: Int(speed), profile: result.profile)
                out.append("<text x=\"\(f(rightX + 8))\" y=\"\(f(y(speed) + 4))\">\(escape(multiple))</text>")
            }
        }
        out.append("<text x=\"\(f(left + (rightX - left) / 2))\" y=\"\(f(heightPixels - 12))\" "
                   + "text-anchor=\"middle\">LBA</text>")
        out.append("<text x=\"18\" y=\"\(f(top + (bottomY - top) / 2))\" text-anchor=\"middle\" "
                   + "transform=\"rotate(-90 18 \(f(top + (bottomY - top) / 2)))\">kB/s</text>")
        out.append("</g>")
        return out
    }

    /// The smallest of 1, 2, 2.5, 5 × 10^n at or above `value`.
    static func niceCeiling(_ value: Double) -> Double {
        let magnitude = pow(10, floor(log10(value)))
        for step in [1.0, 2, 2.5, 5, 10] where step * magnitude >= value { return step * magnitude }
        return 10 * magnitude
    }

    static func f(_ v: Double) -> String { String(format: "%.1f", v) }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
