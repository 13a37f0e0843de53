"""Errors the analysis raises: each says what is wrong and, where it helps, what to do.

Every error is a :class:`~qsort.domain.problems.ProblemError`: an ``analysis.*`` code of
:mod:`qsort.messages` with language-neutral values (numbers, names, column values, lists of
them), so the command line prints the English text (``str()``) and a page words the same
problem in the reader's language.
"""

from typing import Any

from qsort.domain.problems import ProblemError


class AnalysisError(ProblemError):
    """Input or settings the analysis cannot work with.

    ``sort_index`` names the offending Q-sort (0-based, input order) when one sort is to blame, so a
    caller that knows file lines can point the user to it.

    Examples
    --------
    >>> str(AnalysisError("analysis.too_few_sorts", sorts=2, min=3))
    'Q-sort input: 2 sort(s) given; a by-person factor analysis needs at least 3'
    """

    def __init__(self, code: str, /, *, sort_index: int | None = None, **values: Any) -> None:
        super().__init__(code, **values)
        self.sort_index = sort_index

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword arguments do not survive ValueError's default pickling.
        values = dict(self.problem.values)
        return (_rebuild, (type(self), self.problem.code, values, self.sort_index))


def _rebuild(
    kind: type[AnalysisError], code: str, values: dict[str, Any], sort_index: int | None
) -> AnalysisError:
    return kind(code, sort_index=sort_index, **values)


class ConvergenceError(AnalysisError):
    """An iterative step (centroid reflection or communality iteration) did not settle."""


class QmethodRefusal(AnalysisError):
    """qmethod 1.8.4 stops on this case; with the ``qsort`` conventions the analysis goes on.

    Its code is ``analysis.qmethod_<case>``: :attr:`case` names the case (``"single_centroid"``,
    ``"empty_factor"``, ``"unscored"``) and :attr:`factors` the factors concerned (1-based,
    the value ``factors`` of its text), so a report can word it in its own language.
    """

    PREFIX = "analysis.qmethod_"

    @classmethod
    def of_case(cls, case: str, factors: tuple[int, ...] = ()) -> "QmethodRefusal":
        """The refusal of ``case`` (as :attr:`case` names it, e.g. read back from a stored run)."""
        return cls(cls.PREFIX + case, **({"factors": tuple(factors)} if factors else {}))

    @property
    def case(self) -> str:
        return self.code.removeprefix(self.PREFIX)

    @property
    def factors(self) -> tuple[int, ...]:
        return tuple(self.problem.values.get("factors", ()))
