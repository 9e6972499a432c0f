"""Times the CoNLL conversion written with spaCy, for `benches/scale.rs`.

Reads a Gloss JSONL export (code point offsets), converts each document
the way a spaCy user would (`nlp.make_doc`, `offsets_to_biluo_tags`,
`biluo_to_iob`, one `token<TAB>tag` line per token, a blank line between
documents), writes the result and prints one JSON line:
{"docs": n, "mb": megabytes of text, "seconds": s, "mb_per_s": x}.

Usage: python spacy_conll_time.py EXPORT.jsonl OUT.conll [MAX_DOCS]
Overlapping spans are resolved as Gloss does (longest first), since spaCy
refuses overlapping entities.
"""

import json
import sys
import time

import spacy
from spacy.training import biluo_to_iob, offsets_to_biluo_tags


def entities(spans):
    taken = []
    out = []
    for s in sorted(spans, key=lambda s: (-(s["end"] - s["start"]), s["start"], s["label"])):
        if any(s["start"] < e and a < s["end"] for a, e in taken):
            continue
        taken.append((s["start"], s["end"]))
        out.append((s["start"], s["end"], s["label"]))
    return sorted(out)


def main():
    src, out_path = sys.argv[1], sys.argv[2]
    limit = int(sys.argv[3]) if len(sys.argv) > 3 else None
    docs = []
    with open(src, encoding="utf-8") as f:
        for line in f:
            docs.append(json.loads(line))
            if limit and len(docs) >= limit:
                break
    nlp = spacy.blank("xx")
    mb = sum(len(d["text"].encode("utf-8")) for d in docs) / 1e6
    started = time.perf_counter()
    with open(out_path, "w", encoding="utf-8") as out:
        for d in docs:
            doc = nlp.make_doc(d["text"])
            tags = biluo_to_iob(offsets_to_biluo_tags(doc, entities(d["spans"])))
            lines = [f"{t.text}\t{tag}" for t, tag in zip(doc, tags) if not t.is_space]
            out.write("\n".join(lines) + "\n\n")
    seconds = time.perf_counter() - started
    print(json.dumps({"docs": len(docs), "mb": mb, "seconds": seconds, "mb_per_s": mb / seconds}))


if __name__ == "__main__":
    main()
