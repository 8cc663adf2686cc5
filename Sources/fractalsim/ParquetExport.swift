import Foundation

/// Parquet through Python's pyarrow, the reference implementation's bindings: no maintained Swift
/// library writes Parquet (README "Machine-readable results"). The script reads the database with
/// Python's sqlite3 in batches of 65,536 rows and types each column from its declared SQLite type.
enum ParquetExport {
    static let script = #"""
        import sqlite3, sys
        import pyarrow as pa, pyarrow.parquet as pq
        database, pairs = sys.argv[1], sys.argv[2:]
        con = sqlite3.connect("file:" + database + "?mode=ro", uri=True)
        def arrow_type(declared):
            d = (declared or "").upper()
            if "INT" in d: return pa.int64()
            if "REAL" in d or "FLOA" in d or "DOUB" in d: return pa.float64()
            if "BLOB" in d: return pa.binary()
            return pa.string()   # TEXT, and columns without a type (seeds ≥ 2^63 are text there)
        for table, path in zip(pairs[0::2], pairs[1::2]):
            quoted = '"' + table.replace('"', '""') + '"'
            info = con.execute("PRAGMA table_info(" + quoted + ")").fetchall()
            schema = pa.schema([(c[1], arrow_type(c[2])) for c in info])
            def cast(value, t):
                if value is None: return None
                return str(value) if t == pa.string() and not isinstance(value, str) else value
            rows = 0
            with pq.ParquetWriter(path, schema) as writer:
                cursor = con.execute("SELECT * FROM " + quoted)
                while batch := cursor.fetchmany(65536):
                    columns = [pa.array([cast(r[i], f.type) for r in batch], type=f.type) for i, f in enumerate(schema)]
                    writer.write_table(pa.Table.from_arrays(columns, schema=schema))
                    rows += len(batch)
            print(rows)
        """#

    /// Writes each table to its file; returns the row counts. Exit 2 when python3 or pyarrow is missing.
    static func export(database: String, tables: [String], files: [String]) throws -> [Int] {
        let check = try python(["-c", "import pyarrow"])
        guard check.status == 0 else {
            throw CommandFailure(code: 2, message: "error: --format parquet needs python3 with pyarrow (no maintained Swift "
                + "library writes Parquet): `pip install pyarrow`, or use --format csv or json")
        }
        let run = try python(["-c", script, database] + zip(tables, files).flatMap { [$0, $1] })
        guard run.status == 0 else {
            let last = run.stderr.split(separator: "\n").last.map(String.init) ?? "exit \(run.status)"
            throw CommandFailure(code: 2, message: "error: pyarrow could not write Parquet: \(last)")
        }
        return run.stdout.split(separator: "\n").compactMap { Int($0) }
    }

    /// Runs `python3 arguments` (found on PATH), returning its status and output (stderr through a
    /// temporary file, so that neither pipe can fill up while the other is read).
    static func python(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("fractalsim-export-\(getpid()).err")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errURL) }
        let errHandle = try FileHandle(forWritingTo: errURL)
        defer { try? errHandle.close() }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = (try? Data(contentsOf: errURL)) ?? Data()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }
}
