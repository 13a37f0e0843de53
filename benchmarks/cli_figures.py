"""Issue 18's figures for ``benchmarks/analysis.py``: ``qsort analyse`` end to end as a user runs
it, and the analysis in process against R qmethod's recorded time.

- **CLI**: ``qsort analyse sorts.csv --factors 3 --json out.json`` on 100 and 100 000 planted
  sorts (24 statements), each run a fresh process: wall time and the process's peak resident
  memory (``wait4``'s ``ru_maxrss``), median of several runs. Byte-code is cached in a temporary
  folder first (``PYTHONPYCACHEPREFIX``), as for an installed package; the environment may say
  not to write it (``PYTHONDONTWRITEBYTECODE``), and then every run would compile qsort anew.
  Targets: 0.5 s and 3 s.
- **Phases** at 100 000 sorts, in process: reading the CSV, the analysis, the document with its
  words, the JSON and the printed tables. Every measurement, and the writing of each study,
  runs in a process of its own: the peak RSS a child reports starts at its parent's.
- **Ratio**: ``analyse()`` with its defaults (parallel analysis and the interpretation steps
  included) on 1 000 planted sorts in a fresh process, median of 21 runs after a warm-up,
  against qmethod 1.8.4's 7.46 s for the same size measured on this machine (issue 18).
  Target: at least 300 times faster.
"""

import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QMETHOD_SECONDS_1000 = 7.46
RATIO_TARGET = 300
CLI_TARGETS = {100: 0.5, 100_000: 3.0}
CLI_REPEATS = {100: 7, 100_000: 3}
RATIO_REPEATS = 21


def write_study(path: Path, sorts) -> Path:
    """A Q-sort CSV of ``sorts`` (participant, S01..S24)."""
    header = "participant," + ",".join(f"S{j + 1:02d}" for j in range(sorts.shape[1]))
    rows = [f"p{i + 1}," + ",".join(map(str, row)) for i, row in enumerate(sorts.tolist())]
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def _environment(cache: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = cache
    return env


def _timed_run(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (bytes) of one run of ``command``."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    error = process.stderr.read().decode()
    process.stderr.close()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {error}")
    return seconds, usage.ru_maxrss * 1024


def cli_figures(script: str, sizes) -> list[dict]:
    """Median wall time and peak RSS of ``qsort analyse --json`` for each size (the study is
    written by a helper process: this one stays small, see the module)."""
    figures = []
    with tempfile.TemporaryDirectory() as folder:
        env = _environment(str(Path(folder) / "pycache"))
        for n_sorts in sizes:
            study = Path(folder) / f"sorts{n_sorts}.csv"
            subprocess.run([sys.executable, script, "--write-study", str(n_sorts), str(study)],
                           check=True)  # fmt: skip
            command = [sys.executable, "-m", "qsort.cli", "analyse", str(study), "--factors",
                       "3", "--json", str(Path(folder) / "out.json")]  # fmt: skip
            _timed_run(command, env)  # writes the byte-code cache
            runs = [_timed_run(command, env) for _ in range(CLI_REPEATS[n_sorts])]
            figures.append({"n_sorts": n_sorts, "seconds": statistics.median(r[0] for r in runs),
                            "best": min(r[0] for r in runs),
                            "max_rss": max(r[1] for r in runs)})  # fmt: skip
    return figures


def phase_figures(planted_sorts, n_sorts: int) -> dict[str, float]:
    """Seconds of each phase of ``qsort analyse --json`` in process (imports done first)."""
    import contextlib
    import io

    from qsort.analysis import analyse
    from qsort.cli.analyse import _texts, _write_json
    from qsort.cli.inputs import read_study
    from qsort.cli.tables import render_report
    from qsort.narrative.document import describe

    with tempfile.TemporaryDirectory() as folder:
        study = write_study(Path(folder) / "sorts.csv", planted_sorts(n_sorts))
        marks = [time.perf_counter()]
        table = read_study(str(study))
        marks.append(time.perf_counter())
        result = analyse(table.values, 3, participants=list(table.participants),
                         statements=list(table.statements))  # fmt: skip
        marks.append(time.perf_counter())
        document = result.as_dict(arrays=True)
        document.update(describe(document, _texts(table)))
        marks.append(time.perf_counter())
        with contextlib.redirect_stdout(io.StringIO()):
            _write_json(document, str(Path(folder) / "out.json"))
            marks.append(time.perf_counter())
            print(render_report(result, {}))
        marks.append(time.perf_counter())
    names = ("read the CSV", "analyse", "document and words", "write JSON", "print tables")
    return dict(zip(names, (b - a for a, b in itertools.pairwise(marks)), strict=True))


def ratio_case(planted_sorts) -> dict:
    """``analyse()`` with its defaults on 1 000 sorts: median wall and CPU seconds."""
    from qsort.analysis import analyse

    sorts = planted_sorts(1_000)
    analyse(planted_sorts(1_000, seed=7), 3)  # imports, first-call set-up
    walls, cpus = [], []
    for _ in range(RATIO_REPEATS):
        wall, cpu = time.perf_counter(), time.process_time()
        analyse(sorts, 3)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return {"seconds": statistics.median(walls), "best": min(walls),
            "cpu": statistics.median(cpus)}  # fmt: skip


def print_issue_18(script: str, quick: bool) -> None:
    """All of issue 18's figures, with the machine's load."""
    load = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    print(f"Issue 18 targets ({os.cpu_count()} cores, load average {load})")
    out = subprocess.run([sys.executable, script, "--ratio-case"], capture_output=True,
                         text=True, check=True).stdout  # fmt: skip
    r = json.loads(out)
    ratio = QMETHOD_SECONDS_1000 / r["seconds"]
    print(f"  analyse(), 1 000 sorts, in process: {r['seconds'] * 1e3:.1f} ms median "
          f"(best {r['best'] * 1e3:.1f} ms, CPU {r['cpu'] * 1e3:.1f} ms) = {ratio:.0f} x faster "
          f"than qmethod's {QMETHOD_SECONDS_1000} s; target {RATIO_TARGET} x "
          f"{'met' if ratio >= RATIO_TARGET else 'MISSED'}")  # fmt: skip
    sizes = [100] if quick else [100, 100_000]
    for f in cli_figures(script, sizes):
        target = CLI_TARGETS[f["n_sorts"]]
        verdict = "met" if f["seconds"] <= target else "MISSED"
        print(f"  qsort analyse --json, {f['n_sorts']:>7} sorts: {f['seconds']:.3f} s median "
              f"(best {f['best']:.3f} s), peak RSS {f['max_rss'] / 2**20:.0f} MB; "
              f"target {target:g} s {verdict}")  # fmt: skip
    if not quick:  # in its own process: a child's peak RSS starts at its parent's
        out = subprocess.run([sys.executable, script, "--phases-case", "100000"],
                             capture_output=True, text=True, check=True).stdout  # fmt: skip
        print("  where the time of 100 000 sorts goes (in process): " + ", ".join(
            f"{name} {seconds:.3f} s" for name, seconds in json.loads(out).items()))  # fmt: skip
