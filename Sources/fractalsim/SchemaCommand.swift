import ArgumentParser
import Experiments
import Foundation
import Scenarios

/// `fractalsim schema`: the JSON Schema of scenario files (or the README's key table), from the key registry.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (2020-12) of scenario files, generated from the key registry.",
        discussion: """
            scenarios/scenario.schema.json is this output; editors with the YAML language server check and \
            complete scenario files against it through their first line, \
            `# yaml-language-server: $schema=scenario.schema.json` (a path relative to the file). \
            --key-table prints the README's table of keys instead.
            """)

    @Flag(help: "Print the Markdown table of every key (the README's) instead of the schema.")
    var keyTable = false

    func run() throws {
        if keyTable {
            print(KeyRegistry.markdownTable(), terminator: "")
        } else {
            print(ScenarioSchema.json(summaryNames: ExpectationChecker.knownFigures).text())
        }
    }
}
