"""A tiny workspace with hand-computable scores, written into a temporary folder.

scale 0–10; groups g1 (weight 2: a, b) and g2 (weight 1: c); all factor weights 1, so the
effective weights are a 0.4, b 0.4, c 0.2.

    id  a(for)  b(against)  c(for)   u              additive score
    X   8       2           5        .8  .8  .5     .32 + .32 + .10 = 0.74
    Y   5       5           10       .5  .5  1      .20 + .20 + .20 = 0.60
    Z   2       8           0        .2  .2  0      .08 + .08 + 0   = 0.16
"""

from pathlib import Path

MODEL = """\
schema_version: 1
title: Tiny
question: Which will happen?
scale: {min: 0, max: 10}
groups:
  g1: {label: Group one, weight: 2}
  g2: {label: Group two, weight: 1}
factors:
  a: {label: Factor A, group: g1, weight: 1, direction: for}
  b: {label: Factor B, group: g1, weight: 1, direction: against}
  c: {label: Factor C, group: g2, weight: 1, direction: for}
"""

PROFILES = {
    "x": """\
id: X
name: Xland
factors:
  a: {value: 8, low: 7, high: 9, confidence: high, sources: [s1]}
  b: {value: 2, low: 1, high: 4, sources: [s1]}
  c: {value: 5, sources: [s1]}
""",
    "y": """\
id: Y
name: Yland
status: {state: joined, date: 2020-09-15}
factors:
  a: 5
  b: 5
  c: 10
""",
    "z": """\
id: Z
name: Zland
factors:
  a: 2
  b: 8
  c: 0
""",
}

SCORES = {"X": 0.74, "Y": 0.60, "Z": 0.16}


def write(
    root: Path,
    model: str = MODEL,
    profiles: dict[str, str] | None = None,
    whatifs: dict[str, str] | None = None,
) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "model.yaml").write_text(model, encoding="utf-8")
    (root / "profiles").mkdir(exist_ok=True)
    for name, text in (PROFILES if profiles is None else profiles).items():
        (root / "profiles" / f"{name}.yaml").write_text(text, encoding="utf-8")
    if whatifs:
        (root / "whatif").mkdir(exist_ok=True)
        for name, text in whatifs.items():
            (root / "whatif" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return root
