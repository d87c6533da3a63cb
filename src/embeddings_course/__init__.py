"""A check that runs before the course's ``helpers`` package is imported.

If a learner saves a file ``helpers.py`` (or a folder ``helpers/``) next to the notebooks, Python
imports it instead of the course's package, and ``from helpers import setup`` fails with a
puzzling "cannot import name 'setup'". The course's own code never runs in that case, so the
check cannot live in ``helpers``: it lives in this separate, tiny module, which every notebook
imports first (``import embeddings_course``). It *finds* ``helpers`` without importing it and,
if what Python would import is not the course's package, stops with one sentence saying which
file to rename.

Examples
--------
>>> check_helpers()  # nothing hides the course's package here
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

__all__ = ["HiddenHelpersError", "check_helpers"]

_PACKAGE = Path(__file__).resolve().parent.parent / "helpers"


class HiddenHelpersError(ImportError):
    """A learner's own ``helpers.py`` or ``helpers/`` hides the course's ``helpers`` package."""


def _shadow(spec_origin: str | None, locations: list[str]) -> Path | None:
    """The file or folder that Python would import as ``helpers`` if it is not the course's."""
    if spec_origin not in (None, "namespace") and Path(spec_origin).resolve().parent == _PACKAGE:
        return None
    if spec_origin not in (None, "namespace"):
        origin = Path(spec_origin)
        return origin.parent if origin.name == "__init__.py" else origin
    folders = [Path(p) for p in locations if Path(p).resolve() != _PACKAGE]
    return folders[0] if folders else None


def check_helpers() -> None:
    """Raise :class:`HiddenHelpersError` if ``import helpers`` would not import the course's package.

    Raises
    ------
    HiddenHelpersError
        Naming the file or folder to rename, e.g. "A file helpers.py in /home/me/course hides
        the course's helpers package: rename it (e.g. my_helpers.py) and restart the kernel."
    """
    loaded = sys.modules.get("helpers")
    if loaded is not None:
        origin, locations = getattr(loaded, "__file__", None), list(getattr(loaded, "__path__", []))
    else:
        spec = importlib.util.find_spec("helpers")
        if spec is None:
            raise HiddenHelpersError(
                "The course's helpers package is not installed: run ./course setup in the course "
                "folder (or pip install -e . in your environment), then restart the kernel."
            )
        origin, locations = spec.origin, list(spec.submodule_search_locations or [])
    shadow = _shadow(origin, locations)
    if shadow is None:
        return
    kind, new = (
        ("A folder", "my_helpers/") if shadow.suffix != ".py" else ("A file", "my_helpers.py")
    )
    raise HiddenHelpersError(
        f"{kind} {shadow.name}{'/' if kind == 'A folder' else ''} in {shadow.parent} hides the "
        f"course's helpers package: rename it (e.g. {new}) and restart the kernel."
    )


check_helpers()
