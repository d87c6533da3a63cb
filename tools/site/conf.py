"""Sphinx configuration of the website edition (``./course site``; see tools/build_site.py)."""

import os

VENDOR = os.environ.get("COURSE_SITE_VENDOR")
if not VENDOR:
    raise RuntimeError(
        "Build the website with ./course site (tools/build_site.py), not sphinx alone."
    )

project = "Embeddings from scratch"
author = "The course authors"
copyright = "the course authors; text CC BY 4.0, code MIT"
extensions = ["myst_nb"]
exclude_patterns = ["_originals", "_vendor", "**.ipynb_checkpoints"]

# myst-nb: show the stored outputs, never execute
nb_execution_mode = "off"
myst_enable_extensions = ["dollarmath", "amsmath"]
# A widget view needs a live kernel: show its stored sentence (text/plain) instead. No widget
# JavaScript from a CDN.
nb_mime_priority_overrides = [("html", "application/vnd.jupyter.widget-view+json", None)]
nb_ipywidgets_js: dict[str, dict[str, str]] = {}
# Notebook headings may skip a level (a "###" under a "#"); that is not an error on a web page.
suppress_warnings = ["myst.header"]

# MathJax 2 from the jupyter-server-mathjax package, copied to _static/mathjax by build_site.py
mathjax_path = "mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full"
mathjax2_config = {
    "tex2jax": {
        "inlineMath": [["\\(", "\\)"]],
        "displayMath": [["\\[", "\\]"]],
        "processRefs": False,
        "processEnvironments": False,
        # myst marks pages "tex2jax_ignore" and the math itself "math" (MathJax 3's classes)
        "ignoreClass": "tex2jax_ignore|mathjax_ignore|document",
        "processClass": "tex2jax_process|mathjax_process|math|output_area",
    },
    "HTML-CSS": {
        # the package ships MathJax's STIX-Web fonts only (as the classic Jupyter notebook used)
        "availableFonts": [],
        "imageFont": None,
        "preferredFont": None,
        "webFont": "STIX-Web",
        # MathJax's blank probe font is url('about:blank'), which Chromium refuses with a
        # console error; a local() source probes the same without a request
        "styles": {"@font-face": {"font-family": "MathJax_Blank", "src": "local('MathJax_Blank')"}},
    },
    "menuSettings": {"zoom": "None"},
    "showMathMenu": False,
}

html_theme = "sphinx_book_theme"
html_title = "Embeddings from scratch"
# the course's own files, and MathJax + plotly.js copied from their packages by build_site.py
html_static_path = ["_static", VENDOR]
html_favicon = "_static/favicon.svg"
html_js_files = ["plotly.min.js", "course-site.js"]
html_css_files = ["course-site.css"]
html_copy_source = False
html_show_sourcelink = False
html_context = {"default_mode": "light"}  # pydata-sphinx-theme logs a console error otherwise
html_theme_options = {
    "use_download_button": False,  # each page links its original .ipynb instead
    "use_fullscreen_button": False,
    "show_toc_level": 2,
    "home_page_in_toc": True,
    "navigation_with_keys": False,
}
