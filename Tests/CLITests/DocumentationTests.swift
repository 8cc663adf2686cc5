import Foundation
import Testing

/// Issue 20, item 8: every file and anchor the documentation and the sources point to is in the
/// repository (a clone has no design folder next to it), and the documented example scenario runs.
@Suite struct DocumentationTests {
    static let root = CLI.packageRoot

    /// Files of the documentation that is checked: README.md, docs/*.md, scenarios/README.md.
    static var markdownFiles: [String] {
        let docs = ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)) ?? [])
            .filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
        return ["README.md", "scenarios/README.md"] + docs
    }

    /// Every `.swift` file under Sources/, relative to the root.
    static var swiftFiles: [String] {
        let base = root.appendingPathComponent("Sources").path
        let all = FileManager.default.enumerator(atPath: base)?.compactMap { $0 as? String } ?? []
        return all.filter { $0.hasSuffix(".swift") }.sorted().map { "Sources/" + $0 }
    }

    /// Names of design documents that exist only outside the repository.
    static let outside = ["MODEL.md", "SCENARIOS.md", "ARCHITECTURE.md", "seeds/", "../shared", "/work/shared"]


    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(path).path) }

    func text(_ path: String) throws -> String {
        try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
    }

    /// `dir/../x` → `x`.
    func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == "..", !parts.isEmpty, parts.last != ".." { parts.removeLast() } else { parts.append(part) }
        }
        return parts.joined(separator: "/")
    }

    /// GitHub's anchors of a Markdown file's headings (lowercased, punctuation dropped, spaces as `-`, `-1`… for repeats).
    func anchors(_ markdown: String) -> Set<String> {
        var seen: [String: Int] = [:]
        var out: Set<String> = []
        var fenced = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { fenced.toggle() }
            guard !fenced, line.hasPrefix("#") else { continue }
            let title = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
            let kept = title.lowercased().unicodeScalars.filter {
                CharacterSet.letters.contains($0) || CharacterSet.decimalDigits.contains($0) || $0 == "-" || $0 == "_" || $0 == " "
            }
            let base = String(String.UnicodeScalarView(kept)).replacingOccurrences(of: " ", with: "-")
            let n = seen[base, default: 0]
            seen[base] = n + 1
            out.insert(n == 0 ? base : "\(base)-\(n)")
        }
        return out
    }

    /// Problems with the links `[text](target)` of one Markdown file.
    func brokenLinks(in file: String) throws -> [String] {
        let markdown = try text(file)
        let dir = (file as NSString).deletingLastPathComponent
        var problems: [String] = []
        let regex = try NSRegularExpression(pattern: #"\]\(([^)\s]+)\)"#)
        for match in regex.matches(in: markdown, range: NSRange(markdown.startIndex..., in: markdown)) {
            let target = String(markdown[Range(match.range(at: 1), in: markdown)!])
            if target.hasPrefix("http://") || target.hasPrefix("https://") || target.hasPrefix("mailto:") { continue }
            let parts = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
            let path = parts[0].isEmpty ? file : normalize(dir.isEmpty ? String(parts[0]) : dir + "/" + parts[0])
            guard exists(path) else { problems.append("\(file): link to \(target): no file \(path)"); continue }
            if parts.count == 2, path.hasSuffix(".md"), !anchors(try text(path)).contains(String(parts[1])) {
                problems.append("\(file): link to \(target): no heading #\(parts[1]) in \(path)")
            }
        }
        return problems
    }

    /// Paths named in plain text or code spans (`docs/x.md`, `scripts/y.sh`, `model.md`) that do not exist.
    func missingNamedFiles(in file: String, _ content: String) throws -> [String] {
        let dir = (file as NSString).deletingLastPathComponent
        let regex = try NSRegularExpression(pattern: #"(?<![\w./<*-])((?:\.\./)*[A-Za-z0-9_][A-Za-z0-9_./-]*\.(?:md|sh|sbatch|py|yaml|json|swift))(?![\w*<])"#)
        var problems: [String] = []
        for match in regex.matches(in: content, range: NSRange(content.startIndex..., in: content)) {
            let name = String(content[Range(match.range(at: 1), in: content)!])
            // Only repository paths: a directory of the repository, or a Markdown file name.
            let top = name.split(separator: "/").first.map(String.init) ?? name
            let repoDirs = ["docs", "scripts", "scenarios", "Sources", "Tests", "python", "Plugins", "notebooks-export", ".ci", ".."]
            guard name.hasSuffix(".md") || (name.contains("/") && repoDirs.contains(top)) else { continue }
            // Placeholders: `scenarios/NAME.yaml`, `scenarios/x.yaml`.
            let stems = name.split(separator: "/").map { $0.split(separator: ".").first.map(String.init) ?? "" }
            if stems.contains(where: { ($0.count > 1 && $0 == $0.uppercased() && $0.allSatisfy(\.isLetter)) || $0 == "x" }) { continue }
            // `../baseline.yaml`, `../scenario.schema.json`: written from a scenario file in a folder of scenarios/.
            let candidates = [name, normalize(dir + "/" + name), normalize("scenarios/attacks/" + name)]
            if !candidates.contains(where: exists) { problems.append("\(file): names \(name), which is not in the repository") }
        }
        return problems
    }

    @Test func everyReferenceResolvesInsideTheRepository() throws {
        var problems: [String] = []
        for file in Self.markdownFiles {
            problems += try brokenLinks(in: file)
            let content = try text(file)
            problems += try missingNamedFiles(in: file, content)
            for name in Self.outside where content.contains(name) { problems.append("\(file): refers to \(name), outside the repository") }
        }
        for file in Self.swiftFiles {
            let content = try text(file)
            for name in Self.outside where content.contains(name) { problems.append("\(file): refers to \(name), outside the repository") }
            problems += try missingNamedFiles(in: file, content)
        }
        // Scenario descriptions end up in reports (`fractalsim report`): no outside references there either.
        let scenarios = FileManager.default.enumerator(atPath: Self.root.appendingPathComponent("scenarios").path)?
            .compactMap { $0 as? String }.filter { $0.hasSuffix(".yaml") }.sorted() ?? []
        #expect(scenarios.count > 10)
        for name in scenarios {
            let content = try text("scenarios/" + name)
            for outside in Self.outside where content.contains(outside) { problems.append("scenarios/\(name): refers to \(outside), outside the repository") }
        }
        let report = "\(problems.count) references outside the repository:\n" + problems.joined(separator: "\n")
        #expect(problems.isEmpty, "\(report)")
        #expect(Self.markdownFiles.contains("docs/model.md") && Self.markdownFiles.contains("docs/scenarios.md"))
    }

    @Test func theCheckerFindsWhatItLooksFor() throws {
        // A test that cannot fail is worse than none: the checker must flag each kind of bad reference.
        #expect(try missingNamedFiles(in: "docs/x.md", "see `docs/nope.md` and scripts/none.sh").count == 2)
        #expect(try missingNamedFiles(in: "docs/x.md", "see model.md, ../README.md and `scripts/ci-bounds.sh`").isEmpty)
        #expect(anchors("# A title\n## §3.1 Precise rules\n## A title\n```\n# not a heading\n```\n")
                == ["a-title", "31-precise-rules", "a-title-1"])
        #expect(anchors(try text("README.md")).contains("where-results-go"))
    }

    @Test func theDocumentedExampleScenarioIsValid() throws {
        let doc = try text("docs/scenarios.md")
        let yaml = try #require(doc.components(separatedBy: "```yaml\n").dropFirst().first?.components(separatedBy: "```").first)
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let out = try sandbox.fractalsim(["validate", try sandbox.write("example.yaml", yaml)])
        #expect(out.status == 0 && out.stdout.hasPrefix("ok"), "\(out)")
    }
}
