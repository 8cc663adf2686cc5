import Foundation
import GRDB

/// The `sweep_points` view of a sweep database: one row per point and summary figure, with the
/// mean, sample standard deviation and count over the point's completed replicates, so that SQL
/// users get the per-point means without pandas.
///
/// Columns: `point`, one column per axis (as in `sweep`), `figure`, `unit`, `position` (the figure's
/// place in the summary), `runs` (completed runs of the point), `n` (runs with a value), `mean`,
/// `sd` (NULL with fewer than two values), `min`, `max`.
extension SweepDatabase {
    /// The view's SELECT for a sweep with `axes` (also run directly on databases written before the view).
    public static func pointsSQL(axes: [String]) -> String {
        let axisColumns = axes.map { "s." + column($0) }.joined(separator: ", ")
        let axisOut = axes.map { column($0) }.joined(separator: ", ")
        return """
            WITH v AS (
              SELECT s.point\(axisColumns.isEmpty ? "" : ", " + axisColumns), m.name AS figure, m.unit, m.position, m.value,
                     AVG(m.value) OVER (PARTITION BY s.point, m.name) AS mu
              FROM sweep s JOIN run r ON r.id = s.run_id AND r.completed = 1 JOIN summary m ON m.run_id = s.run_id)
            SELECT point\(axisOut.isEmpty ? "" : ", " + axisOut), figure, MIN(unit) AS unit, MIN(position) AS position,
                   COUNT(*) AS runs, COUNT(value) AS n, AVG(value) AS mean,
                   CASE WHEN COUNT(value) > 1 THEN sqrt(SUM((value - mu) * (value - mu)) / (COUNT(value) - 1)) END AS sd,
                   MIN(value) AS min, MAX(value) AS max
            FROM v GROUP BY point, figure ORDER BY point, MIN(position)
            """
    }

    /// An axis's column name in `sweep` and `sweep_points` (unquoted).
    public static func columnName(_ axis: String) -> String { fixedColumns.contains(axis) ? "axis:" + axis : axis }

    /// Creates the `sweep_points` view if missing.
    static func createPointsView(_ db: Database, axes: [String]) throws {
        try db.execute(sql: "CREATE VIEW IF NOT EXISTS sweep_points AS " + pointsSQL(axes: axes))
    }

    /// The `sweep_points` rows of the database at `path` (computed by the view's query, so databases
    /// written before the view have them too).
    public static func readPoints(path: String) throws -> QueryTable {
        try ResultsDatabase.read(path) { db in
            guard let info = try readInfo(db) else { throw SweepDatabaseError.notASweep(path: path) }
            return try ResultsDatabase.query(db, sql: pointsSQL(axes: info.axes), arguments: [:])
        }
    }
}
