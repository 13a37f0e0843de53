"""Errors the analysis raises: each message says what is wrong and, where it helps, what to do."""


class AnalysisError(ValueError):
    """Input or settings the analysis cannot work with.

    ``sort_index`` names the offending Q-sort (0-based, input order) when one sort is to blame, so a
    caller that knows file lines can point the user to it.
    """

    def __init__(self, message: str, *, sort_index: int | None = None) -> None:
        super().__init__(message)
        self.sort_index = sort_index


class ConvergenceError(AnalysisError):
    """An iterative step (centroid reflection or communality iteration) did not settle."""


class QmethodRefusal(AnalysisError):
    """qmethod 1.8.4 stops on this case; with the ``qsort`` conventions the analysis goes on.

    ``code`` names the case (``"single_centroid"``, ``"empty_factor"``, ``"unscored"``) and
    ``factors`` the factors concerned (1-based), so a report can word it in its own language.
    """

    def __init__(self, message: str, *, code: str = "", factors: tuple[int, ...] = ()) -> None:
        super().__init__(message)
        self.code = code
        self.factors = factors
