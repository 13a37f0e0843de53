"""``python -m qsort.cli``: the ``qsort`` command (e.g. under ``python -X importtime``)."""

import sys

from qsort.cli import main

sys.exit(main())
