import Foundation
import Metrics
import SimCore

/// `timeline.html`: the story of a traced run (what `replay --timeline` prints) as a page a reviewer
/// opens in a browser, with filters by node, subtree, kind and time. The entries are embedded as
/// JSON; the page's script filters them and marks `<body data-ready="yes">` once it ran.
enum TimelineHTML {
    /// Entries at most (the first ones in time; the page says when more were left out).
    static let limit = 20_000

    /// The page for run `runID` of `path`, or nil when the run has no stored trace.
    static func page(path: String, runID: Int64, title: String) throws(ReplayError) -> String? {
        let timeline = try Timeline.build(path: path, runID: runID, options: TimelineOptions(kinds: ["all"], limit: limit))
        guard timeline.traced else { return nil }
        let parents: [Int]
        do {
            parents = try ResultsDatabase.query(path: path, sql: "SELECT parent FROM nodes WHERE run_id = :run ORDER BY id",
                                                arguments: ["run": runID]).numbers("parent").map { Int($0 ?? -1) }
        } catch {
            throw .badInput("\(path): cannot read run \(runID): \(error)")
        }
        let nodePattern = try! NSRegularExpression(pattern: #"node (\d+)"#)
        var entries: [String] = []
        var categories: [String] = []
        for line in timeline.lines {
            let chars = Array(line)
            guard chars.count > 28 else { continue }
            let timeText = String(chars[0..<16]).trimmingCharacters(in: .whitespaces)
            let category = String(chars[18..<min(28, chars.count)]).trimmingCharacters(in: .whitespaces)
            let text = String(chars[28...])
            let seconds = ReplayFormat.parseTime(timeText, blockTime: Time.second).map { Double($0) / 1e6 } ?? 0
            let range = NSRange(text.startIndex..., in: text)
            var nodes: [Int] = []
            for m in nodePattern.matches(in: text, range: range) {
                if let r = Range(m.range(at: 1), in: text), let n = Int(text[r]), !nodes.contains(n) { nodes.append(n) }
            }
            if !categories.contains(category) { categories.append(category) }
            entries.append("[\(String(format: "%.6f", seconds)),\(json(timeText)),\(json(category)),\(json(text)),[\(nodes.map(String.init).joined(separator: ","))]]")
        }
        let data = "{\"parents\":[\(parents.map(String.init).joined(separator: ","))],\"omitted\":\(timeline.omitted),"
            + "\"categories\":[\(categories.map(json).joined(separator: ","))],\"entries\":[\n\(entries.joined(separator: ",\n"))]}"
        return ReportPage.head(title: "Timeline: \(title)")
            .replacingOccurrences(of: "</style>", with: """
                #controls { position: sticky; top: 0; background: #fff; padding: 0.5em 0; border-bottom: 1px solid #ddd; }
                #controls input[type=text] { width: 6em; } #controls label { margin-right: 0.8em; white-space: nowrap; }
                #entries td { font-family: monospace; font-size: 0.85em; white-space: pre-wrap; vertical-align: top; }
                #entries td.t { text-align: right; white-space: nowrap; }
                </style>
                """)
            + """
            <p>What <code>fractalsim replay --timeline --kind all</code> prints for this run, first \(SummaryFormat.grouped(Int64(limit))) \
            lines at most. Node and subtree filters keep the lines that name a node (of the subtree); times are simulated, \
            in minutes in the filters. Filters can be given in the address: \
            <code>timeline.html?subtree=1&amp;kind=faults,elections&amp;from=1</code>.</p>
            <div id="controls">
            <label>node <input type="text" id="node" placeholder="any"></label>
            <label>subtree of <input type="text" id="subtree" placeholder="any"></label>
            <label>from <input type="text" id="from" placeholder="0"> min</label>
            <label>until <input type="text" id="until" placeholder="end"> min</label>
            <span id="kinds"></span>
            <div id="count" class="note"></div>
            </div>
            <table id="entries"><thead><tr><th>time</th><th>kind</th><th>what happened</th></tr></thead><tbody></tbody></table>
            <script type="application/json" id="data">
            \(data.replacingOccurrences(of: "</", with: "<\\/"))
            </script>
            <script>
            \(script)
            </script>

            """ + ReportPage.tail
    }

    /// A JSON string literal.
    static func json(_ s: String) -> String {
        let data = (try? JSONEncoder().encode(s)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static let script = """
        "use strict";
        const data = JSON.parse(document.getElementById("data").textContent);
        const kinds = document.getElementById("kinds");
        for (const c of data.categories) {
          const label = document.createElement("label");
          label.innerHTML = `<input type="checkbox" value="${c}" checked> ${c}`;
          kinds.appendChild(label);
        }
        function subtreeOf(root) {
          const inside = new Set([root]);
          for (let changed = true; changed;) {
            changed = false;
            data.parents.forEach((p, id) => { if (inside.has(p) && !inside.has(id)) { inside.add(id); changed = true; } });
          }
          return inside;
        }
        function number(id) { const v = document.getElementById(id).value.trim(); return v === "" ? null : Number(v); }
        function render() {
          const node = number("node"), sub = number("subtree"), from = number("from"), until = number("until");
          const inSub = sub === null ? null : subtreeOf(sub);
          const on = new Set([...kinds.querySelectorAll("input:checked")].map(i => i.value));
          const rows = data.entries.filter(([t, , c, , nodes]) =>
            on.has(c) && (node === null || nodes.includes(node)) && (inSub === null || nodes.some(n => inSub.has(n)))
            && (from === null || t >= from * 60) && (until === null || t <= until * 60));
          const body = document.querySelector("#entries tbody");
          body.replaceChildren(...rows.slice(0, 3000).map(([, time, c, text]) => {
            const tr = document.createElement("tr");
            for (const [v, cls] of [[time, "t"], [c, ""], [text, ""]]) {
              const td = document.createElement("td"); td.textContent = v; if (cls) td.className = cls; tr.appendChild(td);
            }
            return tr;
          }));
          document.getElementById("count").textContent = `${rows.length.toLocaleString("en")} of ${data.entries.length.toLocaleString("en")} lines match`
            + (rows.length > 3000 ? " (the first 3,000 shown: narrow the filters)" : "")
            + (data.omitted > 0 ? `; ${data.omitted.toLocaleString("en")} later lines of the run are not in this page` : "");
        }
        // Filters may come in the address: timeline.html?node=4&kind=elections,faults&from=1
        const query = new URLSearchParams(location.search);
        for (const id of ["node", "subtree", "from", "until"]) { if (query.has(id)) document.getElementById(id).value = query.get(id); }
        if (query.has("kind")) {
          const wanted = new Set(query.get("kind").split(","));
          for (const box of kinds.querySelectorAll("input")) box.checked = wanted.has(box.value);
        }
        document.getElementById("controls").addEventListener("input", render);
        render();
        document.body.dataset.ready = "yes";
        """
}
