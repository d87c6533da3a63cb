"""Helpers for the *Embeddings from scratch* course.

Every reusable piece of the course lives here, one module per idea; notebooks import from the
modules, e.g. ``from helpers.vectors.wordvectors import WordVectors``. Start every notebook with
:func:`setup`.
"""

from helpers.notebook import SEED, setup

__all__ = ["SEED", "setup"]
