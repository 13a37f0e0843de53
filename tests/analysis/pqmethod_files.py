"""Reading the numbers PQMethod 2.35 writes (.COR, .UNR, .ROT), for the reproduction tests.

PQMethod's files are fixed-width ASCII with CRLF line ends: two header lines (counts and title,
then the grid), then one line per sort. The .UNR of its Horst 5.5 centroid goes on with the
iterated communality estimates (one line per pass, 7 columns per value, 4 decimals, each followed
by a line with the number of factors and the pass) and the residual correlation matrix.
"""

from pathlib import Path

import numpy as np

from tests.helpers import FIXTURES

STUDIES = Path(__file__).resolve().parents[3] / "shared" / "studies"
UHH = STUDIES / "uhh_keyneson"
#: The small studies both centroids and every varimax are checked on, by name.
SMALL_STUDIES = {
    "lipset": FIXTURES / "lipset" / "sorts.csv",
    "bipolar": FIXTURES / "qmethod" / "bipolar.csv",
    "asym": FIXTURES / "qmethod" / "asym.csv",
    "grid33": FIXTURES / "qmethod" / "grid33.csv",
    "tie": FIXTURES / "pqmethod" / "tie.csv",
}
#: KADE's own results (Horst 5.5 and Brown centroids, varimax of the Horst factors) for them.
KADE_CASES = sorted((FIXTURES / "pqmethod").glob("*-kade-*.json"))


def _lines(path: Path) -> list[str]:
    return path.read_bytes().decode("ascii").split("\r\n")


def _n_sorts(lines: list[str]) -> int:
    return int(lines[0][3:6])


def read_loadings(path: Path) -> np.ndarray:
    """The N x K matrix of a .UNR, .ROT or .COR file (the lines after the two header lines)."""
    lines = _lines(path)
    n = _n_sorts(lines)
    return np.array([[float(v) for v in line.split()] for line in lines[2 : 2 + n]])


def _fixed(line: str, n: int, width: int = 7) -> list[float]:
    return [float(line[i * width : (i + 1) * width]) for i in range(n)]


def read_horst_protocol(path: Path) -> tuple[list[np.ndarray], np.ndarray]:
    """(communality estimates after each pass, residual correlation matrix) of a Horst .UNR."""
    lines = _lines(path)
    n = _n_sorts(lines)
    start = next(i for i, line in enumerate(lines) if line.startswith("HORST 5.5")) + 2
    body = [line for line in lines[start:] if line.strip()]
    series = [np.array(_fixed(line, n)) for line in body[:-n:2]]
    residual = np.array([_fixed(line, n) for line in body[-n:]])
    return series, residual
