"""The words around the numbers, NL and EN: statement labels, viewpoint names and accounts,
free-choice themes and data-quality notes.

Pure Python (no Flask, no database): facts are computed from a stored analysis result
(``QAnalysis.as_dict()``) and rendered by functions that take a gettext-style ``translate``
callable, so the web app (``flask_babel.gettext``) and the command line
(:func:`qsort.narrative.catalogue.translator`) share one message catalogue.
"""
