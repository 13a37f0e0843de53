"""Benchmark of the whole analysis: seconds and peak memory, 24 statements, 3 factors.

Run: ``python benchmarks/analysis.py`` (add ``--quick`` to skip the 100 000-sort case).
Targets on a 2-core machine: PCA 10 000 sorts < 1 s; 100 000 sorts < 10 s with peak memory
< 1 GB; centroid 10 000 sorts < 5 s. Each case runs in a fresh process so peak memory is its own;
the time (an untraced run) covers ``analyse()`` end to end (validation, extraction, rotation, flags, scores,
characteristics, distinguishing/consensus, rankings, factor-count aids) and ``as_dict()``;
peak memory is the process's maximum resident set and, from a second traced run, the peak of
Python and NumPy allocations.
"""

import argparse
import json
import resource
import subprocess
import sys
import time
import tracemalloc

import numpy as np

GRID = np.repeat(np.arange(-4, 5), [1, 2, 3, 4, 4, 4, 3, 2, 1])
CASES = [
    ("pca", 1_000),
    ("pca", 10_000),
    ("pca", 100_000),
    ("centroid", 1_000),
    ("centroid", 10_000),
]
TARGETS = {("pca", 10_000): 1.0, ("pca", 100_000): 10.0, ("centroid", 10_000): 5.0}


def planted_sorts(n_sorts: int, seed: int = 2019) -> np.ndarray:
    """Sorts from three planted viewpoints plus noise, dealt onto the clinic grid."""
    rng = np.random.default_rng(seed)
    views = rng.standard_normal((3, GRID.size))
    scores = views[rng.integers(3, size=n_sorts)] + rng.standard_normal((n_sorts, GRID.size))
    sorts = np.empty(scores.shape, dtype=np.int64)
    np.put_along_axis(sorts, np.argsort(scores, axis=1), GRID[None, :], axis=1)
    return sorts


def run_case(method: str, n_sorts: int) -> dict:
    from qsort.analysis import analyse

    sorts = planted_sorts(n_sorts)
    analyse(planted_sorts(50), 3, method=method)  # import and warm-up outside the timing
    start = time.perf_counter()
    result = analyse(sorts, 3, method=method)
    result.as_dict()
    seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    tracemalloc.start()  # second, traced pass: tracing slows allocation, so it is not timed
    analyse(sorts, 3, method=method).as_dict()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"method": method, "n_sorts": n_sorts, "seconds": seconds, "peak_alloc": peak, "max_rss": rss,
            "n_defining": result.n_defining.tolist()}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 100 000-sort case")
    parser.add_argument("--case", nargs=2, metavar=("METHOD", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case[0], int(args.case[1]))))
        return
    print(f"{'method':<9}{'sorts':>9}{'seconds':>10}{'peak alloc':>12}{'max RSS':>10}  target")
    for method, n_sorts in CASES:
        if args.quick and n_sorts > 10_000:
            continue
        out = subprocess.run([sys.executable, __file__, "--case", method, str(n_sorts)],
                             capture_output=True, text=True, check=True).stdout  # fmt: skip
        r = json.loads(out)
        target = TARGETS.get((method, n_sorts))
        verdict = (
            ""
            if target is None
            else f"< {target:g} s {'met' if r['seconds'] < target else 'MISSED'}"
        )
        print(f"{method:<9}{n_sorts:>9}{r['seconds']:>10.3f}{r['peak_alloc'] / 2**20:>10.0f}MB"
              f"{r['max_rss'] / 2**20:>8.0f}MB  {verdict}")  # fmt: skip


if __name__ == "__main__":
    main()
