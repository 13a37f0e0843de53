"""The analysis runs its linear algebra on one BLAS thread.

Every matrix of a Q analysis is thin (M statements wide, or M x M), so a second BLAS thread has
little to share and much to wait for: on a busy machine (a laptop serving a clinic, a server
with several workers) the threads of one analysis wait for each other's turn on the cores, and
an analysis of 1 000 sorts took twice the time (issue 18). With one thread the numbers are also
the same on every number of cores. The limit holds while an analysis runs and is lifted after;
``threadpoolctl`` finds the BLAS that NumPy loaded (OpenBLAS, MKL, BLIS, Accelerate).
"""

from collections.abc import Callable
from functools import cache, wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@cache
def _controller():
    from threadpoolctl import ThreadpoolController  # inspects the loaded libraries once

    return ThreadpoolController()


def one_blas_thread(function: Callable[P, R]) -> Callable[P, R]:
    """Run ``function`` with NumPy's BLAS limited to one thread.

    Parameters
    ----------
    function : callable
        The function to wrap (a decorator).

    Returns
    -------
    callable
        ``function`` with the same signature, run under the limit.
    """

    @wraps(function)
    def limited(*args: P.args, **kwargs: P.kwargs) -> R:
        with _controller().limit(limits=1, user_api="blas"):
            return function(*args, **kwargs)

    return limited
