"""Benchmark of the whole analysis: seconds and peak memory, 24 statements, 3 factors.

Run: ``python benchmarks/analysis.py`` (add ``--quick`` to skip the 100 000-sort cases). It
prints issue 18's figures first (:mod:`cli_figures`): ``qsort analyse --json`` end to end on 100
and 100 000 sorts (wall time and peak RSS of fresh processes, against 0.5 s and 3 s), where the
time of 100 000 goes, and ``analyse()`` on 1 000 sorts against R qmethod's recorded 7.46 s
(target: 300 times faster). Then the analysis alone: targets on a 2-core machine PCA 10 000
sorts < 1 s; 100 000 sorts < 10 s with peak memory < 1 GB; centroid 10 000 sorts < 5 s. Each case
runs in a fresh process so peak memory is its own; the time (an untraced run) covers
``analyse()`` end to end (validation, extraction, rotation, flags, scores, characteristics,
distinguishing/consensus, rankings, factor-count aids) and ``as_dict()``; peak memory is the
process's maximum resident set and, from a second traced run, the peak of Python and NumPy
allocations. ``--added-cost`` prints what the interpretation steps (priorities with Kendall's W,
crib sheets, data-quality notes, viewpoint checks, named viewpoints and accounts in NL and EN)
add at 100, 1 000 and 100 000 sorts. The machine's load average is printed with the figures:
on a shared machine they are indicative only.
"""

import argparse
import json
import pathlib
import resource
import subprocess
import sys
import time
import tracemalloc

import numpy as np
from cli_figures import cli_figures, phase_figures, print_issue_18, ratio_case, write_study
from timing import best_of

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


def added_cost(n_sorts: int) -> dict:
    """Seconds of each interpretation step on planted sorts (best of a few runs), and the peak
    of Python and NumPy allocations of the priorities."""
    from qsort.analysis import analyse
    from qsort.analysis.crib_sheets import crib_sheets
    from qsort.analysis.priorities import priorities
    from qsort.analysis.quality import quality_notes
    from qsort.narrative.document import describe

    sorts = planted_sorts(n_sorts)
    statements = [f"S{j + 1:02d}" for j in range(GRID.size)]
    groups = [f"team {i % 5}" for i in range(n_sorts)]
    result = analyse(sorts, 3, statements=statements, groups=groups)
    document = result.as_dict()
    texts = {
        lang: {s: f"Statement {s} about topic {s}" for s in statements} for lang in ("nl", "en")
    }
    repeats = 1 if n_sorts > 10_000 else 5
    figures = {
        "priorities": best_of(repeats, lambda: priorities(sorts, statements, groups=groups)),
        "crib sheets": best_of(repeats, lambda: crib_sheets(
            result.z_scores, result.factor_arrays, sorts[0], statements, result.distinguishing,
            result.consensus)),
        "quality notes": best_of(repeats, lambda: quality_notes(
            sorts, result.flags, result.participants, correlation=result.correlation)),
        "words (NL+EN)": best_of(repeats, lambda: describe(document, texts)),
        "as_dict (new keys)": best_of(repeats, result._interpretation_dict),
        "analyse() difference": best_of(repeats, lambda: _run(sorts, True, groups))
        - best_of(repeats, lambda: _run(sorts, False, None)),
    }  # fmt: skip
    tracemalloc.start()
    priorities(sorts, statements, groups=groups)
    figures["priorities peak MB"] = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return figures


def _run(sorts, with_interpretation: bool, groups):
    """The whole analysis (factor-count aids included) with or without the new steps."""
    from qsort.analysis import AnalysisOptions, run_analysis

    return run_analysis(
        sorts, AnalysisOptions(n_factors=3), groups=groups, with_interpretation=with_interpretation
    )


def import_cost() -> float:
    """Seconds to import the new modules once the analysis package is loaded (best of 5)."""
    code = (
        "import time, qsort.analysis.pipeline, qsort.presets; t = time.perf_counter(); "
        "import qsort.narrative.document, qsort.narrative.answer_groups; "
        "print(time.perf_counter() - t)"
    )
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True).stdout) for _ in range(5)]  # fmt: skip
    return min(runs)


def print_added_cost() -> None:
    print(f"{'step':<22}{'100 sorts':>12}{'1 000':>12}{'100 000':>12}")
    columns = [added_cost(n) for n in (100, 1_000, 100_000)]
    for step in columns[0]:
        unit = "" if step.endswith("MB") else " s"
        cells = "".join(f"{c[step]:>10.4f}{unit:<2}" for c in columns)
        print(f"{step:<22}{cells}")
    print(f"importing the narrative modules (once per command): {import_cost():.4f} s")
    seconds = cli_figures(__file__, [100])[0]["seconds"]
    print(f"qsort analyse --json, 100 sorts, end to end: {seconds:.3f} s (target 0.5 s, issue 18)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 100 000-sort case")
    parser.add_argument(
        "--added-cost", action="store_true", help="cost of the interpretation steps"
    )
    parser.add_argument("--case", nargs=2, metavar=("METHOD", "N"), help=argparse.SUPPRESS)
    parser.add_argument("--ratio-case", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--phases-case", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--write-study", nargs=2, metavar=("N", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.added_cost:
        print_added_cost()
        return
    if args.case:
        print(json.dumps(run_case(args.case[0], int(args.case[1]))))
        return
    if args.ratio_case:
        print(json.dumps(ratio_case(planted_sorts)))
        return
    if args.write_study:
        write_study(pathlib.Path(args.write_study[1]), planted_sorts(int(args.write_study[0])))
        return
    if args.phases_case:
        print(json.dumps(phase_figures(planted_sorts, args.phases_case)))
        return
    print_issue_18(__file__, args.quick)
    print()
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
