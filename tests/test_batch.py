"""Batches: tidy results, the same whatever the workers, resumable, failures recorded."""

import json
import os
import pickle
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

import greencoop.experiments.batch
from greencoop import Params
from greencoop.cli import main
from greencoop.experiments.batch import plan, run_batch
from greencoop.experiments.scenarios import load_scenario

SWEEP = """name: Small sweep
description: {nb: Liten, en: Small}
seeds: 3
horizon_years: 1
sweep:
  involvement: [inform, joint]
"""
PLAIN = """name: Plain
description: {nb: Enkel, en: Plain}
seeds: [4]
horizon_years: 1
"""


@pytest.fixture
def scenarios(tmp_path):
    (tmp_path / "sweep.yaml").write_text(SWEEP, encoding="utf-8")
    (tmp_path / "plain.yaml").write_text(PLAIN, encoding="utf-8")
    return [load_scenario(tmp_path / "sweep.yaml"), load_scenario(tmp_path / "plain.yaml")]


def test_params_survive_pickling_for_workers():
    params = Params(involvement="joint", municipality="Bergen")
    assert pickle.loads(pickle.dumps(params)) == params


def test_results_are_tidy_with_a_manifest(tmp_path, scenarios):
    out = tmp_path / "out"
    summary = run_batch(scenarios, out, progress=False)
    assert (summary.planned, summary.ran, summary.already_done, summary.failed) == (7, 7, 0, [])
    results = pd.read_parquet(out / "results.parquet")
    assert list(results.columns[:5]) == ["scenario", "set", "involvement", "seed", "month"]
    assert len(results) == 7 * 13
    assert results.groupby(["scenario", "set", "seed"]).size().eq(13).all()
    assert set(results.loc[results.scenario == "Small sweep", "involvement"]) == {"inform", "joint"}
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["greencoop"] == greencoop.__version__
    assert manifest["runs"] == {"planned": 7, "finished": 7, "failed": []}
    assert [s["seeds"] for s in manifest["scenarios"]] == [[0, 1, 2], [4]]
    assert len(manifest["scenarios"][0]["hash"]) == 64


def test_results_do_not_depend_on_the_number_of_workers(tmp_path, scenarios):
    run_batch(scenarios, tmp_path / "one", workers=1, progress=False)
    run_batch(scenarios, tmp_path / "two", workers=2, progress=False)
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "one" / "results.parquet"),
                                  pd.read_parquet(tmp_path / "two" / "results.parquet"))


def test_a_second_start_does_only_what_is_missing(tmp_path, scenarios):
    out = tmp_path / "out"
    run_batch(scenarios, out, progress=False)
    complete = pd.read_parquet(out / "results.parquet")
    for spec in plan(scenarios)[:2]:
        spec.path(out).unlink()
    summary = run_batch(scenarios, out, progress=False)
    assert (summary.ran, summary.already_done) == (2, 5)
    pd.testing.assert_frame_equal(pd.read_parquet(out / "results.parquet"), complete)


def test_a_failed_run_is_recorded_and_the_others_go_on(tmp_path, scenarios, monkeypatch):
    real = greencoop.experiments.batch.simulate

    def flaky(params, seed):
        if seed == 1:
            raise RuntimeError("disk full")
        return real(params, seed=seed)

    monkeypatch.setattr(greencoop.experiments.batch, "simulate", flaky)
    out = tmp_path / "out"
    summary = run_batch(scenarios, out, progress=False)
    assert summary.ran == 5 and len(summary.failed) == 2
    error = next((out / "runs").glob("*/set000-seed1.error.txt")).read_text(encoding="utf-8")
    assert "RuntimeError: disk full" in error
    assert json.loads((out / "manifest.json").read_text())["runs"]["failed"] == sorted(summary.failed)

    monkeypatch.setattr(greencoop.experiments.batch, "simulate", real)
    again = run_batch(scenarios, out, progress=False)
    assert (again.ran, again.failed) == (2, [])
    assert not list((out / "runs").glob("*/*.error.txt"))


def test_cli_exit_status_says_runs_failed(tmp_path, scenarios, monkeypatch, capsys):
    monkeypatch.setattr(greencoop.experiments.batch, "simulate", lambda params, seed: 1 / 0)
    assert main(["run", str(tmp_path / "plain.yaml"), "--out", str(tmp_path / "out")]) == 1
    assert "failed: plain-" in capsys.readouterr().err


def test_cli_writes_nothing_when_a_file_is_wrong(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(PLAIN + "parameters: {rep_release_hours: 100}\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "greencoop.cli", "run", str(bad), "--out", str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "bad.yaml:5: field 'parameters.rep_release_hours'" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_killed_batch_resumes_and_finishes_the_same(tmp_path):
    scenario = tmp_path / "long.yaml"
    scenario.write_text(SWEEP.replace("seeds: 3", "seeds: 12").replace("horizon_years: 1", "horizon_years: 10"),
                        encoding="utf-8")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "greencoop.cli", "run", str(scenario), "--out", str(out)]
    batch = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while len(list(out.glob("runs/*/*.parquet"))) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(batch.pid, signal.SIGKILL)
    batch.wait()
    finished_before = len(list(out.glob("runs/*/*.parquet")))
    assert 3 <= finished_before < 24, "the batch should be killed part-way"
    for run_file in out.glob("runs/*/*.parquet"):
        pd.read_parquet(run_file)  # every file that exists is whole

    (next(out.glob("runs/*")) / ".set999-seed0.parquet.x.tmp").write_text("torn")  # as a kill mid-write leaves
    resumed = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0
    assert f"24 runs: {24 - finished_before} ran now, {finished_before} were already done" in resumed.stdout
    assert not list(out.glob("runs/*/.*.tmp"))
    subprocess.run([*command[:-1], str(tmp_path / "fresh")], check=True, capture_output=True, timeout=300)
    pd.testing.assert_frame_equal(pd.read_parquet(out / "results.parquet"),
                                  pd.read_parquet(tmp_path / "fresh" / "results.parquet"))


def test_dask_cluster_gives_the_same_results(tmp_path, scenarios):
    import distributed

    run_batch(scenarios, tmp_path / "local", workers=2, progress=False)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  host="127.0.0.1") as cluster:
        summary = run_batch(scenarios, tmp_path / "dask", scheduler=cluster.scheduler_address, progress=False)
        assert (summary.ran, summary.failed) == (7, [])
        assert len(cluster.workers) == 2
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "local" / "results.parquet"),
                                  pd.read_parquet(tmp_path / "dask" / "results.parquet"))


def test_unreachable_scheduler_is_one_line_and_writes_nothing(tmp_path, scenarios):
    result = subprocess.run([sys.executable, "-m", "greencoop.cli", "run", str(tmp_path / "plain.yaml"),
                             "--scheduler", "tcp://127.0.0.1:9", "--out", str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "cannot reach the Dask scheduler at 'tcp://127.0.0.1:9'" in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()
