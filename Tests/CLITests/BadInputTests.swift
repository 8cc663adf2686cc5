import Foundation
import Testing

/// One kind of bad input: what to write, how to call the command, what stderr must say.
struct BadInput: Sendable, CustomTestStringConvertible {
    enum Content: Sendable {
        case text(String)
        case bytes([UInt8])
        /// No scenario file at all (its path names a file that does not exist).
        case missing
    }

    var label: String
    var content: Content
    /// Arguments; `{file}` is the scenario's path and `{db}` the database path.
    var arguments: [String] = ["run", "{file}", "--db", "{db}", "--quiet"]
    /// Where the error must point: `{file}:LINE:COLUMN: error: `, or just `{file}: error: `.
    var location: (line: Int, column: Int)?
    /// Whether stderr must start with the scenario path (false for usage and `--set` errors).
    var namesFile = true
    /// What stderr must start with instead, when it does not name the file (e.g. `--set KEY=VALUE: error: `).
    var startsWith: String? = nil
    /// Fragments stderr must contain (`{file}` is substituted).
    var mustContain: [String]
    /// A scenario error is one line; an ArgumentParser usage error may add usage text.
    var oneLine = true

    var testDescription: String { label }

    static let all: [BadInput] = [
        BadInput(label: "misspelt key", content: .text(tinyScenarioEditing(line: 6, to: "  widht: 2")),
                 location: (6, 3), mustContain: ["tree.widht: unknown key", "did you mean tree.width"]),
        BadInput(label: "wrong type", content: .text(tinyScenarioEditing(line: 6, to: "  width: three")),
                 location: (6, 10), mustContain: ["tree.width:", "integer", "three"]),
        BadInput(label: "bad unit", content: .text(tinyScenarioEditing(line: 9, to: "  every: 15 parsecs")),
                 location: (9, 10), mustContain: ["update.every:", "duration"]),
        BadInput(label: "negative duration", content: .text(tinyScenarioEditing(line: 3, to: "duration: -5m")),
                 location: (3, 11), mustContain: ["duration:", "negative"]),
        BadInput(label: "empty file", content: .text(""), mustContain: ["empty"]),
        BadInput(label: "comments only", content: .text("# nothing here\n\n"), mustContain: ["empty"]),
        BadInput(label: "unbalanced YAML", content: .text("{{{: ["), location: (1, 0),
                 mustContain: ["invalid YAML"]),
        BadInput(label: "random bytes", content: .bytes([0x6E, 0x61, 0x6D, 0x65, 0x0A, 0xFF, 0xFE, 0x00, 0x9C, 0x80, 0xC3]),
                 location: (2, 1), mustContain: ["not valid UTF-8"]),
        BadInput(label: "top level is a list", content: .text("- tree\n- duration\n"), location: (1, 1),
                 mustContain: ["expected a mapping"]),
        BadInput(label: "missing file", content: .missing, mustContain: ["no such file"]),
        BadInput(label: "unknown --set key", content: .text(tinyScenario),
                 arguments: ["run", "{file}", "--db", "{db}", "--quiet", "--set", "tree.widht=4"], namesFile: false,
                 startsWith: "--set tree.widht=4: error: ",
                 mustContain: ["--set tree.widht=4", "tree.widht", "did you mean tree.width"]),
        BadInput(label: "--set into a scalar", content: .text(tinyScenario),
                 arguments: ["run", "{file}", "--db", "{db}", "--quiet", "--set", "tree.depth.x=1"], namesFile: false,
                 startsWith: "--set tree.depth.x=1: error: ", mustContain: ["tree.depth.x:", "not a mapping"]),
        BadInput(label: "--set without =", content: .text(tinyScenario),
                 arguments: ["run", "{file}", "--db", "{db}", "--quiet", "--set", "tree.width4"], namesFile: false,
                 startsWith: "--set tree.width4: error: ",
                 mustContain: ["--set tree.width4", "KEY=VALUE"]),
        BadInput(label: "--set with a bad value", content: .text(tinyScenario),
                 arguments: ["run", "{file}", "--db", "{db}", "--quiet", "--set", "tree.width=three"], namesFile: false,
                 startsWith: "--set tree.width=three: error: ",
                 mustContain: ["--set tree.width=three", "tree.width", "integer"]),
        BadInput(label: "unknown subcommand", content: .text(tinyScenario),
                 arguments: ["frobnicate", "{file}"], namesFile: false,
                 mustContain: ["frobnicate"], oneLine: false),
        BadInput(label: "unknown option", content: .text(tinyScenario),
                 arguments: ["run", "{file}", "--db", "{db}", "--quiet", "--frobnicate"], namesFile: false,
                 mustContain: ["--frobnicate"], oneLine: false),
        BadInput(label: "option without its value", content: .text(tinyScenario),
                 arguments: ["run", "{file}", "--quiet", "--db", "{db}", "--seed"], namesFile: false,
                 mustContain: ["--seed"], oneLine: false),
        BadInput(label: "non-numeric --seed", content: .text(tinyScenario),
                 arguments: ["run", "{file}", "--db", "{db}", "--quiet", "--seed", "banana"], namesFile: false,
                 mustContain: ["banana"], oneLine: false),
        BadInput(label: "expectation naming no figure",
                 content: .text(tinyScenario + "expect:\n  finality.global.p999: \"< 5m\"\n"),
                 location: (11, 3),
                 mustContain: ["expect.finality.global.p999:", "did you mean expect.finality.global.p99"]),
        BadInput(label: "--set expect naming no figure", content: .text(tinyScenario),
                 arguments: ["run", "{file}", "--db", "{db}", "--quiet", "--set", "expect.nonsense=>0"], namesFile: false,
                 startsWith: "--set expect.nonsense=>0: error: ",
                 mustContain: ["--set expect.nonsense=>0", "expect.nonsense:"]),
        BadInput(label: "text expectation for a numeric figure",
                 content: .text(tinyScenario + "expect:\n  l1.blocks: \"about 5\"\n"),
                 location: (11, 14),
                 mustContain: ["expect.l1.blocks:", "expected a number", "about 5"]),
    ]
}

@Suite struct BadInputTests {
    /// Bad input: exit 2, one error naming file:line:column and the key path, nothing written.
    @Test(arguments: BadInput.all)
    func badInputExits2AndWritesNothing(_ bad: BadInput) throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let file = sandbox.path("s.yaml")
        let db = sandbox.path("out.sqlite")
        switch bad.content {
        case .text(let text): try sandbox.write("s.yaml", text)
        case .bytes(let bytes): try sandbox.write("s.yaml", Data(bytes))
        case .missing: break
        }
        let arguments = bad.arguments.map { $0.replacingOccurrences(of: "{file}", with: file)
            .replacingOccurrences(of: "{db}", with: db) }
        let out = try sandbox.fractalsim(arguments)

        #expect(out.status == 2 && !out.signalled && !out.timedOut, "expected exit 2\n\(out)")
        #expect(out.stdout.isEmpty, "nothing may run or print a summary\n\(out)")
        #expect(!sandbox.exists("out.sqlite"), "the database was created\n\(out)")
        let expectedContents = bad.content.isMissing ? [] : ["s.yaml"]
        #expect(sandbox.contents() == expectedContents, "something was written: \(sandbox.contents())\n\(out)")

        let stderr = out.stderr
        #expect(!stderr.isEmpty, "\(out)")
        if bad.namesFile {
            if let (line, column) = bad.location {
                // Column 0 in the table: any column, but one must be given.
                let prefix = "\(file):\(line):" + (column > 0 ? "\(column): error: " : "")
                #expect(stderr.hasPrefix(prefix), "stderr must start with \(prefix)\n\(out)")
                if column == 0 {
                    let rest = stderr.dropFirst(prefix.count).prefix { $0 != ":" }
                    #expect(!rest.isEmpty && rest.allSatisfy(\.isNumber), "no column after \(prefix)\n\(out)")
                }
            } else {
                #expect(stderr.hasPrefix("\(file): error: "), "stderr must name \(file)\n\(out)")
            }
        }
        if let start = bad.startsWith {
            #expect(stderr.hasPrefix(start), "stderr must start with \(start)\n\(out)")
        }
        for fragment in bad.mustContain {
            let fragment = fragment.replacingOccurrences(of: "{file}", with: file)
            #expect(stderr.contains(fragment), "stderr lacks \"\(fragment)\"\n\(out)")
        }
        if bad.oneLine {
            let lines = stderr.split(separator: "\n", omittingEmptySubsequences: true)
            #expect(lines.count == 1, "expected one error line\n\(out)")
        }
        #expect(!stderr.contains("\r"), "\(out)")
    }
}

extension BadInput.Content {
    var isMissing: Bool { if case .missing = self { true } else { false } }
}
