import Foundation
import Metrics

/// Pieces shared by the report pages (run, sweep, comparison): the head with its style, figures
/// with captions, HTML tables of query results.
enum ReportPage {
    /// `<!DOCTYPE html>` up to the `<h1>`, with the page's style.
    static func head(title: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>\(XML.escape(title))</title>
        <style>
        body { font-family: Helvetica, Arial, sans-serif; max-width: 1000px; margin: 2em auto; padding: 0 1em; color: #222; }
        h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ddd; }
        table { border-collapse: collapse; font-size: 0.9em; } td, th { padding: 2px 10px; text-align: left; }
        tr:nth-child(even) { background: #f5f5f5; } td.v { text-align: right; font-variant-numeric: tabular-nums; }
        figure { margin: 1.5em 0; } figure img { max-width: 100%; border: 1px solid #eee; }
        figcaption { color: #555; font-size: 0.9em; margin-top: 0.3em; } code { background: #f3f3f3; padding: 0 3px; }
        .worse { color: #b22222; } .better { color: #1a7f37; } p.note { color: #555; font-size: 0.9em; } div.scroll { overflow-x: auto; }
        </style>
        </head>
        <body>
        <h1>\(XML.escape(title))</h1>

        """
    }

    /// The end of a page.
    static let tail = "</body>\n</html>\n"

    /// One figure with its heading and caption, linking its CSV when written.
    static func figure(_ f: ReportFigure, files: [String]) -> String {
        let e = XML.escape
        var o = "<h2>\(e(f.heading))</h2>\n<figure><img src=\"\(e(f.file))\" alt=\"\(e(f.plot.title))\">\n"
        let csv = f.dataset.name + ".csv"
        o += "<figcaption>\(e(f.caption))" + (files.contains(csv) ? " Data: <a href=\"\(e(csv))\">\(e(csv))</a>." : "")
            + "</figcaption></figure>\n"
        return o
    }

    /// A query result as an HTML table; numbers right-aligned; at most `limit` rows (the rest counted).
    static func table(_ t: QueryTable, limit: Int = 40, cell: (String, QueryValue) -> String = { _, v in v.string ?? "" }) -> String {
        let e = XML.escape
        var o = "<div class=\"scroll\"><table>\n<tr>" + t.columns.map { "<th>\(e($0))</th>" }.joined() + "</tr>\n"
        for row in t.rows.prefix(limit) {
            o += "<tr>" + zip(t.columns, row).map { c, v in
                let numeric = v.number != nil && { if case .text = v { return false } else { return true } }()
                return "<td\(numeric ? " class=\"v\"" : "")>\(e(cell(c, v)))</td>"
            }.joined() + "</tr>\n"
        }
        o += "</table></div>\n"
        if t.rows.count > limit {
            o += "<p class=\"note\">\(SummaryFormat.grouped(Int64(t.rows.count - limit))) more rows in the CSV file.</p>\n"
        }
        return o
    }

    /// A number with up to four significant digits (integers in full).
    static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return SummaryFormat.grouped(Int64(v)) }
        return String(format: "%.4g", v)
    }
}
