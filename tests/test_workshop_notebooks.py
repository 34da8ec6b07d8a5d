"""Every workshop notebook runs headless in both languages, as Voilà would run it.

nbval (``--nbval-lax``) already executes the notebooks in the default
language; this test also runs them in English, set the way
``greencoop present --lang en`` sets it, and waits for each module's model
runs to finish so a failure on the worker thread is not missed.
"""

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

WORKSHOPS = Path(__file__).resolve().parents[1] / "workshops"
PAGES = sorted(WORKSHOPS.glob("0[0-6]_*.ipynb"))  # the participants' pages; 07_sector has its own test

CHECK = """
page = app.open_module("03_reps") if "app" in globals() else page  # the workshop app opens a module inside it
assert page.settings.lang == {lang!r}, page.settings.lang
if hasattr(page, "wait"):
    page.reveal()
    page.wait()
    assert all(bytes(chart.value).startswith(b"\\x89PNG") for chart in page.charts)
"""


def test_there_is_a_start_page_and_six_modules():
    assert [p.stem for p in PAGES] == ["00_start_here", "01_why", "02_agreement_to_practice", "03_reps",
                                       "04_union_support", "05_employer", "06_sandbox"]


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_notebook_runs_in_both_languages(path, lang, tmp_path, monkeypatch):
    monkeypatch.setenv("GREENCOOP_LANG", lang)
    notebook = nbformat.read(path, as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells), f"{path.name} is committed with outputs"
    notebook.cells.append(nbformat.v4.new_code_cell(CHECK.format(lang=lang)))
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
