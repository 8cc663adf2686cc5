#!/usr/bin/env python3
"""Validates report notebooks against nbformat and executes them with nbclient.

Usage: check-notebook.py NOTEBOOK...   (set FRACTALSIM_NOTEBOOK_SOURCE=csv to make them read the CSVs)

Each notebook runs in its own folder (as Jupyter runs it); outputs are not written back, so the
committed notebooks stay without outputs. Exit 0 when every notebook validates and runs without
error and every plotting cell drew an image, 1 otherwise.
"""
import os
import sys

import nbformat
from nbclient import NotebookClient


def check(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    folder = os.path.dirname(os.path.abspath(path))
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": folder}}).execute()
    plots = [c for c in nb.cells if c.cell_type == "code" and "plt.show()" in c.source]
    drawn = [c for c in plots if any("image/png" in o.get("data", {}) for o in c.get("outputs", []))]
    source = next((o.get("text", "") for c in nb.cells if c.cell_type == "code"
                   for o in c.get("outputs", []) if o.get("output_type") == "stream"), "").strip()
    if len(drawn) != len(plots):
        print(f"FAIL {path}: {len(plots) - len(drawn)} of {len(plots)} plotting cells drew nothing")
        return False
    print(f"ok   {path}: valid nbformat {nb.nbformat}.{nb.nbformat_minor}, {len(nb.cells)} cells executed, "
          f"{len(drawn)} plots drawn ({source})")
    return True


def main(paths):
    if not paths:
        print(__doc__)
        return 2
    failed = 0
    for path in paths:
        try:
            failed += not check(path)
        except Exception as error:  # a cell raised, or the notebook is invalid
            print(f"FAIL {path}: {type(error).__name__}: {error}")
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
