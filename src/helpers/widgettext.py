"""What a stored widget says where no kernel runs it (a committed notebook, nbviewer, GitHub).

A notebook file keeps, for every widget, a plain-text fallback that JupyterLab shows until the
notebook is run. By default that text is the widget's Python repr (``VBox(children=(IntSlider(…``),
which reads like a broken install, and a progress bar's text is frozen at 0 %. :func:`install`
(called by :func:`helpers.setup`) replaces it with one sentence: what the widget is and how to use
it, and for a progress bar its final state.
"""

from __future__ import annotations

from typing import Any

__all__ = ["install", "progress_text", "widget_text"]

_installed = False


def widget_text(widget: Any) -> str:
    """The plain-text stand-in for an interactive widget (two lines, each under 100 characters,
    so that no narrow output area wraps it mid-word).

    Examples
    --------
    >>> print(widget_text(object()))
    [An interactive control: it works once the notebook runs in JupyterLab (./course lab).
     The figure or table next to it shows its starting state.]
    """
    return (
        "[An interactive control: it works once the notebook runs in JupyterLab (./course lab).\n"
        " The figure or table next to it shows its starting state.]"
    )


def progress_text(desc: str | None, total: float | None, unit: str = "it") -> str:
    """The plain-text stand-in for a finished progress bar.

    Examples
    --------
    >>> progress_text("SGNS training", 4_900_000, " words")
    'SGNS training: 100 % of 4,900,000 words (a live progress bar while the cell runs)'
    >>> progress_text(None, None)
    'Progress: done (a live progress bar while the cell runs)'
    """
    label = desc or "Progress"
    if not total:
        return f"{label}: done (a live progress bar while the cell runs)"
    amount = f"{int(total):,}" if float(total).is_integer() else f"{total:,.1f}"
    return f"{label}: 100 % of {amount}{unit} (a live progress bar while the cell runs)"


def _stand_in(widget: Any) -> str:
    pbar = getattr(widget, "pbar", None)  # tqdm's notebook bar keeps its bar on the box
    if pbar is not None:
        try:
            return progress_text(pbar.desc, pbar.total, pbar.unit)
        except (AttributeError, ReferenceError, TypeError, ValueError):
            return progress_text(None, None)
    return widget_text(widget)


def install() -> None:
    """Make every widget's stored plain text one readable sentence (idempotent).

    Only the ``text/plain`` part of a widget's display changes; the live widget is untouched.

    Examples
    --------
    >>> install()
    >>> import ipywidgets
    >>> ipywidgets.IntSlider()._repr_mimebundle_()["text/plain"][:27]
    '[An interactive control: it'
    """
    global _installed
    if _installed:
        return
    try:
        from ipywidgets import Widget
    except ImportError:  # widgets are optional outside the course's environment
        return
    original = Widget._repr_mimebundle_

    def _repr_mimebundle_(self: Any, **kwargs: Any) -> Any:
        bundle = original(self, **kwargs)
        if isinstance(bundle, dict) and "text/plain" in bundle:
            bundle["text/plain"] = _stand_in(self)
        return bundle

    Widget._repr_mimebundle_ = _repr_mimebundle_
    _installed = True
