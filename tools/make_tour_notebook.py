"""Regenerate examples/zhreport_tour.ipynb from examples/tour.py (one cell per ``# %%`` block).

``# %% [markdown]`` blocks become Markdown cells (their leading ``# `` removed); the
notebook is stored without outputs. tests/test_notebook.py checks that both agree.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent


def cells(source: str) -> list[tuple[str, str]]:
    """The (kind, text) cells of a percent-format script."""
    out: list[tuple[str, str]] = []
    kind, lines = "", []
    for line in source.splitlines():
        if line.startswith("# %%"):
            if kind:
                out.append((kind, "\n".join(lines).strip("\n")))
            kind, lines = ("markdown" if "[markdown]" in line else "code"), []
        elif kind == "markdown":
            lines.append(line[2:] if line.startswith("# ") else line.lstrip("#"))
        else:
            lines.append(line)
    if kind:
        out.append((kind, "\n".join(lines).strip("\n")))
    return out


def notebook(source: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    nb.cells = [
        nbformat.v4.new_markdown_cell(text) if kind == "markdown" else nbformat.v4.new_code_cell(text)
        for kind, text in cells(source)
    ]
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:02d}"
    return nb


if __name__ == "__main__":
    nb = notebook((ROOT / "examples" / "tour.py").read_text(encoding="utf-8"))
    nbformat.write(nb, ROOT / "examples" / "zhreport_tour.ipynb")
