"""qsort: Q-methodology prioritisation workshops.

The package root stays import-light so that ``qsort.analysis`` and the ``qsort`` command line
can be used without loading Flask.
"""

__version__ = "0.1.0"
