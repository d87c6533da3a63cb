"""Small widgets to explore word vectors: nearest neighbours and analogies.

Each explorer is a box of ipywidgets controls plus one ``widgets.HTML`` that shows the answer
(a table of words and scores). The answer is computed by plain functions,
:func:`neighbours_html` and :func:`analogy_html`, which can also be called directly (and are
what the tests check). An unknown word never raises inside a widget: the answer says that
the word is not in the vocabulary and suggests close matches.

Examples
--------
>>> import numpy as np
>>> from helpers.vectors.wordvectors import WordVectors
>>> wv = WordVectors(["king", "queen", "man", "woman"],
...                  np.array([[1, 1, 0], [1, 0, 1], [0, 1, 0], [0, 0, 1]], dtype=float))
>>> "queen" in analogy_html(wv, "man", "king", "woman")
True
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as widgets

from helpers.vectors.wordvectors import UnknownWordError, WordVectors
from helpers.widgettext import course_box

__all__ = [
    "analogy_explorer",
    "analogy_html",
    "neighbour_explorer",
    "neighbours_html",
    "results_table_html",
]

METHOD_LABELS: dict[str, str] = {"3CosAdd": "3cosadd", "3CosMul": "3cosmul"}


def results_table_html(
    rows: Sequence[tuple[str, float]], score_name: str, marked: Sequence[str] = ()
) -> str:
    """An HTML table of ``(word, score)`` rows with a rank column and a bar per score.

    Words in ``marked`` are shown in bold with a note (used for input words of an analogy).

    Examples
    --------
    >>> '"padding:3px 10px;text-align:right">2</td>' in results_table_html([("a", 0.9), ("b", 0.5)], "cosine")
    True
    """
    best = max((abs(s) for _, s in rows), default=1.0) or 1.0
    cell = 'style="padding:3px 10px;text-align:{}"'
    lines = [
        '<table class="course-table" style="border-collapse:collapse;font-family:sans-serif">',
        f"<tr><th {cell.format('right')}>#</th><th {cell.format('left')}>word</th>"
        f"<th {cell.format('right')}>{html.escape(score_name)}</th><th></th></tr>",
    ]
    for rank, (word, score) in enumerate(rows, start=1):
        width = round(120 * max(score, 0.0) / best)
        name = html.escape(word)
        if word in marked:
            name = f"<b>{name}</b> (an input word)"
        lines.append(
            f"<tr><td {cell.format('right')}>{rank}</td><td {cell.format('left')}>{name}</td>"
            f"<td {cell.format('right')}>{score:.4f}</td>"
            f'<td><div style="background:#0072B2; height:0.8em; width:{width}px"></div></td></tr>'
        )
    lines.append("</table>")
    return "\n".join(lines)


def _message_html(text: str) -> str:
    return f'<p style="color:#D55E00">{html.escape(text, quote=False)}</p>'


def neighbours_html(wv: WordVectors, word: str, k: int = 10) -> str:
    """The ``k`` nearest neighbours of ``word`` by cosine, as an HTML table.

    An empty box or an unknown word gives a one-sentence answer instead (with close matches
    for an unknown word), never an exception.

    Examples
    --------
    >>> import numpy as np
    >>> wv = WordVectors(["cat", "dog", "car"], np.array([[1.0, 0.1], [0.9, 0.2], [0.0, 1.0]]))
    >>> "dog" in neighbours_html(wv, "cat", k=1)
    True
    >>> print(neighbours_html(wv, "cta"))
    <p style="color:#D55E00">'cta' is not in the vocabulary (3 words); did you mean 'cat' or 'car'?</p>
    """
    word = word.strip()
    if not word:
        return _message_html("Type a word, then press the button.")
    try:
        rows = wv.most_similar(word, k=min(int(k), len(wv) - 1))
    except UnknownWordError as error:
        return _message_html(str(error))
    title = f"<p>The {len(rows)} nearest neighbours of <b>{html.escape(word)}</b>:</p>"
    return title + results_table_html(rows, "cosine")


def analogy_html(
    wv: WordVectors,
    a: str,
    b: str,
    c: str,
    method: str = "3cosadd",
    exclude_inputs: bool = True,
    k: int = 5,
) -> str:
    """The top-``k`` answers of *a : b :: c : ?* as an HTML table (see ``WordVectors.analogy``).

    Examples
    --------
    >>> import numpy as np
    >>> wv = WordVectors(["king", "queen", "man", "woman"],
    ...                  np.array([[1, 1, 0], [1, 0, 1], [0, 1, 0], [0, 0, 1]], dtype=float))
    >>> "an input word" in analogy_html(wv, "man", "king", "woman", exclude_inputs=False)
    True
    """
    words = [w.strip() for w in (a, b, c)]
    if not all(words):
        return _message_html("Fill in all three words.")
    try:
        rows = wv.analogy(
            words[0],
            words[1],
            words[2],
            k=min(k, len(wv)),
            method=method,  # type: ignore[arg-type]
            exclude_inputs=exclude_inputs,
        )
    except UnknownWordError as error:
        return _message_html(str(error))
    label = {"3cosadd": "3CosAdd", "3cosmul": "3CosMul"}.get(method, method)
    x, y, z = (html.escape(w) for w in words)
    title = (
        f"<p><b>{x}</b> is to <b>{y}</b> as <b>{z}</b> is to …? ({label}, input words "
        f"{'excluded' if exclude_inputs else 'allowed'})</p>"
    )
    return title + results_table_html(rows, f"{label} score", marked=words)


def neighbour_explorer(
    wv: WordVectors, word: str = "frog", example: str = "kitten", k: int = 10
) -> widgets.VBox:
    """A text box, a top-k box and a button; the answer table updates when the button is pressed.

    Parameters
    ----------
    wv : WordVectors
        The vectors to query.
    word : str
        The word shown (and answered) at first.
    example : str
        The grey placeholder suggesting another query.
    k : int
        Initial number of neighbours.

    Returns
    -------
    ipywidgets.VBox
        Children: ``[HBox([text, k box, button]), HTML answer]``. Pressing Enter in the text box
        works too.

    Examples
    --------
    >>> import numpy as np
    >>> wv = WordVectors(["cat", "dog", "car"], np.array([[1.0, 0.1], [0.9, 0.2], [0.0, 1.0]]))
    >>> box = neighbour_explorer(wv, word="cat", example="car", k=1)
    >>> text, k_box, button = box.children[0].children
    >>> text.value = "car"; button.click()
    >>> "dog" in box.children[1].value
    True
    """
    text = widgets.Text(value=word, placeholder=example, description="word:")
    k_box = widgets.BoundedIntText(value=k, min=1, max=50, description="top-k:")
    k_box.layout.width = "160px"
    button = widgets.Button(description="Find neighbours", button_style="primary")
    answer = widgets.HTML(neighbours_html(wv, word, k))

    def update(*_: object) -> None:
        answer.value = neighbours_html(wv, text.value, k_box.value)

    button.on_click(update)
    text.continuous_update = False
    text.observe(update, names="value")
    k_box.observe(update, names="value")
    return course_box([widgets.HBox([text, k_box, button]), answer])


def analogy_explorer(
    wv: WordVectors,
    a: str = "man",
    b: str = "king",
    c: str = "woman",
    examples: tuple[str, str, str] = ("france", "paris", "japan"),
    k: int = 5,
) -> widgets.VBox:
    """Three word boxes, a method toggle (3CosAdd/3CosMul) and an exclusion toggle; top-k answers.

    The answer updates when the toggles change, when a box is left or Enter pressed, and when
    the button is pressed.

    Returns
    -------
    ipywidgets.VBox
        Children: ``[HBox([method, exclusion]), HBox([a, b, c, button]), HTML answer]``.

    Examples
    --------
    >>> import numpy as np
    >>> wv = WordVectors(["king", "queen", "man", "woman"],
    ...                  np.array([[1, 1, 0], [1, 0, 1], [0, 1, 0], [0, 0, 1]], dtype=float))
    >>> box = analogy_explorer(wv, k=2)
    >>> method, exclusion = box.children[0].children
    >>> exclusion.value = "allowed"
    >>> "an input word" in box.children[2].value
    True
    """
    method = widgets.ToggleButtons(options=list(METHOD_LABELS), value="3CosAdd")
    method.style.button_width = "90px"
    exclusion = widgets.ToggleButtons(
        options=["excluded", "allowed"], value="excluded", description="inputs:"
    )
    exclusion.style.button_width = "90px"
    boxes = [
        widgets.Text(value=w, placeholder=e, description=d, continuous_update=False)
        for w, e, d in zip((a, b, c), examples, ("a:", "is to b:", "as c:"), strict=True)
    ]
    for box in boxes:
        box.layout.width = "220px"
    button = widgets.Button(description="Solve", button_style="primary")
    answer = widgets.HTML()

    def update(*_: object) -> None:
        answer.value = analogy_html(
            wv,
            boxes[0].value,
            boxes[1].value,
            boxes[2].value,
            method=METHOD_LABELS[method.value],
            exclude_inputs=exclusion.value == "excluded",
            k=k,
        )

    update()
    button.on_click(update)
    for control in (method, exclusion, *boxes):
        control.observe(update, names="value")
    return course_box([widgets.HBox([method, exclusion]), widgets.HBox([*boxes, button]), answer])
