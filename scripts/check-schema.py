#!/usr/bin/env python3
"""Checks scenario files against scenarios/scenario.schema.json with the standard `jsonschema`
validator (Draft 2020-12). Usage: check-schema.py SCHEMA FILE...

Prints one line per file, `ok FILE` or `invalid FILE: PATH: MESSAGE` (or `unreadable FILE: …`
when it is not YAML at all); exits 0, or 3 when jsonschema or PyYAML is missing."""
import sys

try:
    import jsonschema
    import yaml
except ImportError as e:
    print(f"missing: {e.name}", file=sys.stderr)
    sys.exit(3)

import json


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in sys.argv[2:]:
        try:
            with open(path, encoding="utf-8") as f:
                document = yaml.safe_load(f)
        except Exception as e:  # not YAML, not UTF-8: the loader refuses these too
            print(f"unreadable {path}: {type(e).__name__}")
            continue
        errors = sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
        if errors:
            where = ".".join(map(str, errors[0].absolute_path)) or "(top)"
            print(f"invalid {path}: {where}: {errors[0].message[:200]}")
        else:
            print(f"ok {path}")


main()
