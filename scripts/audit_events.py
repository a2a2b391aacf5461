"""Score the pipeline's Event mentions on the s9-ev10 audit (``proposals/s9-ev10/audit-events.json``).

The audit holds stand-off Event annotations (file, offsets, required or not) of fresh bulk
articles; ``audit-test`` (20 articles, 75 required events) was held out from every rule
and model choice, the other sets are now in the dev split. Exact spans: a required event
found counts, an optional one neither counts for nor against, anything else is false.

    python scripts/audit_events.py                  # the shipped pipeline on audit-test
    python scripts/audit_events.py --rules-only     # the rules alone (KG_LEARNED=0)
    python scripts/audit_events.py --set audit-dev

Prints one line: found, false, missed, P / R / F1. Exit 2 when the audit or a text is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
AUDIT = ROOT / "proposals" / "s9-ev10" / "audit-events.json"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", default="audit-test")
    ap.add_argument("--rules-only", action="store_true")
    ap.add_argument("--corpus", type=Path, default=Path(os.environ.get("KG_CORPUS", ROOT.parent / "shared" / "corpus")))
    args = ap.parse_args(argv)
    from graph.analyse.pipeline import analyze
    from graph.read.reader import read_article

    try:
        docs = json.loads(AUDIT.read_text("utf-8"))["sets"][args.set]
    except (OSError, KeyError, ValueError) as exc:
        print(f"audit_events: {AUDIT}: no set {args.set!r} ({exc})", file=sys.stderr)
        return 2
    tp = fp = fn = 0
    for d in docs:
        path = args.corpus / "bulk" / d["file"]
        if not path.is_file():
            print(f"audit_events: {path}: no such text", file=sys.stderr)
            return 2
        _, mentions = analyze(read_article(path, path.parent), learned=False if args.rules_only else None)
        found = {(m.start, m.end) for m in mentions if m.type == "Event"}
        required = {(e["start"], e["end"]) for e in d["events"] if e["required"]}
        optional = {(e["start"], e["end"]) for e in d["events"] if not e["required"]}
        tp, fn, fp = tp + len(found & required), fn + len(required - found), fp + len(found - required - optional)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f"{args.set}: {len(docs)} articles, events found {tp}, false {fp}, missed {fn}; "
          f"P {p:.3f} R {r:.3f} F1 {f:.3f}" + (" (rules only)" if args.rules_only else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
