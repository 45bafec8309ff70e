"""Regenerate data/gazetteer.tsv from JioNLP's administrative-division table.

Source: jionlp 1.5.31, ``jionlp/dictionary/china_location.txt`` (Apache-2.0,
https://github.com/dongrixinyu/JioNLP). Only the first three levels are kept:
provinces, prefecture-level cities and county-level divisions. Output columns:
``level  name  short  adcode  parent``.

Usage: ``python tools/make_gazetteer.py PATH/TO/china_location.txt > data/gazetteer.tsv``
"""

from __future__ import annotations

import sys

LEVELS = ("province", "city", "county")


def main(path: str) -> None:
    parents: list[str] = ["", "", ""]
    seen: set[tuple[str, str]] = set()
    print("# level\tname\tshort\tadcode\tparent  (from JioNLP china_location.txt, Apache-2.0)")
    with open(path, encoding="utf-8") as source:
        for line in source:
            depth = len(line) - len(line.lstrip("\t"))
            if depth >= len(LEVELS):
                continue
            fields = line.strip().split("\t")
            name = fields[0]
            adcode = fields[1] if len(fields) > 1 else ""
            short = fields[2] if len(fields) > 2 else ""
            parents[depth] = name
            parent = parents[depth - 1] if depth else ""
            # Municipalities repeat themselves as their own city level.
            if depth == 1 and name == parent:
                continue
            key = (name, parent)
            if key in seen:
                continue
            seen.add(key)
            print(f"{LEVELS[depth]}\t{name}\t{short}\t{adcode}\t{parent}")


if __name__ == "__main__":
    main(sys.argv[1])
