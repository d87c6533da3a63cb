"""The third-party data the course ships (data/thirdparty/): checked, licensed, and never read
from gensim's package folder (issue 23 §6)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import datafiles
from helpers.datafiles import THIRDPARTY_SHA256, MissingDataError, thirdparty_file

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "data" / "thirdparty"


def test_the_folder_holds_exactly_the_checked_files_and_their_readme() -> None:
    assert sorted(p.name for p in FOLDER.iterdir()) == sorted([*THIRDPARTY_SHA256, "README.md"])
    for name, digest in THIRDPARTY_SHA256.items():
        assert hashlib.sha256((FOLDER / name).read_bytes()).hexdigest() == digest, name


def test_readme_and_licence_name_every_file_with_its_size_and_hash() -> None:
    readme = (FOLDER / "README.md").read_text(encoding="utf-8")
    licence = (ROOT / "LICENSE-CONTENT.md").read_text(encoding="utf-8")
    for name, digest in THIRDPARTY_SHA256.items():
        size = f"{(FOLDER / name).stat().st_size:,}".replace(",", " ")
        row = next(line for line in readme.splitlines() if line.startswith(f"| `{name}`"))
        assert digest in row and f"| {size} |" in row, name
        assert f"`{name}`" in licence, name


def test_thirdparty_file_refuses_unknown_missing_and_changed_files(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with pytest.raises(MissingDataError, match="not one of the course's third-party data files"):
        thirdparty_file("text8.zip")
    monkeypatch.setitem(THIRDPARTY_SHA256, "wordsim353.tsv", "0" * 64)
    with pytest.raises(MissingDataError, match="SHA-256 differs"):
        thirdparty_file("wordsim353.tsv")
    monkeypatch.setattr(datafiles, "project_file", lambda relative: tmp_path / relative)
    with pytest.raises(MissingDataError, match="is missing from the course"):
        thirdparty_file("simlex999.txt")


def test_no_course_source_names_gensims_data_folder() -> None:
    pattern = re.compile(r"test_data|gensim\.test|datapath\(")
    sources = [
        *(ROOT / "src").rglob("*.py"),
        *(ROOT / "notebooks").glob("*.ipynb"),
        *(ROOT / "bench").glob("*.py"),
        *(ROOT / "tools").glob("*.py"),
        *(ROOT / "classroom").rglob("*.ipynb"),
    ]
    offenders = [str(p.relative_to(ROOT)) for p in sources if pattern.search(p.read_text("utf-8"))]
    assert offenders == []


LOADERS = """
import os, sys
import importlib.util
spec = importlib.util.find_spec("gensim")
gensim_dir = os.path.realpath(next(iter(spec.submodule_search_locations)))

def no_gensim_files(event, args):
    # Every file opened by Python (open, io.open, os.open, bz2, pathlib) passes this hook.
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        path = os.path.realpath(os.fsdecode(args[0]))
        if path.startswith(gensim_dir + os.sep):
            raise PermissionError(f"read from gensim's package folder: {path}")

sys.addaudithook(no_gensim_files)
from helpers.datafiles import data_sources
from helpers.evaluation.benchmarks import google_analogies, simlex999, wordsim353
from helpers.text.corpus import wikipedia_articles, wikipedia_tokens
counts = {
    "articles": sum(1 for _ in wikipedia_articles()),
    "tokens": len(wikipedia_tokens()),
    "analogies": sum(len(q) for q in google_analogies().values()),
    "wordsim": len(wordsim353()),
    "simlex": len(simlex999()),
    "sources_present": all(s.present for s in data_sources()),
}
import json
print(json.dumps(counts))
"""


def test_the_loaders_work_with_gensims_folder_forbidden(tmp_path: Path) -> None:
    """Run every loader of third-party data (building the Wikipedia cache afresh) in a Python
    where opening any file under gensim's package folder raises."""
    env = {**os.environ, "EMBEDDINGS_COURSE_CACHE": str(tmp_path)}
    run = subprocess.run(
        [sys.executable, "-c", LOADERS],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    counts = json.loads(run.stdout.strip().splitlines()[-1])
    assert counts["articles"] == 106
    assert 400_000 < counts["tokens"] < 500_000
    assert (counts["analogies"], counts["wordsim"], counts["simlex"]) == (19_544, 353, 999)
    assert counts["sources_present"] is True


def test_the_audit_hook_would_catch_a_read_from_gensims_folder(tmp_path: Path) -> None:
    """The forbidding hook is not vacuous: reading gensim's own copy fails under it."""
    gensim_copy = "os.path.join(gensim_dir, 'test', 'test_data', 'wordsim353.tsv')"
    script = LOADERS.split("from helpers.datafiles")[0] + f"open({gensim_copy}).read()\n"
    run = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert run.returncode != 0 and "read from gensim's package folder" in run.stderr
