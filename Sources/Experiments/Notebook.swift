import Foundation
import Metrics

/// A Jupyter notebook in nbformat 4.5 (cells with ids), written as deterministic JSON: sorted keys,
/// no outputs (run it to draw the plots).
public struct Notebook: Sendable {
    /// One cell.
    public struct Cell: Sendable, Encodable {
        /// `markdown` or `code`.
        public var kind: String
        /// Its id (nbformat 4.5: letters, digits, `-`, `_`).
        public var id: String
        /// Its text.
        public var source: String

        enum Keys: String, CodingKey { case cell_type, id, metadata, source, outputs, execution_count }

        /// nbformat's cell layout: source as a list of lines; code cells with empty outputs.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(kind, forKey: .cell_type)
            try c.encode(id, forKey: .id)
            try c.encode([String: String](), forKey: .metadata)
            var lines = source.components(separatedBy: "\n")
            while lines.last == "" { lines.removeLast() }
            try c.encode(lines.enumerated().map { $0.offset < lines.count - 1 ? $0.element + "\n" : $0.element },
                         forKey: .source)
            if kind == "code" {
                try c.encode([String](), forKey: .outputs)
                try c.encodeNil(forKey: .execution_count)
            }
        }
    }

    /// The cells, in order.
    public var cells: [Cell] = []

    /// An empty notebook.
    public init() {}

    /// Appends a markdown cell.
    public mutating func markdown(_ text: String) { cells.append(Cell(kind: "markdown", id: "cell-\(cells.count + 1)", source: text)) }

    /// Appends a code cell.
    public mutating func code(_ text: String) { cells.append(Cell(kind: "code", id: "cell-\(cells.count + 1)", source: text)) }

    struct Document: Encodable {
        struct Kernel: Encodable { var display_name = "Python 3", language = "python", name = "python3" }
        struct Language: Encodable { var name = "python" }
        struct Metadata: Encodable { var kernelspec = Kernel(), language_info = Language() }
        var cells: [Cell]
        var metadata = Metadata()
        var nbformat = 4
        var nbformat_minor = 5
    }

    /// The `.ipynb` JSON text.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(Document(cells: cells)), as: UTF8.self) + "\n"
    }
}

/// The report's notebook: a title, the set-up cell, then per plot its heading, caption and code.
enum ReportNotebook {
    /// The notebook for `figures` of a run, reading `database` (relative to the notebook) or the CSVs.
    static func make(info: ReportInfo, figures: [ReportFigure], database: String, marks: RunMarks = RunMarks([:], end: 0),
                     tables: [ReportTableSpec] = []) -> Notebook {
        var nb = Notebook()
        nb.markdown("""
            # FractalSim report: \(info.name)

            \(info.description.isEmpty ? "" : info.description + "\n\n")Run \(info.runID) of `\(info.databaseName)`: \
            scenario `\(info.scenarioPath)`, seed \(info.seed)\(info.overrides.isEmpty ? "" : ", " + info.overrides.map { "`--set \($0)`" }.joined(separator: " ")), \
            fractalsim \(info.programVersion), trace digest `\(info.traceDigest)`.\(info.sweepNote.map { " This is \($0)." } ?? "")

            Each cell loads one dataset — the SQL query on the results database when `DB` points to it, \
            else the CSV file of the same name next to this notebook — and redraws the plot that \
            `fractalsim report` wrote as SVG. Regenerate with `fractalsim report \(info.databaseName) --out <dir>`.
            """)
        nb.code(NotebookCells.setup(database: database, runID: info.runID, threshold: info.threshold))
        nb.code(marks.python)
        for t in tables {
            nb.markdown("## \(t.heading)\n\n\(t.caption)")
            nb.code(NotebookCells.load(t.dataset.name, t.dataset) + t.dataset.name)
        }
        var samplesLoaded = false
        for f in figures {
            nb.markdown("## \(f.heading)\n\n\(f.caption)")
            var code = f.python
            if f.file == "l1-progress.svg" && !samplesLoaded { code = NotebookCells.load("l1", ReportQueries.samples) + code }
            if f.dataset.name == ReportQueries.samples.name { samplesLoaded = true }
            nb.code(code)
        }
        nb.markdown("## Summary figures\n\nThe run's summary (the wall-clock `run.*` figures aside).")
        nb.code(NotebookCells.summary())
        return nb
    }
}
