"""``timeline batch`` on Dask: a LocalCluster of 2 workers gives the local run's records."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

try:
    import distributed
except ImportError:
    if os.environ.get("CI") == "true":  # .ci/run gets the extra through make test
        raise
    pytest.skip("the dask extra is not installed (pip install -e '.[dask]'; make test "
                "installs it)", allow_module_level=True)

from test_batch import comparable, jsonl, read_output  # noqa: E402

from service import cli  # noqa: E402
from service.batch.cluster import MANIFEST, run_on_dask  # noqa: E402
from service.batch.run import BatchError, BatchJob, run_batch  # noqa: E402
from service.batch.work import worker_model  # noqa: E402

ARTICLES = 200
PARTITION = 25


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as local:
        yield local


def parts(folder: Path) -> list[dict[str, Any]]:
    """The records of a Dask run's parts, in the manifest's order."""
    manifest = json.loads((folder / MANIFEST).read_text("utf-8"))
    return [r for part in manifest["parts"] for r in read_output(folder / part["file"])]


@pytest.fixture(scope="module")
def runs(cluster: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Any]:
    """200 generated articles, run here and on the cluster's scheduler."""
    root = tmp_path_factory.mktemp("dask")
    source = jsonl(root / "in.jsonl", ARTICLES)
    run_batch(BatchJob(str(source), root / "local.jsonl"), stderr=io.StringIO())
    summary = run_on_dask(BatchJob(str(source), root / "parts"),
                          scheduler=cluster.scheduler_address, partition_size=PARTITION,
                          stderr=io.StringIO())
    return source, root, summary


def test_dask_gives_the_local_records_one_by_one(runs: tuple[Path, Path, Any]) -> None:
    _, root, summary = runs
    local = comparable(read_output(root / "local.jsonl"))
    on_dask = comparable(parts(root / "parts"))
    assert len(local) == len(on_dask) == ARTICLES
    for mine, theirs in zip(local, on_dask, strict=True):
        assert mine == theirs
    assert (summary.done, summary.failed, summary.interrupted) == (ARTICLES, 0, False)


def test_one_part_per_partition_and_a_manifest(runs: tuple[Path, Path, Any]) -> None:
    _, root, _ = runs
    manifest = json.loads((root / "parts" / MANIFEST).read_text("utf-8"))
    assert manifest["complete"] is True and manifest["records"] == ARTICLES
    assert [p["file"] for p in manifest["parts"]] == [
        f"part-{i:05d}.jsonl" for i in range(ARTICLES // PARTITION)
    ]
    assert all(p["records"] == PARTITION and p["failed"] == 0 for p in manifest["parts"])
    assert sorted(f.name for f in (root / "parts").iterdir()) == sorted(
        [MANIFEST, *(p["file"] for p in manifest["parts"])]
    )


def test_each_worker_loaded_the_model_once(cluster: Any, runs: tuple[Path, Path, Any]) -> None:
    _, _, summary = runs
    with distributed.Client(cluster.scheduler_address) as client:
        models = client.run(worker_model, None)
    assert len(models) == 2
    assert all(m.loads == 1 for m in models.values())  # 8 partitions, 2 loads
    assert set(summary.peak_rss_mb) == {m.pid for m in models.values()}


def test_resume_redoes_only_the_missing_parts(
    cluster: Any, runs: tuple[Path, Path, Any]
) -> None:
    source, root, _ = runs
    folder = root / "parts"
    expected = parts(folder)
    (folder / "part-00003.jsonl").unlink()
    summary = run_on_dask(BatchJob(str(source), folder, resume=True),
                          scheduler=cluster.scheduler_address, partition_size=PARTITION,
                          stderr=io.StringIO())
    assert (summary.skipped, summary.done) == (ARTICLES - PARTITION, PARTITION)
    assert comparable(parts(folder)) == comparable(expected)
    again = run_on_dask(BatchJob(str(source), folder, resume=True),
                        scheduler=cluster.scheduler_address, partition_size=PARTITION,
                        stderr=io.StringIO())
    assert (again.skipped, again.done, again.interrupted) == (ARTICLES, 0, False)
    with pytest.raises(BatchError, match="--resume"):
        run_on_dask(BatchJob(str(source), folder), scheduler=cluster.scheduler_address,
                    partition_size=PARTITION, stderr=io.StringIO())
    with pytest.raises(BatchError, match="same"):
        run_on_dask(BatchJob(str(source), folder, resume=True),
                    scheduler=cluster.scheduler_address, partition_size=10,
                    stderr=io.StringIO())


def test_the_command_starts_a_local_cluster(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = jsonl(tmp_path / "in.jsonl", 5)
    code = cli.main(["batch", str(source), "-o", str(tmp_path / "out"), "--dask-local", "1",
                     "--partition-size", "2"])
    assert code == 0
    assert "done 5, failed 0" in capsys.readouterr().err
    assert [r["id"] for r in parts(tmp_path / "out")] == [f"doc-{n:04d}" for n in range(5)]
