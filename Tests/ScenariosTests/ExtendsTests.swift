import Foundation
import Testing
import Scenarios

/// `extends: other.yaml`: merging, cycles, missing files, and errors located in the right file.
@Suite struct ExtendsTests {
    /// A temporary directory with the given files (relative paths; folders are created).
    struct Files {
        let root: URL
        init(_ files: [String: String]) throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("extends-\(UUID().uuidString)")
            for (name, text) in files {
                let url = root.appendingPathComponent(name)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url)
            }
        }
        func path(_ name: String) -> String { root.appendingPathComponent(name).path }
        func remove() { try? FileManager.default.removeItem(at: root) }

        /// The loaded scenario, or the error's text.
        func load(_ name: String, overrides: [String] = []) -> Result<Scenario, ScenarioError> {
            do throws(ScenarioError) {
                return .success(try ScenarioLoader.load(path: path(name), overrides: overrides))
            } catch {
                return .failure(error)
            }
        }
        func error(_ name: String) -> ScenarioError? {
            if case .failure(let e) = load(name) { return e }
            return nil
        }
    }

    static let base = """
        name: base
        seed: 3
        duration: 20m
        tree: { shape: complete, width: 3, depth: 4 }
        update: { every: 15s, phase: random }
        network:
          latency: { dist: lognormal, median: 80ms, sigma: 0.5 }
          bandwidth: 100Mbit/s
        expect:
          victims: 0
          elections: 0

        """

    /// Maps merge, scalars and lists replace; `expect:` replaces as a whole.
    @Test func keysOverrideRecursively() throws {
        let files = try Files(["base.yaml": Self.base, "attacks/child.yaml": """
            extends: ../base.yaml
            name: child
            tree: { depth: 5 }
            network: { latency: 50ms }
            expect: { elections: 1 }

            """,
            "flat.yaml": """
            name: child
            seed: 3
            duration: 20m
            tree: { shape: complete, width: 3, depth: 5 }
            update: { every: 15s, phase: random }
            network: { latency: 50ms, bandwidth: 100Mbit/s }
            expect: { elections: 1 }

            """])
        defer { files.remove() }
        let child = try files.load("attacks/child.yaml").get()
        let flat = try files.load("flat.yaml").get()
        #expect(child.canonical == flat.canonical)
        #expect(child.digest == flat.digest)
        // The stored text is the merged scenario: it loads alone, to the same scenario.
        #expect(child.sourceText.hasPrefix("# \(files.path("attacks/child.yaml")) -> \(files.path("base.yaml")), merged"))
        let again = try ScenarioLoader.parse(text: child.sourceText, file: files.path("attacks/child.yaml"))
        #expect(again.digest == child.digest)
        // Overrides apply on top of the merged tree.
        let set = try files.load("attacks/child.yaml", overrides: ["tree.depth=3"]).get()
        #expect(set.canonical.contains("tree.depth = 3\n"))
    }

    @Test func nullRemovesAnInheritedKeyAndSettingAKeyDropsItsRivals() throws {
        let files = try Files(["base.yaml": Self.base, "child.yaml": """
            extends: base.yaml
            tree: { nodes: 30 }
            update: { mode: eager }
            network: { latency: { dist: constant, value: 1ms } }
            expect: ~

            """])
        defer { files.remove() }
        let s = try files.load("child.yaml").get()
        #expect(s.expectations.isEmpty)
        #expect(s.canonical.contains("tree.nodes = 30\n") && !s.canonical.contains("tree.depth"))
        #expect(s.canonical.contains("update.mode = eager\n") && !s.canonical.contains("update.every"))
        #expect(s.canonical.contains("network.latency = { dist: constant, value: 1000us }\n"))
        #expect(s.name == "child")  // name is not inherited: the default name is the including file's
    }

    @Test func chainsOfThreeFiles() throws {
        let files = try Files(["a.yaml": "extends: b/b.yaml\nseed: 9\n", "b/b.yaml": "extends: ../c.yaml\nduration: 5m\n",
                               "c.yaml": Self.base])
        defer { files.remove() }
        let s = try files.load("a.yaml").get()
        #expect(s.seed == 9 && s.config.duration == 300_000_000 && s.name == "a")
    }

    @Test func cyclesNameTheChain() throws {
        let files = try Files(["a.yaml": "extends: b.yaml\nseed: 1\n", "b.yaml": "seed: 2\nextends: ./a.yaml\n",
                               "self.yaml": "extends: self.yaml\n"])
        defer { files.remove() }
        let e = try #require(files.error("a.yaml"))
        #expect(e.file == files.path("b.yaml") && e.line == 2 && e.column == 10 && e.keyPath == "extends")
        #expect(e.message.hasPrefix("cycle: \(files.path("a.yaml")) -> \(files.path("b.yaml")) -> \(files.path("a.yaml"))"))
        let own = try #require(files.error("self.yaml"))
        #expect(own.message.hasPrefix("cycle: \(files.path("self.yaml")) -> \(files.path("self.yaml"))"))
    }

    @Test func missingFilesAndBadValues() throws {
        let files = try Files(["a.yaml": "seed: 1\nextends: nope/base.yaml\n", "b.yaml": "extends: a.yaml\n",
                               "n.yaml": "extends: [a.yaml]\n", "d.yaml": "extends: .\n", "s.yaml": "extends: list.yaml\n",
                               "list.yaml": "- 1\n"])
        defer { files.remove() }
        let e = try #require(files.error("b.yaml"))
        #expect(e.file == files.path("a.yaml") && e.line == 2 && e.column == 10)
        #expect(e.description.contains("error: extends: no such file: \(files.path("nope/base.yaml")) (\(files.path("b.yaml")) -> "
                                       + "\(files.path("a.yaml")) -> \(files.path("nope/base.yaml"));"))
        #expect(files.error("n.yaml")?.message.hasPrefix("expected the path of a scenario file") == true)
        #expect(files.error("d.yaml")?.message.contains("is a directory") == true)
        #expect(files.error("s.yaml")?.message.contains("expected a mapping of scenario keys") == true)
    }

    @Test func errorsPointAtTheFileThatHasTheKey() throws {
        let files = try Files(["base.yaml": "duration: 20m\ntree: { width: 3, depth: 4 }\nupdate:\n  evrey: 15s\n",
                               "child.yaml": "# a comment\nextends: base.yaml\n",
                               "bad.yaml": "extends: ok.yaml\n\ntree: { width: three }\n",
                               "ok.yaml": Self.base,
                               "syntax.yaml": "extends: broken.yaml\n", "broken.yaml": "tree: { width: 3\n"])
        defer { files.remove() }
        let inBase = try #require(files.error("child.yaml"))
        #expect(inBase.description == "\(files.path("base.yaml")):4:3: error: update.evrey: unknown key; did you mean update.every?")
        let inChild = try #require(files.error("bad.yaml"))
        #expect(inChild.description == "\(files.path("bad.yaml")):3:16: error: tree.width: expected an integer, got \"three\"")
        let syntax = try #require(files.error("syntax.yaml"))
        #expect(syntax.file == files.path("broken.yaml") && syntax.line == 2)
    }

    @Test func extendsCannotBeSetFromTheCommandLine() throws {
        let files = try Files(["base.yaml": Self.base])
        defer { files.remove() }
        guard case .failure(let e) = files.load("base.yaml", overrides: ["extends=x.yaml"]) else {
            Issue.record("--set extends was accepted")
            return
        }
        #expect(e.message.contains("not set with --set"))
    }
}
