"""The data this project writes itself, installed as the package ``helpers.data``.

pyproject.toml maps this folder to ``helpers.data``, so the same files are read with
``importlib.resources.files("helpers.data")`` from a clone (editable install) and from a wheel.
Built caches do not live here: they go to the user cache folder (see ``helpers.datafiles``).
The one exception to "written by this project" is ``thirdparty/``: third-party files shipped
unchanged, with their own licences (``thirdparty/README.md``, ``LICENSE-CONTENT.md``).
"""
