"""Strict nbval with figures compared within a tolerance no reader can see, also when a run names
only notebooks (tests/conftest.py is not loaded then). See tools/figure_compare.py."""

from tools.figure_compare import install_nbval_figure_tolerance

install_nbval_figure_tolerance()
