#!/usr/bin/env python3
"""Static checks of report pages (what scripts/check-reports.sh runs before Chromium):
every image and link of a page points to a file next to it, every SVG it shows parses as XML and
draws at least one data point (a `class="series"` element with `data-points` > 0).
Usage: check-reports.py PAGE...; prints one line per problem; exit 1 when there is one."""
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def check(page: Path) -> list[str]:
    problems = []
    html = page.read_text(encoding="utf-8")
    for kind, target in re.findall(r'(src|href)="([^"#:]+)"', html):
        if target.startswith("../") and kind == "href":
            continue  # links out of the report folder (other reports) are not this page's files
        path = page.parent / target
        if not path.exists():
            problems.append(f"{page}: {kind}={target}: no such file")
            continue
        if target.endswith(".svg") and kind == "src":
            try:
                root = ET.parse(path).getroot()
            except ET.ParseError as e:
                problems.append(f"{path}: not well-formed XML ({e})")
                continue
            points = sum(int(el.get("data-points", "0")) for el in root.iter() if el.get("class") == "series")
            if points == 0:
                problems.append(f"{path}: empty plot (no series with data points)")
    if "<img" not in html and "<svg" not in html and "<table" not in html:
        problems.append(f"{page}: shows nothing (no image, SVG or table)")
    return problems


def main() -> int:
    problems = [p for page in sys.argv[1:] for p in check(Path(page))]
    for p in problems:
        print("error: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
