#!/usr/bin/env python3
"""Snapshot of everything ``zhreport.clean`` returns over a generated corpus, to compare builds.

A speed-up of the cleaning stage must not change a byte of its output. This script
cleans a deterministic corpus — the bundled samples, the unseen-report fixtures, and
thousands of variants built from their lines with the damage scraped pages carry (HTML
tags and entities, CRLF, full-width letters, control and zero-width characters, pinyin
ruby, mojibake, stray spaces) plus random pieces — and writes one line per input with a
digest of the whole result (text, normalized, lines, metadata, script, repairs) and of
``to_simplified(text)``. Run it under two builds and compare the files::

    python tools/clean_snapshot.py --out /tmp/before.jsonl     # with the old build installed
    python tools/clean_snapshot.py --out /tmp/after.jsonl      # with the new one
    python tools/clean_snapshot.py --compare /tmp/before.jsonl /tmp/after.jsonl
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DAMAGE = [
    "<p>", "</p>", "<br/>", "<b>", "</b>", "<span class=\"x\">", "</span>", "<div>", "<!-- c -->", "<script>x</script>",
    "&nbsp;", "&amp;", "&amp;nbsp;", "&#20013;", "&#x56FD;", "&lt;", "&gt;&gt;", "\r\n", "\r", "\t", "\u3000",
    "\u00a0", "\u200b", "\ufeff", "\x00", "\x07", "\x0b", "\u2028", "１２", "Ａｂ", "ｚ", "(fā)", "(lái)", "?dān)",
    "?(bào)", "（jiān）", "\ufffd(shēng)", "e\u0301", "a\u0304", "  ", "   ", " ", ">>", "|", "｜", "【打印】",
    "来源:人民网", "(责编:王浩)", "△", "\\", "推荐阅读", "𠮷", "鿏", "😀", "\u00ad", "\u202e", "\x85",
]


def sample_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "python/zhreport/samples").glob("*.txt"))]
    for path in sorted((ROOT / "tests/fixtures/unseen").glob("*.txt")):
        data = path.read_bytes()
        for encoding in ("utf-8-sig", "utf-16", "gb18030", "big5"):
            try:
                texts.append(data.decode(encoding))
                break
            except UnicodeDecodeError:
                continue
    return texts


def mojibake(line: str, rng: random.Random) -> str:
    kind = rng.randrange(3)
    try:
        if kind == 0:
            return line.encode("gbk").decode("cp1252", errors="replace")
        if kind == 1:
            return line.encode("utf-8").decode("latin-1")
        return line.encode("utf-8").decode("gbk", errors="replace")
    except UnicodeEncodeError:
        return line


def variants(texts: list[str], count: int, seed: int) -> Iterator[str]:
    rng = random.Random(seed)
    lines = [line for text in texts for line in text.splitlines()]
    for _ in range(count):
        picked = [rng.choice(lines) for _ in range(rng.randrange(1, 25))]
        out = []
        for line in picked:
            roll = rng.random()
            if roll < 0.05 and line:
                line = mojibake(line, rng)
            elif roll < 0.5 and line:
                chars = list(line)
                for _ in range(rng.randrange(1, 4)):
                    chars.insert(rng.randrange(len(chars) + 1), rng.choice(DAMAGE))
                line = "".join(chars)
            elif roll < 0.55:
                line = "".join(rng.choice(DAMAGE) for _ in range(rng.randrange(1, 8)))
            out.append(line)
        yield rng.choice(["\n", "\r\n", "\n\n", "<br>"]).join(out)


def corpus(count: int, seed: int) -> Iterator[str]:
    texts = sample_texts()
    yield ""
    yield from texts
    yield from variants(texts, count, seed)


def digest(zr: object, text: str) -> dict[str, object]:
    c = zr.clean(text)  # type: ignore[attr-defined]
    whole = [
        c.text, c.normalized, c.title, str(c.published), c.source, c.editors, c.authors, c.dateline, c.script,
        sorted(c.repairs.items()), [line.as_tuple() for line in c.lines],
    ]
    h = hashlib.sha256(json.dumps(whole, ensure_ascii=False).encode()).hexdigest()[:16]
    s = hashlib.sha256(zr.to_simplified(c.text).encode()).hexdigest()[:16]  # type: ignore[attr-defined]
    n = hashlib.sha256(zr.normalize(text).encode()).hexdigest()[:16]  # type: ignore[attr-defined]
    return {"clean": h, "simplified": s, "normalize": n}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path)
    p.add_argument("--count", type=int, default=5000)
    p.add_argument("--seed", type=int, default=2)
    p.add_argument("--compare", nargs=2, type=Path)
    args = p.parse_args()
    if args.compare:
        a = args.compare[0].read_text(encoding="utf-8").splitlines()
        b = args.compare[1].read_text(encoding="utf-8").splitlines()
        diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
        print(f"{len(a)} vs {len(b)} inputs, {len(diff)} differ" + (f": first {diff[:20]}" if diff else ""))
        return 1 if diff or len(a) != len(b) else 0
    import zhreport as zr  # noqa: PLC0415

    with (args.out.open("w", encoding="utf-8") if args.out else sys.stdout) as out:
        for i, text in enumerate(corpus(args.count, args.seed)):
            out.write(json.dumps({"i": i, **digest(zr, text)}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
