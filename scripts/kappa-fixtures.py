#!/usr/bin/env python3
"""Computes the expected agreement figures of tests/fixtures/team/kappa.json.

Run once (not in CI): the numbers it writes are what the Rust tests compare
with. Cohen's kappa comes from scikit-learn's `cohen_kappa_score`; Fleiss'
kappa is computed by hand from its definition (Fleiss 1971) below, and
checked against the textbook example (0.20993).

    python3 -m venv /tmp/venv-team && /tmp/venv-team/bin/pip install scikit-learn
    /tmp/venv-team/bin/python scripts/kappa-fixtures.py

Token tag sequences are IO tags (a label name or "O") as `gloss agree`
gives every syllable token; the sequences are drawn with a fixed seed so the
file is reproducible.
"""
import json
import random
from collections import Counter

from sklearn.metrics import cohen_kappa_score

LABELS = ["person", "position", "target", "metric"]


def fleiss(items):
    """items: list of lists of tags, each the same number of raters."""
    n = len(items)
    r = len(items[0])
    assert all(len(i) == r for i in items)
    totals = Counter()
    p_bar = 0.0
    for item in items:
        c = Counter(item)
        totals.update(c)
        p_bar += sum(k * (k - 1) for k in c.values()) / (r * (r - 1))
    p_bar /= n
    pe = sum((v / (n * r)) ** 2 for v in totals.values())
    return (p_bar - pe) / (1 - pe)


def textbook():
    rows = [[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0],
            [2, 2, 8, 1, 1], [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2],
            [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]]
    return [[f"c{c}" for c, k in enumerate(row) for _ in range(k)] for row in rows]


def spans_to_tags(n, spans):
    tags = ["O"] * n
    for start, end, label in spans:
        for t in range(start, end):
            tags[t] = label
    return tags


def annotate(rng, n, base, noise):
    """An annotator's copy of `base` spans: some dropped, shifted or relabeled,
    a few extra."""
    out = []
    for start, end, label in base:
        x = rng.random()
        if x < noise * 0.3:
            continue
        if x < noise * 0.6:
            end = max(start + 1, min(n, end + rng.choice([-1, 1])))
        elif x < noise * 0.8:
            label = rng.choice(LABELS)
        out.append((start, end, label))
    if rng.random() < noise:
        s = rng.randrange(n - 3)
        out.append((s, s + rng.randint(1, 3), rng.choice(LABELS)))
    return out


def main():
    assert abs(fleiss(textbook()) - 0.20993) < 5e-5
    rng = random.Random(12)
    cohen = []
    fleiss_cases = []
    for case, (n, noise) in enumerate([(40, 0.2), (120, 0.35), (300, 0.5), (60, 0.0)]):
        base = []
        t = rng.randrange(3)
        while t < n - 6:
            length = rng.randint(1, 6)
            base.append((t, t + length, rng.choice(LABELS)))
            t += length + rng.randint(2, 12)
        layers = [spans_to_tags(n, annotate(rng, n, base, noise)) for _ in range(3)]
        cohen.append({
            "name": f"case-{case}-pair",
            "a": layers[0],
            "b": layers[1],
            "sklearn_cohen_kappa": float(cohen_kappa_score(layers[0], layers[1])),
        })
        items = [[layers[k][i] for k in range(3)] for i in range(n)]
        fleiss_cases.append({
            "name": f"case-{case}-three",
            "items": items,
            "fleiss_kappa": fleiss(items),
        })
    # The sample project's two layers, as Gloss tags their tokens (written
    # once from gloss::team::agree::token_tags; a Rust test checks they are
    # still what Gloss computes).
    with open("tests/fixtures/team/sample-tags.json") as f:
        sample = json.load(f)
    cohen.append({
        "name": "sample-project-an-binh",
        "a": sample["an"],
        "b": sample["binh"],
        "sklearn_cohen_kappa": float(cohen_kappa_score(sample["an"], sample["binh"])),
    })
    out = {
        "about": "IO token tags; expected values from scripts/kappa-fixtures.py "
                 "(scikit-learn cohen_kappa_score; Fleiss' kappa by its definition)",
        "cohen": cohen,
        "fleiss": fleiss_cases,
    }
    with open("tests/fixtures/team/kappa.json", "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    for c in cohen:
        print(c["name"], c["sklearn_cohen_kappa"])
    for c in fleiss_cases:
        print(c["name"], c["fleiss_kappa"])


if __name__ == "__main__":
    main()
