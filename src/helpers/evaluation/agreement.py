"""Do the vectors agree with people? Model-vs-human plots and tables for word-similarity sets.

A word-similarity benchmark is a list of word pairs scored by people (WordSim-353: how
*related* two words are, so *coffee–cup* scores high; SimLex-999: how *similar*, so *coffee–cup*
scores low and antonyms like *hot–cold* low too). A model scores the same pairs by cosine, and
the agreement is Spearman's rank correlation ρ over the pairs the model covers
(``WordVectors.evaluate_similarity``). This module turns several such reports into one table
(:func:`agreement_table`), one grid of scatter plots (:func:`agreement_figure`) and a list of
the pairs on which model and people disagree most (:func:`largest_disagreements`).

Examples
--------
>>> import numpy as np
>>> from helpers.vectors.wordvectors import WordVectors
>>> wv = WordVectors(["a", "b", "c"], np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]]))
>>> report = wv.evaluate_similarity([("a", "b", 9.0), ("a", "c", 1.0), ("b", "c", 5.0)])
>>> agreement_table({"toy": {"set": report}})
  model dataset  spearman  pairs  covered  coverage
0   toy     set       1.0      3        3       1.0
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots
from scipy.stats import rankdata

from helpers.plots.style import OKABE_ITO, style_figure
from helpers.vectors.wordvectors import SimilarityReport

__all__ = ["agreement_figure", "agreement_table", "largest_disagreements"]

Reports = Mapping[str, Mapping[str, SimilarityReport]]


def agreement_table(reports: Reports) -> pd.DataFrame:
    """One row per (model, dataset): Spearman ρ (3 decimals), pairs, covered pairs, coverage.

    Parameters
    ----------
    reports : dict of str to dict of str to SimilarityReport
        ``reports[model][dataset]``.

    Returns
    -------
    pandas.DataFrame
        Columns ``model, dataset, spearman, pairs, covered, coverage``.
    """
    rows = [
        {
            "model": model,
            "dataset": dataset,
            "spearman": round(float(r.spearman), 3) + 0.0,
            "pairs": r.n_pairs,
            "covered": r.n_covered,
            "coverage": round(float(r.coverage), 3),
        }
        for model, by_set in reports.items()
        for dataset, r in by_set.items()
    ]
    if not rows:
        raise ValueError("agreement_table() needs at least one report.")
    return pd.DataFrame(rows)


def agreement_figure(reports: Reports, title: str, height: int = 680) -> go.Figure:
    """A grid of scatter plots, human score (x) against model cosine (y); one panel per report.

    Rows are datasets (each row's x axis names its dataset), columns are models; each panel's
    title gives the model, ρ and the coverage, all panels share one cosine range (and each row
    one human-score range), and hovering
    a point shows the word pair. Coordinates are rounded to 3 decimals.

    Parameters
    ----------
    reports : dict of str to dict of str to SimilarityReport
        ``reports[model][dataset]``; every model must have the same datasets.
    title : str
        Figure title.
    height : int
        Figure height in pixels.

    Returns
    -------
    plotly.graph_objects.Figure
    """
    models = list(reports)
    if not models:
        raise ValueError("agreement_figure() needs at least one model.")
    datasets = list(reports[models[0]])
    for model in models:
        if list(reports[model]) != datasets:
            raise ValueError(
                f"every model needs the same datasets; {model!r} has {list(reports[model])}, "
                f"expected {datasets}."
            )
    titles = [
        f"<b>{model}</b><br>ρ = {reports[model][dataset].spearman:.3f} · "
        f"{reports[model][dataset].coverage:.0%} of pairs covered"
        for dataset in datasets
        for model in models
    ]
    fig = make_subplots(
        rows=len(datasets),
        cols=len(models),
        subplot_titles=titles,
        shared_yaxes="all",
        horizontal_spacing=0.04,
        vertical_spacing=0.2,
    )
    for i, dataset in enumerate(datasets, start=1):
        for j, model in enumerate(models, start=1):
            r = reports[model][dataset]
            fig.add_trace(
                go.Scatter(
                    x=np.round(r.human_scores, 3),
                    y=np.round(r.model_scores, 3) + 0.0,
                    mode="markers",
                    marker={
                        "size": 4,
                        "color": OKABE_ITO[(j - 1) % len(OKABE_ITO)],
                        "opacity": 0.6,
                    },
                    text=[f"{a} – {b}" for a, b in r.pairs],
                    hovertemplate="%{text}<br>human %{x}<br>cosine %{y}<extra></extra>",
                    name=f"{model} · {dataset}",
                    showlegend=False,
                ),
                row=i,
                col=j,
            )
    style_figure(fig, title, f"human score ({datasets[0]})", "model cosine", height=height)
    for i, dataset in enumerate(datasets, start=1):  # each row's own axis titles and x range
        scores = np.concatenate([reports[m][dataset].human_scores for m in models])
        pad = 0.04 * float(np.ptp(scores)) if len(scores) else 0.5
        x_range = [float(scores.min()) - pad, float(scores.max()) + pad] if len(scores) else None
        for j in range(1, len(models) + 1):
            fig.update_xaxes(title_text=f"human score ({dataset})", range=x_range, row=i, col=j)
            fig.update_yaxes(title_text="model cosine" if j == 1 else "", row=i, col=j)
    fig.update_annotations(font_size=11)
    fig.update_layout(margin={"t": 110})
    return fig


def largest_disagreements(report: SimilarityReport, n: int = 5) -> pd.DataFrame:
    """The pairs ranked most differently by the model and by people.

    Both scores are turned into percentile ranks (0 = lowest pair, 1 = highest); the pairs
    with the largest gap are returned, ``model rank − human rank`` positive when the model
    rates the pair higher than people do.

    Returns
    -------
    pandas.DataFrame
        Columns ``pair, human, cosine, human rank, model rank, gap`` (rounded), largest
        absolute gap first.

    Examples
    --------
    >>> import numpy as np
    >>> from helpers.vectors.wordvectors import WordVectors
    >>> wv = WordVectors(["a", "b", "c"], np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]]))
    >>> r = wv.evaluate_similarity([("a", "b", 1.0), ("a", "c", 9.0), ("b", "c", 5.0)])
    >>> largest_disagreements(r, n=1)["pair"].tolist()
    ['a – b']
    """
    if r_size := len(report.pairs):
        human = (rankdata(report.human_scores) - 1) / max(r_size - 1, 1)
        model = (rankdata(report.model_scores) - 1) / max(r_size - 1, 1)
    else:
        raise ValueError("the report covers no pairs.")
    gap = model - human
    order = np.lexsort((np.arange(r_size), -np.abs(np.round(gap, 9))))[:n]
    return pd.DataFrame(
        {
            "pair": [f"{report.pairs[i][0]} – {report.pairs[i][1]}" for i in order],
            "human": np.round(report.human_scores[order], 2),
            "cosine": np.round(report.model_scores[order], 3) + 0.0,
            "human rank": np.round(human[order], 2),
            "model rank": np.round(model[order], 2),
            "gap": np.round(gap[order], 2) + 0.0,
        }
    )
