#!/usr/bin/env python3
"""The simulated editor through the command line, as issue 9 replays its
held-out set: for each article of a folder of `*.marked.txt` files, a new
project whose earlier articles are imported from Gloss JSONL as `done` with
their spans and whose next article is `todo`; then `gloss train`, `gloss
suggest --engine all --doc ID`, and the suggestions read from `gloss export
--format label-studio` predictions. `rules-vi` alone is read the same way
from a second project (`gloss suggest --engine rules-vi`). Prints strict
micro-F1 (same label, start and end, code points) over the second half.

Standard library only. Usage:
    cargo build --release
    python3 scripts/cli_replay.py tests/fixtures/dev-corpus/unseen-6 [--gloss target/release/gloss]

It checks from outside what `examples/learning-report.rs` computes inside
the library (docs/LEARNING.md, "With the starter corpus").
"""

import json
import pathlib
import re
import subprocess
import sys
import tempfile
import unicodedata

MARK = re.compile(r"\[(person|position|target|metric): ([^\[\]]+)\]")


def parse(marked):
    """Text and spans (code point offsets) of the marked notation."""
    out, spans, pos, last = [], [], 0, 0
    for m in MARK.finditer(marked):
        out.append(marked[last : m.start()])
        pos += m.start() - last
        covered = m.group(2)
        spans.append((pos, pos + len(covered), m.group(1)))
        out.append(covered)
        pos += len(covered)
        last = m.end()
    out.append(marked[last:])
    return "".join(out), spans


def run(gloss, *args):
    r = subprocess.run([gloss, *args], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"gloss {' '.join(args)} failed ({r.returncode}):\n{r.stdout}{r.stderr}")
    return r.stdout


def project(gloss, where, docs, todo):
    """A project of `docs` (done, with spans) and `todo` (no spans)."""
    run(gloss, "new", str(where))
    lines = []
    for doc_id, text, spans in docs:
        lines.append(
            {
                "id": doc_id,
                "text": text,
                "offsets": "chars",
                "status": "done",
                "spans": [{"start": a, "end": b, "label": l} for a, b, l in spans],
            }
        )
    lines.append({"id": todo[0], "text": todo[1], "offsets": "chars", "status": "todo", "spans": []})
    jsonl = where.parent / (where.name + ".jsonl")
    jsonl.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines))
    run(gloss, "import", str(where), "--format", "jsonl", str(jsonl))


def predictions(gloss, where, doc_id):
    out = where.parent / (where.name + "-ls.json")
    run(gloss, "export", str(where), "--format", "label-studio", "--out", str(out))
    for task in json.loads(out.read_text()):
        if task["data"].get("doc_id") == doc_id:
            return {
                (r["value"]["start"], r["value"]["end"], r["value"]["labels"][0])
                for p in task.get("predictions", [])
                for r in p["result"]
                if r.get("type") == "labels"
            }
    sys.exit(f"no task for {doc_id} in {out}")


def f1(tp, n_pred, n_gold):
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def main():
    args = sys.argv[1:]
    gloss = "target/release/gloss"
    if "--gloss" in args:
        i = args.index("--gloss")
        gloss = args[i + 1]
        del args[i : i + 2]
    if len(args) != 1:
        sys.exit(__doc__)
    folder = pathlib.Path(args[0])
    docs = []
    for path in sorted(folder.glob("*.marked.txt")):
        marked = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
        text, spans = parse(marked)
        docs.append((path.name[: -len(".marked.txt")], text, spans))
    half = len(docs) // 2
    counts = {"rules-vi": [0, 0, 0], "all": [0, 0, 0]}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        for k in range(half, len(docs)):
            doc_id, text, gold = docs[k]
            gold = set(gold)
            for engine in ("rules-vi", "all"):
                where = tmp / f"step{k}-{engine}"
                project(gloss, where, docs[:k], (doc_id, text))
                if engine == "all":
                    run(gloss, "train", str(where))
                run(gloss, "suggest", str(where), "--engine", engine, "--doc", doc_id)
                pred = predictions(gloss, where, doc_id)
                c = counts[engine]
                c[0] += len(pred & gold)
                c[1] += len(pred)
                c[2] += len(gold)
            print(f"article {k + 1}/{len(docs)} {doc_id}: done", file=sys.stderr)
    scores = {e: f1(*c) for e, c in counts.items()}
    for e, s in scores.items():
        tp, n_pred, n_gold = counts[e]
        print(f"{e:<9} strict micro-F1 {s:.3f} (tp {tp}, predicted {n_pred}, gold {n_gold})")
    print(
        f"all - rules-vi over articles {half + 1}..{len(docs)}: "
        f"{scores['all'] - scores['rules-vi']:+.3f}"
    )


if __name__ == "__main__":
    main()
