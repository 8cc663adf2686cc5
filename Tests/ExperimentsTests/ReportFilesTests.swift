import Experiments
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Counts the data points an SVG declares (`data-points` of its series) while parsing it.
final class SVGProbe: NSObject, XMLParserDelegate {
    var root: String?
    var points = 0
    var series = 0

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if root == nil { root = name }
        if attributes["class"] == "series" {
            series += 1
            points += Int(attributes["data-points"] ?? "") ?? 0
        }
    }
}

/// The `href` and `src` targets of an HTML page.
func links(_ html: String) -> [String] {
    let regex = try! NSRegularExpression(pattern: #"(?:href|src)="([^"]*)""#)
    let range = NSRange(html.startIndex..., in: html)
    return regex.matches(in: html, range: range).compactMap { Range($0.range(at: 1), in: html).map { String(html[$0]) } }
}

@Suite struct ReportFilesTests {
    @Test func reportHasWellFormedPlotsLinksAndNotebook() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try storyDatabase(scratch)
        let dir = scratch.path("out/story")
        let outcome = try ReportWriter.write(database: path, runID: nil, directory: dir)
        let svgs = outcome.files.filter { $0.hasSuffix(".svg") }
        #expect(svgs == ["tree.svg", "finality-cdf.svg", "finality-affected.svg", "finality-by-depth.svg", "acceptance.svg",
                         "l1-retained.svg", "l1-progress.svg", "storage-by-depth.svg", "elections.svg", "message-latency.svg"])

        // Every SVG is well-formed XML with an <svg> root and data points.
        for name in svgs {
            let parser = XMLParser(data: try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name)))
            let probe = SVGProbe()
            parser.delegate = probe
            #expect(parser.parse(), "\(name): \(String(describing: parser.parserError))")
            #expect(probe.root == "svg" && probe.series > 0 && probe.points > 0, "\(name): \(probe.points) points")
        }

        // index.html links only files that exist, and shows every SVG.
        let html = try String(contentsOfFile: dir + "/index.html", encoding: .utf8)
        let targets = links(html)
        #expect(!targets.isEmpty)
        for target in targets {
            #expect(!target.contains("/") && FileManager.default.fileExists(atPath: dir + "/" + target), "\(target)")
        }
        for name in svgs { #expect(targets.contains(name), "\(name) not shown") }
        #expect(html.contains("finality.global.p50") && !html.contains("run.wall_s</code></td>"))

        // The notebook: nbformat 4 JSON; cells with the fields nbformat requires; code reads DB or CSV.
        let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/report.ipynb"))
        let notebook = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(notebook["nbformat"] as? Int == 4 && (notebook["nbformat_minor"] as? Int ?? 0) >= 4)
        let metadata = try #require(notebook["metadata"] as? [String: Any])
        #expect((metadata["kernelspec"] as? [String: Any])?["name"] as? String == "python3")
        let cells = try #require(notebook["cells"] as? [[String: Any]])
        #expect(cells.count > 2 * svgs.count)
        var code = ""
        for cell in cells {
            let kind = try #require(cell["cell_type"] as? String)
            #expect(kind == "code" || kind == "markdown")
            #expect(cell["metadata"] is [String: Any] && cell["source"] is [String] && cell["id"] is String)
            if kind == "code" {
                #expect((cell["outputs"] as? [Any])?.isEmpty == true && cell["execution_count"] is NSNull)
                code += ((cell["source"] as? [String]) ?? []).joined()
            }
        }
        #expect(code.contains("DB = \"../../story.sqlite\"") && code.contains("pd.read_sql_query") && code.contains("pd.read_csv"))
        for csv in ["finality_cdf", "acceptance", "election_votes", "message_latency", "summary"] {
            #expect(code.contains("load(\"\(csv)\""), "\(csv)")
            let text = try String(contentsOfFile: dir + "/\(csv).csv", encoding: .utf8)
            #expect(text.split(separator: "\n").count > 1, "\(csv).csv")
        }
        let cdf = try String(contentsOfFile: dir + "/finality_cdf.csv", encoding: .utf8).split(separator: "\n")
        let curves = Set(cdf.dropFirst().map { $0.split(separator: ",").first ?? "" }).count   // l1, global (and path when modelled)
        #expect(cdf.first == "measure,latency_s,fraction,n,tracked" && curves >= 2 && cdf.count <= curves * (ReportQueries.cdfPoints + 2) + 1)

        // Deterministic: a second report is byte-identical.
        let again = scratch.path("again")
        _ = try ReportWriter.write(database: path, runID: nil, directory: again)
        for name in outcome.files where name != "report.ipynb" {
            #expect(FileManager.default.contents(atPath: dir + "/" + name) == FileManager.default.contents(atPath: again + "/" + name),
                    "\(name) differs")
        }
    }

    @Test func plotEngineBasics() {
        var plot = SVGPlot(title: "a < b & c", x: PlotAxis(label: "t", unit: .time(maxSeconds: 600)), y: PlotAxis(label: "y"))
        plot.series = [PlotSeries("s", [(0, 1), (300, 2), (600, 3)], style: .step)]
        let svg = plot.render()
        #expect(svg.contains("a &lt; b &amp; c") && svg.contains("t (min)") && svg.contains("data-points=\"3\""))
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse())
        #expect(PlotUnit.bytes(max: 2_000_000).name == "MB" && PlotUnit.time(maxSeconds: 90).name == "s")
    }
}
