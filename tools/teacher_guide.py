"""Fill the generated parts of the teacher guide (``classroom/GUIDE.md``).

The guide is written by hand except between two kinds of markers, which this tool rewrites:

- ``<!-- BEGIN MEASURED -->`` … ``<!-- END MEASURED -->``: the table of measured time, CPU and
  memory per notebook, from ``classroom/measurements.json`` (``tools/measure_notebooks.py``);
- ``<!-- BEGIN DIAGNOSED NN -->`` … ``<!-- END DIAGNOSED NN -->``: for notebook NN, every
  realistic wrong answer that the exercise tests feed its checks (the ``WRONG`` lists in
  ``tests/test_exercises_*.py``) with the hint the check really gives, so the guide cannot promise
  a diagnosis the course does not make.

``python -m tools.teacher_guide`` rewrites the guide; a test fails when it is out of date.
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections.abc import Callable
from typing import Any

from tools.measure_notebooks import BEGIN, END, GUIDE, MEASUREMENTS, ROOT, measured_table

DIAGNOSED = re.compile(
    r"<!-- BEGIN DIAGNOSED (?P<nb>\d\d) -->.*?<!-- END DIAGNOSED (?P=nb) -->", re.DOTALL
)


def wrong_answers() -> list[tuple[str, Callable[..., Any], str]]:
    """Every ``(exercise key, wrong function, expected phrase)`` of the exercise tests."""
    found: list[tuple[str, Callable[..., Any], str]] = []
    for path in sorted((ROOT / "tests").glob("test_exercises_*.py")):
        if path.stem == "test_exercises_generic":  # the generic test collects these lists
            continue
        spec = importlib.util.spec_from_file_location(f"_guide_{path.stem}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for entry in getattr(module, "WRONG", []):
            if len(entry) == 3 and isinstance(entry[0], str):
                found.append((entry[0], entry[1], entry[2]))
    return found


def _describe(function: Callable[..., Any]) -> str:
    """The wrong answer's docstring (first line) if the test wrote one, else its name in words."""
    written_by_the_test = str(getattr(function, "__module__", "")).startswith("_guide_")
    doc = (function.__doc__ or "").strip().splitlines() if written_by_the_test else []
    if doc:
        return doc[0].rstrip(".")
    name = getattr(function, "__qualname__", getattr(function, "__name__", "a function"))
    return f"`{name}`" if "." in name else name.replace("_", " ")


def _hint(message: str) -> str:
    if "Hint:" in message:
        message = message.split("Hint:", 1)[1]
    message = message.replace("The notebook continues with the reference implementation.", "")
    return message.strip().replace("|", "\\|")


def diagnosed_table(notebook: str, entries: list[tuple[str, Callable[..., Any], str]]) -> str:
    """The Markdown table of the wrong answers of one notebook (``"04"``) and their verdicts."""
    import numpy as np

    from helpers.exercises import EXERCISES, checks, evaluate_exercise

    number = str(int(notebook))
    rows = ["| exercise | the wrong answer | what the check tells the learner |", "|---|---|---|"]
    quiet = checks._report
    checks._report = lambda verdict: verdict
    try:
        for key, function, _ in entries:
            if key.split(".")[0] != number:
                continue
            with np.errstate(all="ignore"):
                verdict = evaluate_exercise(key, function)
            title = EXERCISES[key].title
            rows.append(f"| {title} | {_describe(function)} | {_hint(verdict.message)} |")
    finally:
        checks._report = quiet
    if len(rows) == 2:
        return "*(No exercise of this notebook has tested wrong answers.)*"
    return "\n".join(rows)


def render(text: str) -> str:
    """``text`` (the guide) with every generated part rewritten."""
    entries = wrong_answers()
    text = DIAGNOSED.sub(
        lambda m: (
            f"<!-- BEGIN DIAGNOSED {m['nb']} -->\n{diagnosed_table(m['nb'], entries)}\n"
            f"<!-- END DIAGNOSED {m['nb']} -->"
        ),
        text,
    )
    if BEGIN in text and MEASUREMENTS.exists():
        data = json.loads(MEASUREMENTS.read_text(encoding="utf-8"))
        head, rest = text.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        text = f"{head}{BEGIN}\n{measured_table(data)}\n{END}{tail}"
    return text


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m tools.teacher_guide`` rewrites classroom/GUIDE.md."""
    GUIDE.write_text(render(GUIDE.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"Wrote {GUIDE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
