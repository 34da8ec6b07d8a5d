"""The workshop's ensembles: runs shared between kernels, and the band computed behind the first answer."""

import os
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

from greencoop.params import Params
from greencoop.workshop import compute, runstore
from greencoop.workshop.compute import QUICK_RUNS, RUNS, Recomputer
from greencoop.workshop.modules import modules
from greencoop.workshop.page import ModulePage, prepare
from greencoop.workshop.settings import PageSettings, ks_area_municipalities

SMALL = Params(employees=60, horizon_years=2)


@pytest.fixture
def shared(tmp_path, monkeypatch):
    """A run store as ``greencoop present`` gives its kernels, with this process's memory of runs emptied."""
    monkeypatch.setenv(runstore.STORE_ENV, str(tmp_path))
    compute._kept.clear()
    yield tmp_path
    compute._kept.clear()


def run_of(params: Params, seed: int) -> dict:
    return compute.runs_of(params, [seed])[0]


def test_a_run_computed_in_one_kernel_is_read_whole_by_the_others(shared):
    computed = run_of(SMALL, 3)
    assert [p.name for p in shared.iterdir()] == [runstore.run_key(SMALL, 3)]
    compute._kept.clear()  # as another kernel would start: nothing in memory
    read = runstore.load(SMALL, 3)
    assert read.keys() == computed.keys()
    for name, values in computed.items():
        np.testing.assert_array_equal(read[name], values)
    assert runstore.load(SMALL, 4) is None and runstore.load(SMALL.replace(employees=61), 3) is None


def test_without_a_store_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.delenv(runstore.STORE_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    compute._kept.clear()
    run_of(SMALL, 0)
    assert runstore.load(SMALL, 0) is None and not list(tmp_path.iterdir())


def test_a_store_that_cannot_be_written_costs_speed_not_the_run(tmp_path, monkeypatch):
    monkeypatch.setenv(runstore.STORE_ENV, str(tmp_path / "gone"))
    compute._kept.clear()
    assert run_of(SMALL, 0)["emissions_total"].shape == (25,)
    assert not (tmp_path / "gone").exists()


def reports_of(params: Params) -> list[tuple[int, bool]]:
    """(runs, complete) of every report a Recomputer makes for ``params``."""
    seen = []
    worker = Recomputer(lambda runs, complete: seen.append((runs.runs, complete)), pytest.fail)
    worker.request(params)
    assert worker.wait(120)
    return seen


def test_a_new_choice_reports_its_first_runs_then_the_whole_band(shared):
    assert reports_of(SMALL) == [(QUICK_RUNS, False), (RUNS, True)]


def test_a_choice_another_kernel_has_run_is_reported_whole_at_once(shared):
    compute.runs_of(SMALL, list(range(RUNS)))
    compute._kept.clear()
    assert reports_of(SMALL) == [(RUNS, True)]


def test_a_failing_run_is_reported_and_the_workers_go_on(shared, monkeypatch):
    broken, computed = SMALL.replace(employees=61), compute.run_batch

    def run_batch(runs):
        if any(run.params == broken for run in runs):
            raise RuntimeError("this choice cannot be run")
        return computed(runs)

    monkeypatch.setattr(compute, "run_batch", run_batch)
    errors, complete = [], []
    worker = Recomputer(lambda _, done: complete.append(done), errors.append)
    worker.request(broken)
    assert worker.wait(60)
    worker.request(SMALL)
    assert worker.wait(120)
    assert [str(e) for e in errors] == ["this choice cannot be run"] and complete[-1] is True


@pytest.mark.skipif(sys.platform != "linux", reason="threads have their own niceness on Linux only")
def test_the_band_runs_at_the_lowest_priority_and_the_first_runs_at_the_kernel_s():
    worker = Recomputer(lambda *_: None, pytest.fail)
    first, band = (thread.native_id for thread in worker._threads)
    own = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    lowest = max(own, compute.BAND_NICENESS)
    deadline = time.monotonic() + 10  # the band thread lowers its own priority as it starts
    while os.getpriority(os.PRIO_PROCESS, band) != lowest and time.monotonic() < deadline:
        time.sleep(0.01)
    assert os.getpriority(os.PRIO_PROCESS, band) == lowest
    assert os.getpriority(os.PRIO_PROCESS, first) == own


def test_prepared_starts_open_every_module_without_running_the_model(shared, monkeypatch):
    smallest = min(ks_area_municipalities(), key=lambda m: m.population)
    settings = PageSettings(municipality=smallest)
    choices = prepare(settings)
    assert len(choices) == len(set(choices)) >= 1  # today's practice, where every module starts
    assert len(list(shared.glob("*.npy"))) == len(choices) * RUNS
    compute._kept.clear()

    def no_model(*_, **__):
        raise AssertionError("the model ran although every start was prepared")

    monkeypatch.setattr(compute, "run_batch", no_model)
    for spec in modules().values():
        page = ModulePage(spec, settings)
        page.reveal()
        page.wait()
        assert page.choice_complete and page.choice.runs == RUNS


def test_the_app_loads_what_every_page_reads_before_a_page_is_asked_for():
    """A preheated kernel imports the app while it waits: the words and modules must be read then, not after."""
    probe = ("import greencoop.workshop.app; from greencoop.text import _catalogue; "
             "from greencoop.workshop.modules import modules; "
             "print(_catalogue.cache_info().currsize, modules.cache_info().currsize)")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert loaded.stdout.split() == ["1", "1"]
