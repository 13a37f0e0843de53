"""What the room sees after the reveal: overall top five and each viewpoint's top statements.

Only aggregates from the clinic's latest stored run: never a name or an individual sort.
"""

from dataclasses import dataclass

from flask_babel import get_locale

from qsort.models import Clinic
from qsort.services import analysis_run
from qsort.services.viewpoint_names import viewpoint_names

VIEWPOINT_TOP = 3


@dataclass(frozen=True)
class ShownStatement:
    code: str
    text: str


@dataclass(frozen=True)
class Viewpoint:
    number: int
    size: int  # how many sorts define it
    top: list[ShownStatement]
    name: str = ""  # edited or generated (qsort.services.viewpoint_names)


@dataclass(frozen=True)
class Reveal:
    top_five: list[ShownStatement]
    viewpoints: list[Viewpoint]
    n_sorts: int


def statement_texts(clinic: Clinic) -> dict[str, str]:
    lang = str(get_locale() or "en")
    return {s.code: s.text(lang) for s in clinic.statements}


def reveal_summary(clinic: Clinic) -> Reveal | None:
    run = analysis_run.latest_run(clinic)
    if run is None or not run.result:
        return None
    texts = statement_texts(clinic)
    result = run.result
    names = viewpoint_names(result, str(get_locale() or "en"))

    def shown(entries: list[dict], n: int) -> list[ShownStatement]:
        return [ShownStatement(e["statement"], texts.get(e["statement"], "")) for e in entries[:n]]

    viewpoints = [
        Viewpoint(
            int(f),
            int(result["n_defining"][int(f) - 1]),
            shown(entries, VIEWPOINT_TOP),
            names.get(int(f), ""),
        )
        for f, entries in result["ranking"]["factors"].items()
        if entries
    ]
    return Reveal(shown(result["ranking"]["overall"], 5), viewpoints, int(result["n_sorts"]))
