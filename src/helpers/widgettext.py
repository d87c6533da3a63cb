"""What a stored widget says where no kernel runs it (a committed notebook, nbviewer, GitHub).

A notebook file keeps, for every widget, a plain-text fallback that JupyterLab shows until the
notebook is run. By default that text is the widget's Python repr (``VBox(children=(IntSlider(…``),
which reads like a broken install, and a progress bar's text is frozen at 0 %. The course's
widgets replace it with one sentence: what the widget is and how to use
it, and for a progress bar its final state. Only the course's own widgets change: its boxes are
made with :func:`course_box` and its progress bars with :func:`progress_bar`; a learner's widgets
keep ipywidgets' usual text.
"""

from __future__ import annotations

from typing import Any

__all__ = ["course_box", "progress_bar", "progress_text", "widget_text"]


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


def _described(cls: type) -> type:
    """A subclass of widget class ``cls`` whose stored plain text is :func:`_stand_in`'s sentence."""

    def _repr_mimebundle_(self: Any, **kwargs: Any) -> Any:
        bundle = super(described, self)._repr_mimebundle_(**kwargs)  # type: ignore[arg-type]
        if isinstance(bundle, dict) and "text/plain" in bundle:
            bundle["text/plain"] = _stand_in(self)
        return bundle

    described = type(f"Described{cls.__name__}", (cls,), {"_repr_mimebundle_": _repr_mimebundle_})
    return described


def course_box(children: list[Any], *, vertical: bool = True) -> Any:
    """An ``ipywidgets.VBox`` (or ``HBox``) of the course whose stored text is one sentence.

    Only the course's own boxes change; a learner's widgets keep ipywidgets' usual text.

    Examples
    --------
    >>> import ipywidgets
    >>> box = course_box([ipywidgets.IntSlider()])
    >>> box._repr_mimebundle_()["text/plain"][:27]
    '[An interactive control: it'
    >>> ipywidgets.VBox([ipywidgets.IntSlider()])._repr_mimebundle_()["text/plain"][:4]
    'VBox'
    """
    import ipywidgets

    base = ipywidgets.VBox if vertical else ipywidgets.HBox
    return _box_class(base)(children)


_CLASSES: dict[type, type] = {}


def _box_class(base: type) -> type:
    if base not in _CLASSES:
        _CLASSES[base] = _described(base)
    return _CLASSES[base]


def progress_bar(**options: Any) -> Any:
    """A ``tqdm.auto`` progress bar; in a notebook its stored text states its final state.

    Parameters
    ----------
    **options
        ``tqdm``'s keyword arguments (``total``, ``desc``, ``unit``, ...).

    Examples
    --------
    >>> bar = progress_bar(total=3, desc="demo", disable=True)
    >>> bar.update(3); bar.close()
    """
    from tqdm.auto import tqdm

    try:
        from tqdm.notebook import tqdm as notebook_tqdm
    except ImportError:  # no ipywidgets: tqdm.auto is the text bar
        return tqdm(**options)
    if not (isinstance(tqdm, type) and issubclass(tqdm, notebook_tqdm)):
        return tqdm(**options)
    return _notebook_bar_class(notebook_tqdm)(**options)


def _notebook_bar_class(notebook_tqdm: type) -> type:
    if notebook_tqdm not in _CLASSES:

        def status_printer(_: Any, total: Any = None, desc: Any = None, ncols: Any = None) -> Any:
            container = notebook_tqdm.status_printer(_, total, desc, ncols)  # type: ignore[attr-defined]
            container.__class__ = _box_class(type(container))
            return container

        _CLASSES[notebook_tqdm] = type(
            "CourseProgressBar", (notebook_tqdm,), {"status_printer": staticmethod(status_printer)}
        )
    return _CLASSES[notebook_tqdm]
