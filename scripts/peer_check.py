"""Validates Gloss exports with the peers' own code (see scripts/peer-check).

Usage: peer_check.py WORK_DIR
WORK_DIR holds <project>/<format>/... exports made by scripts/peer-check and
<project>/gloss.jsonl, the lossless export the others are compared with.
Prints one line per check and exits 1 if any check failed.
"""

import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

WORK = Path(sys.argv[1])
failures = []
passed = 0


def check(name, ok, detail=""):
    global passed
    if ok:
        passed += 1
        print(f"ok    {name}")
    else:
        failures.append(name)
        print(f"FAIL  {name}: {detail}")


def jsonl(path):
    return [json.loads(l) for l in Path(path).read_text(encoding="utf-8").splitlines() if l.strip()]


def left_out(report_path):
    """(doc, start, end, label) of the spans a report lists as left out."""
    out = set()
    section = False
    for line in Path(report_path).read_text(encoding="utf-8").splitlines():
        if line.startswith("Left out:"):
            section = True
            continue
        if section and not line.startswith("  "):
            section = False
        m = re.match(r"^  (\S+) span \d+ \[(\S+)\] (\d+)\.\.(\d+) ", line)
        if section and m:
            out.add((m.group(1), int(m.group(3)), int(m.group(4)), m.group(2)))
    return out


def gloss_docs(project):
    return jsonl(WORK / project / "gloss.jsonl")


def nospace(s):
    return re.sub(r"\s+", "", s)


# ---------------- spaCy ----------------
import spacy
from spacy.tokens import Doc, DocBin

nlp = spacy.blank("xx")


def check_spacy(project):
    d = WORK / project / "spacy"
    lines = jsonl(d / "out.jsonl")
    gold = gloss_docs(project)
    ok_text = ok_span = 0
    bad = []
    own_misses = []
    for line, g in zip(lines, gold):
        words = [t["text"] for t in line["tokens"]]
        spaces = [t["ws"] for t in line["tokens"]]
        doc = Doc(nlp.vocab, words=words, spaces=spaces)
        if doc.text == line["text"] == g["text"]:
            ok_text += 1
        else:
            bad.append(f"{g['id']}: Doc(words, spaces).text differs")
        for s in line["spans"]:
            cs = doc.char_span(s["start"], s["end"], label=s["label"])
            if cs is not None and cs.start == s["token_start"] and cs.end == s["token_end"] + 1 and cs.text == s["text"]:
                ok_span += 1
            else:
                bad.append(f"{g['id']}: char_span({s['start']}, {s['end']}) = {cs!r}")
            if nlp.make_doc(line["text"]).char_span(s["start"], s["end"]) is None:
                own_misses.append(s["text"])
        gspans = sorted((s["start"], s["end"], s["label"]) for s in g["spans"])
        sspans = sorted((s["start"], s["end"], s["label"]) for s in line["spans"])
        if gspans != sspans:
            bad.append(f"{g['id']}: spans differ from the Gloss JSONL")
    check(f"{project} spacy jsonl: Doc(words, spaces).text == text ({ok_text} docs), strict char_span finds every span ({ok_span})", not bad, "; ".join(bad[:5]))
    print(f"      (spaCy's own tokenizer, spacy.blank('xx').make_doc, would not align {len(own_misses)} span(s): {own_misses[:8]})")
    # DocBin
    db = DocBin().from_disk(d / "out.spacy")
    docs = list(db.get_docs(nlp.vocab))
    bad = []
    n_ents = n_sc = 0
    for doc, g in zip(docs, gold):
        if doc.text != g["text"]:
            bad.append(f"{g['id']}: DocBin text differs")
        sc = sorted((s.start_char, s.end_char, s.label_) for s in doc.spans.get("sc", []))
        gs = sorted((s["start"], s["end"], s["label"]) for s in g["spans"])
        if sc != gs:
            bad.append(f"{g['id']}: doc.spans['sc'] {sc} != {gs}")
        ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        lonely = sorted(
            (a, b, l) for (a, b, l) in gs
            if not any((a2, b2, l2) != (a, b, l) and a2 < b and a < b2 for (a2, b2, l2) in gs)
        )
        if sorted(ents) != lonely:
            bad.append(f"{g['id']}: doc.ents {ents} != non-overlapping spans {lonely}")
        n_ents += len(ents)
        n_sc += len(sc)
    check(f"{project} spacy DocBin: {len(docs)} docs load, doc.ents ({n_ents}) = non-overlapping spans, doc.spans['sc'] ({n_sc}) = all spans", not bad and len(docs) == len(gold), "; ".join(bad[:5]))


def check_spacy_train(project):
    d = WORK / project / "spacy"
    with tempfile.TemporaryDirectory() as tmp:
        cfg = Path(tmp) / "config.cfg"
        subprocess.run([sys.executable, "-m", "spacy", "init", "config", str(cfg), "--lang", "xx", "--pipeline", "ner,spancat", "--force"], check=True, capture_output=True)
        r = subprocess.run(
            [sys.executable, "-m", "spacy", "train", str(cfg), "--paths.train", str(d / "out.spacy"), "--paths.dev", str(d / "out.spacy"),
             "--training.max_steps", "4", "--training.eval_frequency", "2", "--output", str(Path(tmp) / "model")],
            capture_output=True, text=True)
        check(f"{project} python -m spacy train config.cfg --paths.train out.spacy --paths.dev out.spacy (ner + spancat, 4 steps)", r.returncode == 0, (r.stderr or r.stdout)[-800:])
        r = subprocess.run(
            [sys.executable, "-m", "spacy", "debug", "data", str(cfg), "--paths.train", str(d / "out.spacy"), "--paths.dev", str(d / "out.spacy")],
            capture_output=True, text=True)
        out = re.sub(r"\x1b\[[0-9;]*m", "", r.stdout)
        # A corpus this small is an error for spaCy ("Low number of
        # examples"); that is about size, not format, and is not counted.
        errors = [l for l in out.splitlines() if l.startswith("\u2718") and "Low number of examples" not in l and not re.match(r"\u2718 \d+ errors?$", l)]
        misaligned = re.search(r"\d+ misaligned tokens in the training data", out)
        check(f"{project} python -m spacy debug data: no format error, no entity on whitespace", not errors and "No entities consisting of or starting/ending with whitespace" in out, "; ".join(errors) or out[-800:])
        print(f"      ({misaligned.group(0) if misaligned else 'no misaligned tokens'}: spaCy's xx tokenizer vs the exported tokens; training aligns them)")


# ---------------- CoNLL / seqeval ----------------
from seqeval.scheme import IOB2, IOBES, Entities


def read_conll(path):
    sents, cur = [], []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            continue
        if not line.strip():
            if cur:
                sents.append(cur)
                cur = []
            continue
        tok, tag = line.split("\t")
        cur.append((tok, tag))
    if cur:
        sents.append(cur)
    return sents


def expected_token_spans(project, report):
    skip = left_out(report)
    return Counter(
        (s["label"], nospace(s["text"]))
        for g in gloss_docs(project)
        for s in g["spans"]
        if (g["id"], s["start"], s["end"], s["label"]) not in skip
    )


def entities_of(sents, scheme):
    tags = [[t for _, t in s] for s in sents]
    found = Counter()
    for ent in Entities(tags, scheme, suffix=False).entities:
        for e in ent:
            toks = [w for w, _ in sents[e.sent_id][e.start:e.end]]
            found[(e.tag, "".join(toks))] += 1
    return found


def check_conll(project, variant, scheme):
    d = WORK / project / variant
    sents = read_conll(d / "out.conll")
    found = entities_of(sents, scheme)
    want = expected_token_spans(project, d / "out.conll.report.txt")
    check(f"{project} {variant}: seqeval strict ({scheme.__name__}) finds exactly the {sum(want.values())} written span(s)", found == want, f"missing {want - found}, extra {found - want}")


def check_spacy_convert(project):
    d = WORK / project / "conll"
    want = expected_token_spans(project, d / "out.conll.report.txt")
    with tempfile.TemporaryDirectory() as tmp:
        r = subprocess.run([sys.executable, "-m", "spacy", "convert", str(d / "out.conll"), tmp, "--converter", "ner"], capture_output=True, text=True)
        docs = list(DocBin().from_disk(Path(tmp) / "out.spacy").get_docs(nlp.vocab))
    found = Counter((e.label_, nospace(e.text)) for doc in docs for e in doc.ents)
    n_docs = sum(1 for g in gloss_docs(project) if g["text"].strip())
    check(f"{project} python -m spacy convert out.conll --converter ner: {len(docs)} docs (one per non-empty document), {sum(found.values())} ents", r.returncode == 0 and found == want and len(docs) == n_docs, f"docs {len(docs)} != {n_docs} or missing {want - found}, extra {found - want}; {r.stderr[-300:]}")


# ---------------- Hugging Face datasets ----------------
import datasets
from datasets import ClassLabel, Features, Sequence, Value, load_dataset

datasets.disable_progress_bars()
datasets.logging.set_verbosity_error()


def check_hf(project, variant, scheme):
    d = WORK / project / variant
    names = json.loads((d / "labels.json").read_text(encoding="utf-8"))
    features = Features({"id": Value("string"), "tokens": Sequence(Value("string")), "ner_tags": Sequence(ClassLabel(names=names))})
    ds = load_dataset("json", data_dir=str(d / "data"), features=features, cache_dir=str(WORK / "hf-cache"))
    bad = []
    files = sorted((d / "data").iterdir())
    empty = [f.name for f in files if f.stat().st_size == 0]
    if empty:
        bad.append(f"empty split files {empty}")
    sents = []
    for split in ds:
        for row in ds[split]:
            tags = [names[i] for i in row["ner_tags"]]
            sents.append(list(zip(row["tokens"], tags)))
    found = entities_of(sents, scheme)
    want = expected_token_spans(project, d / "export-report.txt")
    if found != want:
        bad.append(f"missing {want - found}, extra {found - want}")
    check(f"{project} {variant}: load_dataset('json', data_dir=...) with ClassLabel({len(names)} names) gives splits {sorted(ds)}; {sum(found.values())} span(s) in strict {scheme.__name__}", not bad, "; ".join(bad))


# ---------------- Label Studio ----------------
from label_studio_sdk.label_interface import LabelInterface


def check_label_studio(project):
    d = WORK / project / "label-studio"
    config = (d / "out.label_config.xml").read_text(encoding="utf-8")
    li = LabelInterface(config)
    li.validate()
    tasks = json.loads((d / "out.json").read_text(encoding="utf-8"))
    gold = {g["id"]: g for g in gloss_docs(project)}
    bad = []
    n = 0
    for t in tasks:
        g = gold[t["data"]["doc_id"]]
        for ann in t.get("annotations", []):
            errors = li.validate_prediction(ann, return_errors=True)
            if errors:
                bad.append(f"task {t['id']}: {errors}")
            ids = {r.get("id") for r in ann["result"] if r.get("type") != "relation"}
            for r in ann["result"]:
                if r.get("type") == "relation":
                    # A relation item has no value: its ends must be regions here.
                    if r.get("from_id") not in ids or r.get("to_id") not in ids:
                        bad.append(f"task {t['id']}: dangling relation {r}")
                    continue
                v = r["value"]
                # Label Studio counts code points: Python str slicing.
                if t["data"]["text"][v["start"]:v["end"]] != v["text"]:
                    bad.append(f"task {t['id']}: {v}")
                n += 1
        if not t.get("annotations") and g["spans"]:
            bad.append(f"task {t['id']} lost its annotation")
    check(f"{project} label-studio: config valid (LabelInterface.validate), {len(tasks)} tasks, {n} regions valid, text[start:end] == value.text", not bad, "; ".join(bad[:5]))


def check_label_studio_converter(project):
    from label_studio_sdk.converter import Converter

    d = WORK / project / "label-studio"
    config = (d / "out.label_config.xml").read_text(encoding="utf-8")
    # Label Studio's converter writes one tag per token, so of overlapping
    # spans it keeps what it can: every span that overlaps no other span must
    # come out whole.
    lonely = Counter(
        (s["label"], nospace(s["text"]))
        for g in gloss_docs(project) for s in g["spans"]
        if not any(o is not s and o["start"] < s["end"] and s["start"] < o["end"] for o in g["spans"])
    )
    with tempfile.TemporaryDirectory() as tmp:
        Converter(config=config, project_dir=None).convert(str(d / "out.json"), tmp, "CONLL2003", is_dir=False)
        sents, cur = [], []
        for f in sorted(Path(tmp).iterdir()):
            for line in f.read_text(encoding="utf-8").splitlines():
                if not line.strip() or line.startswith("-DOCSTART-"):
                    if cur:
                        sents.append(cur)
                        cur = []
                    continue
                cols = line.split()
                cur.append((cols[0], cols[-1]))
        if cur:
            sents.append(cur)
    found = entities_of(sents, IOB2)
    total = sum(len(g["spans"]) for g in gloss_docs(project))
    n = sum(found.values())
    # Its own tokenizer glues punctuation to words ("ra.", "UBND-HĐND"), so
    # entity texts may differ at the edges; the count may not.
    check(f"{project} label-studio converter (label_studio_sdk.converter, CONLL2003): {n} entities, at least the {sum(lonely.values())} non-overlapping span(s), at most all {total}", sum(lonely.values()) <= n <= total, f"{n} entities")
    edges = sum((lonely - found).values())
    print(f"      ({edges} entity text(s) differ at the edges because of Label Studio's tokenizer)")


# ---------------- doccano (UTF-16, JavaScript slicing) ----------------
JS = r"""
const fs = require('fs');
const [doccano, gloss] = process.argv.slice(2).map(p => fs.readFileSync(p, 'utf8').split('\n').filter(l => l.trim()).map(JSON.parse));
let bad = [], n = 0;
doccano.forEach((line, i) => {
  const want = gloss[i].spans.map(s => s.text);
  // A relation project exports entities (and relations) instead of label.
  const spans = line.entities ? line.entities.map(e => [e.start_offset, e.end_offset]) : line.label;
  const got = spans.map(([a, b]) => line.text.slice(a, b));
  n += got.length;
  if (JSON.stringify(got) !== JSON.stringify(want)) bad.push(`${line.id}: ${JSON.stringify(got)} != ${JSON.stringify(want)}`);
});
console.log(JSON.stringify({n, bad}));
"""


def check_doccano(project):
    d = WORK / project / "doccano"
    js = Path(tempfile.mkstemp(suffix=".js")[1])
    js.write_text(JS)
    try:
        r = subprocess.run(["node", str(js), str(d / "out.jsonl"), str(WORK / project / "gloss.jsonl")], capture_output=True, text=True)
        res = json.loads(r.stdout)
        how = "node String.prototype.slice"
    except (FileNotFoundError, json.JSONDecodeError):
        res = {"n": 0, "bad": []}
        for line, g in zip(jsonl(d / "out.jsonl"), gloss_docs(project)):
            units = line["text"].encode("utf-16-le")
            spans = [(e["start_offset"], e["end_offset"]) for e in line["entities"]] if "entities" in line else [(a, b) for a, b, _ in line["label"]]
            got = [units[2 * a:2 * b].decode("utf-16-le") for a, b in spans]
            res["n"] += len(got)
            if got != [s["text"] for s in g["spans"]]:
                res["bad"].append(line["id"])
        how = "UTF-16 code units in Python (node not found)"
    check(f"{project} doccano: {res['n']} label(s) slice to the span text in JavaScript semantics ({how})", not res["bad"], "; ".join(res["bad"][:5]))


# ---------------- brat ----------------
def check_brat(project):
    d = WORK / project / "brat"
    bad = []
    n = 0
    for ann in sorted(d.glob("*.ann")):
        text = ann.with_suffix(".txt").read_text(encoding="utf-8")
        for line in ann.read_text(encoding="utf-8").splitlines():
            if not line.startswith("T"):
                continue
            tid, body, covered = line.split("\t", 2)
            label, offsets = body.split(" ", 1)
            frags = [tuple(map(int, f.split())) for f in offsets.split(";")]
            if " ".join(text[a:b] for a, b in frags) != covered:
                bad.append(f"{ann.name}:{tid}")
            n += 1
    check(f"{project} brat: {n} T line(s), every fragment slices (code points) to its stated text", not bad, "; ".join(bad[:5]))


def run(name, f, *args):
    # A peer that raises (a file it cannot read) is a failed check too.
    try:
        f(*args)
    except Exception as e:  # noqa: BLE001
        check(name, False, f"{type(e).__name__}: {e}"[:800])


for project in sorted(p.name for p in WORK.iterdir() if (p / "gloss.jsonl").is_file()):
    print(f"== {project}")
    run(f"{project} spacy", check_spacy, project)
    run(f"{project} conll", check_conll, project, "conll", IOB2)
    run(f"{project} conll-bioes", check_conll, project, "conll-bioes", IOBES)
    run(f"{project} spacy convert", check_spacy_convert, project)
    run(f"{project} hf", check_hf, project, "hf", IOB2)
    run(f"{project} hf-bioes", check_hf, project, "hf-bioes", IOBES)
    run(f"{project} hf-split", check_hf, project, "hf-split", IOB2)
    run(f"{project} label-studio", check_label_studio, project)
    run(f"{project} label-studio converter", check_label_studio_converter, project)
    run(f"{project} doccano", check_doccano, project)
    run(f"{project} brat", check_brat, project)
    run(f"{project} spacy train", check_spacy_train, project)

print(f"\n{passed} check(s) passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
