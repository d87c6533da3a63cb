"""Points by effort (issue 28 §4): every exercise record states its weight on the scale of
:class:`helpers.exercises.registry.Exercise` (1, 2, 3, 5), and the weights order the work."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from helpers.exercises import EXERCISES
from helpers.exercises.registry import MODULES

ROOT = Path(__file__).resolve().parent.parent
SCALE = {1, 2, 3, 5}


def exercise_calls(module: str) -> list[ast.Call]:
    """Every ``Exercise(...)`` call in the source of an exercise module."""
    path = ROOT / "src" / Path(*module.split(".")).with_suffix(".py")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Exercise"
    ]


@pytest.mark.parametrize("module", sorted(MODULES.values()))
def test_every_record_states_its_points(module: str) -> None:
    calls = exercise_calls(module)
    assert calls, f"{module} registers no exercise"
    for call in calls:
        key = ast.literal_eval(call.args[0])
        given = [k.value for k in call.keywords if k.arg == "points"]
        assert given, f"exercise {key} ({module}) states no points="
        assert ast.literal_eval(given[0]) in SCALE, f"exercise {key}: points not on the scale"


def test_every_registered_exercise_is_on_the_scale() -> None:
    assert all(EXERCISES[key].points in SCALE for key in EXERCISES)


def by_name(name: str) -> int:
    (points,) = [EXERCISES[k].points for k in EXERCISES if EXERCISES[k].name == name]
    return points


def test_a_byte_count_weighs_less_than_a_training_loop() -> None:
    assert by_name("one_hot_bytes") == by_name("one_hot") == 1  # a line or two
    assert by_name("ppmi") == by_name("sgns_loss_and_gradients") == 3  # several steps, a derivation
    assert by_name("train_word2vec") == by_name("als_loop") == 5  # training loops
