import ArgumentParser
import Experiments
import Foundation
import Metrics

/// `fractalsim export DB --format csv|json|parquet`: whole tables of a results database as files.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write whole tables of a results database as CSV, JSON or Parquet files, one file per table.",
        discussion: """
            CSV: RFC 4180 with a header row, NULL as an empty field. JSON: an array of row objects, NULL as \
            null. Parquet: through Python's pyarrow (no maintained Swift Parquet library exists), typed from \
            the declared column types; exit 2 with how to install it when python3 or pyarrow is missing. \
            Existing files are replaced only with --force.
            """)

    @Argument(help: "The results database (from run, sweep, bounds or merge).")
    var database: String

    @Option(help: "csv, json or parquet.")
    var format: String = "csv"

    @Option(name: .customLong("table"), help: "A table to export (repeatable; default: every table).")
    var tables: [String] = []

    @Option(help: "Output directory (default: the database's path without .sqlite, plus -<format>).")
    var out: String?

    @Flag(help: "Replace files that already exist in the output directory.")
    var force = false

    func validate() throws {
        guard format == "parquet" || TableFormat(rawValue: format) != nil else {
            throw ValidationError("--format: expected csv, json or parquet, got \"\(format)\"")
        }
    }

    func run() throws {
        guard FileManager.default.fileExists(atPath: database) else {
            throw CommandFailure(code: 2, message: "error: \(database): no such file")
        }
        switch OutputFiles.inspect(database) {
        case .runDatabase, .sweepDatabase: break
        default: throw CommandFailure(code: 2, message: "error: \(database) is not a FractalSim results database")
        }
        let available = try TableExport.tables(path: database)
        for table in tables where !available.contains(table) {
            throw CommandFailure(code: 2, message: "error: --table \(table): no such table in \(database); it has \(available.joined(separator: ", "))")
        }
        let chosen = tables.isEmpty ? available : tables
        let base = database.hasSuffix(".sqlite") ? String(database.dropLast(".sqlite".count)) : database
        let dir = out ?? "\(base)-\(format)"
        let files = chosen.map { (dir as NSString).appendingPathComponent("\($0).\(format)") }
        do {
            try OutputFiles.checkWritable((dir as NSString).appendingPathComponent("x"), option: "--out")
            for file in files {
                try OutputFiles.checkNotInput(file, inputs: [database], option: "--out")
                if !force, FileManager.default.fileExists(atPath: file) {
                    throw OutputPathError("\(file) already exists; add --force to replace it, or choose another --out")
                }
            }
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        } catch let error as OutputPathError {
            throw CommandFailure(code: 2, message: "error: \(error)")
        } catch {
            throw CommandFailure(code: 2, message: "error: cannot create the directory \(dir): \((error as NSError).localizedDescription)")
        }
        var counts: [Int] = []
        if format == "parquet" {
            counts = try ParquetExport.export(database: database, tables: chosen, files: files)
        } else if let tableFormat = TableFormat(rawValue: format) {
            for (table, file) in zip(chosen, files) {
                do {
                    counts.append(try TableExport.export(path: database, table: table, format: tableFormat, to: file))
                } catch {
                    throw CommandFailure(code: 2, message: "error: cannot export \(table) to \(file): \(error)")
                }
            }
        }
        for (file, count) in zip(files, counts) {
            print("\(file)  \(SummaryFormat.grouped(Int64(count))) row\(count == 1 ? "" : "s")")
        }
        print("Exported      \(chosen.count) table\(chosen.count == 1 ? "" : "s"), \(SummaryFormat.grouped(Int64(counts.reduce(0, +)))) rows, to \(dir)")
    }
}
