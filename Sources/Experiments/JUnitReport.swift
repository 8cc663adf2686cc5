import Foundation

/// `bounds --junit FILE`: the check as JUnit XML, so that CI systems show it as tests. One
/// `<testcase>` per figure checked (finality: p50 and p99), failed with the reasons when it does
/// not grow as predicted; the suite's `<system-out>` holds the text report.
public enum JUnitReport {
    /// The XML document of one `bounds` outcome; `seconds` is the wall time of the invocation.
    public static func bounds(_ o: BoundsOutcome, seconds: Double) -> String {
        let plan = o.sweep.plan
        let g = o.metric.predicted.rawValue
        let failures = o.series.filter { !$0.passed }.count
        let time = String(format: "%.3f", seconds)
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"fractalsim bounds\" tests=\"\(o.series.count)\" failures=\"\(failures)\" errors=\"0\" time=\"\(time)\">\n"
        xml += "  <testsuite name=\"\(escape("bounds \(o.metric.rawValue) · \(plan.base.name)"))\" tests=\"\(o.series.count)\" "
            + "failures=\"\(failures)\" errors=\"0\" skipped=\"0\" time=\"\(time)\">\n"
        xml += "    <properties>\n"
        let properties: [(String, String)] = [
            ("scenario", plan.base.path), ("metric", o.metric.rawValue), ("database", o.sweep.databasePath),
            ("runs", String(plan.runs.count)), ("min_r2", String(o.thresholds.minRSquared)), ("slack", String(o.thresholds.slack)),
            ("program_version", ProgramVersion.current), ("git_commit", ProgramVersion.commit ?? ""),
        ]
        for (name, value) in properties {
            xml += "      <property name=\"\(escape(name))\" value=\"\(escape(value))\"/>\n"
        }
        xml += "    </properties>\n"
        for s in o.series {
            let best = s.fits.first { $0.model == s.best }
            let summary = String(format: "best fit %@ (R² %.5f); growth ×%.3f, %@ allows ×%.3f", s.best.rawValue,
                                 best?.rSquared ?? .nan, s.growth, g, s.allowedGrowth)
            xml += "    <testcase classname=\"fractalsim.bounds.\(escape(o.metric.rawValue))\" "
                + "name=\"\(escape("\(s.figure) grows as O(\(g))"))\" time=\"0\">\n"
            if !s.passed {
                xml += "      <failure type=\"bounds\" message=\"\(escape(s.failures.joined(separator: "; ")))\">"
                    + escape(summary) + "</failure>\n"
            } else {
                xml += "      <system-out>\(escape(summary))</system-out>\n"
            }
            xml += "    </testcase>\n"
        }
        xml += "    <system-out>\(escape(BoundsCheck.render(o)))</system-out>\n"
        xml += "  </testsuite>\n</testsuites>\n"
        return xml
    }

    /// Text and attribute values with `& < > " '` escaped and control characters XML 1.0 forbids dropped.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default: if scalar.value >= 0x20 { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
