"""The example notebook runs end to end on the sample reports, and matches examples/tour.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "examples" / "zhreport_tour.ipynb"
SCRIPT = ROOT / "examples" / "tour.py"


def _script_cells() -> list[tuple[str, str]]:
    """The cells of tour.py, split by hand on its ``# %%`` markers."""
    cells: list[tuple[str, list[str]]] = []
    for line in SCRIPT.read_text(encoding="utf-8").splitlines():
        if line.startswith("# %%"):
            cells.append(("markdown" if "[markdown]" in line else "code", []))
        elif cells:
            kind, lines = cells[-1]
            if kind == "markdown":
                line = line[2:] if line.startswith("# ") else line.removeprefix("#")
            lines.append(line)
    return [(kind, "\n".join(lines).strip("\n")) for kind, lines in cells]


def test_notebook_is_the_script() -> None:
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    cells = [(c["cell_type"], "".join(c["source"])) for c in nb["cells"]]
    assert cells == _script_cells()
    # stored without outputs
    assert all(
        not c.get("outputs") and c.get("execution_count") is None for c in nb["cells"] if c["cell_type"] == "code"
    )


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The notebook executed in a kernel running this interpreter (so it sees this zhreport)."""
    root = tmp_path_factory.mktemp("jupyter")
    spec = root / "kernels" / "zhreport-test"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": "zhreport test", "language": "python"}), encoding="utf-8"
    )
    # the kernel is found through JUPYTER_PATH; it draws inline, as in Jupyter
    env = {
        "JUPYTER_PATH": str(root),
        "JUPYTER_PLATFORM_DIRS": "1",
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    }
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        import nbformat
        from nbclient import NotebookClient

        nb = nbformat.read(NOTEBOOK, as_version=4)
        NotebookClient(
            nb, kernel_name="zhreport-test", timeout=60, resources={"metadata": {"path": str(ROOT)}}
        ).execute()
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return nb


def _outputs(nb: Any, index: int) -> list[Any]:
    code = [c for c in nb.cells if c.cell_type == "code"]
    return list(code[index].outputs)


def test_notebook_runs_without_errors(executed: Any) -> None:
    for cell in executed.cells:
        if cell.cell_type == "code":
            assert all(o.output_type != "error" for o in cell.outputs), cell.source
            assert all(o.get("name") != "stderr" for o in cell.outputs), cell.outputs


def test_notebook_shows_the_report_as_html(executed: Any) -> None:
    import zhreport as zr

    report = zr.analyze(zr.sample_reports()[4])
    (display,) = [o for o in _outputs(executed, 1) if o.output_type == "execute_result"]
    assert display.data["text/html"] == report._repr_html_()


def test_notebook_tables_and_plots(executed: Any) -> None:
    import zhreport as zr

    documents = next(o for o in _outputs(executed, 3) if o.output_type == "execute_result")
    table = documents.data["text/html"]
    assert table.count("<tr") == 1 + 5  # header row and one per report
    for name in ("吉林省市場監督管理廳", "人民网-天津频道", "traditional"):
        assert name in table
    quantities = next(o for o in _outputs(executed, 4) if o.output_type == "execute_result")
    first = zr.analyze_batch(zr.sample_reports())[0].quantities[0]
    assert first.text in quantities.data["text/html"]
    images = [
        o
        for cell in executed.cells
        if cell.cell_type == "code"
        for o in cell.outputs
        if "image/png" in o.get("data", {})
    ]
    assert len(images) == 3  # top words, keyness, quantities and sentence lengths side by side


def test_script_runs() -> None:
    env = {**os.environ, "MPLBACKEND": "Agg"}
    result = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("集结第一批千名党员")
