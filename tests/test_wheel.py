"""The course installs like a library: a wheel, installed without the source tree, finds its data.

Builds the wheel from this checkout (no build isolation: the venv's setuptools), installs it with
``pip install --target`` into a temporary folder, and from another folder runs a fresh Python in
which the checkout is not importable: it must load the toy world, the sentences, GloVe and the
Llama tokenizer, and write its caches to the user cache folder (here: $EMBEDDINGS_COURSE_CACHE),
never into the installed package.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from helpers.datafiles import THIRDPARTY_SHA256

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = """
import sys
root = sys.argv[1]
# forget the checkout: no source folder on the path, no editable-install finder
inside = (root + "/src", root + "/data", root + "/tools")
sys.path = [p for p in sys.path if p and p.rstrip("/") != root and not p.startswith(inside)]
sys.meta_path = [f for f in sys.meta_path if "__editable__" not in getattr(f, "__module__", "")]
import helpers
assert helpers.__file__.startswith(sys.argv[2]), helpers.__file__
from helpers.text import toy_world_sentences, toy_world_analogies
from helpers.llm import load_sentences
from helpers.vectors import load_glove
from helpers.llm.wordllama import load_wordllama_tokenizer
sentences = toy_world_sentences(1_000, seed=0)
assert sum(len(s) for s in sentences) >= 1_000
assert ("man", "king", "woman", "queen") in toy_world_analogies()["royalty"]
assert len(load_sentences()) == 50
glove = load_glove(1_000)
assert len(glove) == 1_000 and glove.words[:3] == ["the", ",", "."]
assert load_wordllama_tokenizer().get_vocab_size() == 32_000
from helpers.evaluation.benchmarks import simlex999
from helpers.text.corpus import wikipedia_articles
assert len(simlex999()) == 999 and next(wikipedia_articles())[0] == "Anarchism"
print("ok", helpers.__file__)
"""


def test_wheel_installs_and_finds_its_data(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(wheels), str(ROOT)],
        check=True, cwd=tmp_path, capture_output=True,
    )  # fmt: skip
    (wheel,) = wheels.glob("embeddings_course-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for data in ("toyworld/lexicon.json", "toyworld/grammar.json", "sentences/sentences.json"):
        assert f"helpers/data/{data}" in names
    for name in [*THIRDPARTY_SHA256, "README.md"]:  # the third-party data the course ships
        assert f"helpers/data/thirdparty/{name}" in names
    assert not [n for n in names if "/cache/" in n or n.startswith("tools/")]

    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
         str(wheel)],
        check=True, cwd=tmp_path, capture_output=True,
    )  # fmt: skip
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    cache = tmp_path / "user-cache"
    env = {**os.environ, "PYTHONPATH": str(target), "EMBEDDINGS_COURSE_CACHE": str(cache)}
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(ROOT), str(target)],
        cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.startswith("ok " + str(target))
    assert (cache / "glove_words.txt").is_file()  # the cache went to the user cache folder
    installed = {p.relative_to(target).as_posix() for p in (target / "helpers").rglob("*.*")}
    written = {n for n in installed if not n.endswith(".pyc")} - set(names)
    assert written == set()  # nothing written into the package
