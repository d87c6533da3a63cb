"""Importing the check engine imports no exercise module and no heavy library (issue 25 §3).

A notebook's check imports only its own notebook's module (pandas, plotly and the rest come with
the notebooks that need them), and a test collected without pandas does not fail on import.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from helpers.exercises.registry import MODULES

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import json, sys
import helpers.exercises as engine
before = sorted(m for m in sys.modules if m.startswith(("helpers.exercises.", "pandas", "plotly")))
engine.EXERCISES["0.1"]
after = sorted(m for m in sys.modules if m.startswith("helpers.exercises."))
print(json.dumps([before, after]))
"""


def test_importing_the_engine_imports_no_exercise_module_and_no_pandas() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True
    )
    before, after = json.loads(result.stdout.strip().splitlines()[-1])
    assert not [m for m in before if m.startswith(("pandas", "plotly"))], before
    assert not [m for m in before if m in MODULES.values()], before
    assert "helpers.exercises.welcome" in after
    assert not [m for m in after if m in MODULES.values() and not m.endswith(".welcome")], after


def test_every_notebook_module_is_mapped() -> None:
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert list(MODULES) == [str(int(p.name[:2])) for p in notebooks], sorted(MODULES)
    for number, module in MODULES.items():
        assert (ROOT / "src" / Path(*module.split("."))).with_suffix(".py").is_file(), number
