"""README's table of notebooks: every notebook has a row, and its run times are the measured ones."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROW = re.compile(r"^\| (\d\d) \| [^|]+ \| [^|]+ \| [^|]+ \| (\d+) s / (\d+) s \|$", re.M)


def test_readme_run_times_are_the_measured_ones() -> None:
    rows = {
        nb: (int(core), int(whole))
        for nb, core, whole in ROW.findall((ROOT / "README.md").read_text(encoding="utf-8"))
    }
    notebooks = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert sorted(rows) == [name[:2] for name in notebooks], "one README row per notebook"
    measured = json.loads((ROOT / "classroom" / "measurements.json").read_text())["notebooks"]
    for name in notebooks:
        m = measured[name]
        whole = m["core_s"] + sum(m["deep_dives_s"].values())
        half_up = (int(m["core_s"] + 0.5), int(whole + 0.5))
        assert rows[name[:2]] == half_up, (
            f"README's run times for {name} differ from classroom/measurements.json"
        )
