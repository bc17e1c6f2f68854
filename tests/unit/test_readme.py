"""The README's Python example runs as a doctest, and its first batch example as a script."""

from __future__ import annotations

import doctest
import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def section(title: str) -> str:
    """The text of the README section ``## title``, up to the next ``## `` heading."""
    text = README.read_text("utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start: end if end >= 0 else len(text)]


def blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


def test_the_python_example_runs_as_written() -> None:
    (example,) = blocks(section("Python"), "pycon")
    test = doctest.DocTestParser().get_doctest(example, {}, "README.md#python", str(README), 0)
    assert len(test.examples) >= 5
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    result = runner.run(test, out=sys.stdout.write)
    assert result.failed == 0 and result.attempted == len(test.examples)


def test_the_first_batch_example_runs_and_says_what_the_readme_shows(tmp_path: Path) -> None:
    script = blocks(section("Batch"), "sh")[0].replace("/tmp/", f"{tmp_path}/")
    venv_bin = Path(sys.executable).parent
    script = script.replace(".venv/bin/", f"{venv_bin}/")
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=README.parent,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    summaries = [line for line in done.stderr.splitlines() if line.startswith("batch: done")]
    assert len(summaries) == 4
    shown = re.search(r"```\n  (batch: done .*)\n  ```", section("Batch"))
    assert shown is not None
    assert summaries[0].split(";")[0] == shown.group(1).split(";")[0]
    lines = (tmp_path / "timelines.jsonl").read_text("utf-8").splitlines()
    assert [line.split(",")[0] for line in lines] == [
        '{"id":"kessa"', '{"id":"vote"', '{"id":3'
    ]
    assert (tmp_path / "timeml.jsonl").read_text("utf-8").count("\n") == 3
