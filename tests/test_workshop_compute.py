"""The workshop's ensembles: runs shared between kernels, and the band computed behind the first answer."""

import os
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
    cached_run = compute._run  # a test may patch compute._run
    cached_run.cache_clear()
    yield tmp_path
    cached_run.cache_clear()


def test_a_run_computed_in_one_kernel_is_read_whole_by_the_others(shared):
    computed = compute._run(SMALL, 3)
    assert [p.name for p in shared.iterdir()] == [runstore.run_key(SMALL, 3)]
    compute._run.cache_clear()  # as another kernel would start: nothing in memory
    read = runstore.load(SMALL, 3)
    assert read.keys() == computed.keys()
    for name, values in computed.items():
        np.testing.assert_array_equal(read[name], values)
    assert runstore.load(SMALL, 4) is None and runstore.load(SMALL.replace(employees=61), 3) is None


def test_without_a_store_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.delenv(runstore.STORE_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    compute._run.cache_clear()
    compute._run(SMALL, 0)
    assert runstore.load(SMALL, 0) is None and not list(tmp_path.iterdir())


def test_a_store_that_cannot_be_written_costs_speed_not_the_run(tmp_path, monkeypatch):
    monkeypatch.setenv(runstore.STORE_ENV, str(tmp_path / "gone"))
    compute._run.cache_clear()
    assert compute._run(SMALL, 0)["emissions_total"].shape == (25,)
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
    for seed in range(RUNS):
        compute._run(SMALL, seed)
    compute._run.cache_clear()
    assert reports_of(SMALL) == [(RUNS, True)]


def test_a_failing_run_is_reported_and_the_workers_go_on(shared, monkeypatch):
    broken, computed = SMALL.replace(employees=61), compute._run

    def run(params, seed):
        if params == broken:
            raise RuntimeError("this choice cannot be run")
        return computed(params, seed)

    monkeypatch.setattr(compute, "_run", run)
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
    assert len(choices) == len(set(choices)) >= 2
    assert len(list(shared.glob("*.npz"))) == len(choices) * RUNS
    compute._run.cache_clear()

    def no_model(*_, **__):
        raise AssertionError("the model ran although every start was prepared")

    monkeypatch.setattr(compute, "GreenCoopModel", no_model)
    for spec in modules().values():
        page = ModulePage(spec, settings)
        page.reveal()
        page.wait()
        assert page.choice_complete and page.choice.runs == RUNS
