"""What the room sees after the reveal, one presenter step at a time.

Only aggregates from the clinic's latest stored run, and texts the facilitator approved:
never a name or an individual sort. Viewpoint names and gists are the run's ``viewpoints``
(:func:`qsort.narrative.document.describe`).
"""

from dataclasses import dataclass, field

from flask_babel import gettext as _

from qsort.extensions import current_language
from qsort.models import Clinic
from qsort.presentation import TOP, run_model
from qsort.reports.rounds import RoundsSummary
from qsort.services import analysis_run, moderation, presenter
from qsort.services.free_choice import shown_themes
from qsort.services.rounds import rounds_summary
from qsort.services.viewpoint_names import viewpoint_names

VIEWPOINT_TOP = 3
#: A group is shown on the projector only with at least this many sorts, so that nobody's own
#: sort can be read from it; smaller groups are left out, and the screen says so.
MIN_GROUP_SORTS = 3
GROUP_TOP = 5
GIST_SENTENCES = 3
ROOM_ITEMS = 5


@dataclass(frozen=True)
class ShownStatement:
    code: str
    text: str


@dataclass(frozen=True)
class Viewpoint:
    number: int
    size: int  # how many sorts define it
    top: list[ShownStatement]
    name: str = ""
    gist: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Reveal:
    top_five: list[ShownStatement]
    viewpoints: list[Viewpoint]
    n_sorts: int
    consensus: list[ShownStatement] = field(default_factory=list)
    dividing: list[ShownStatement] = field(default_factory=list)


@dataclass(frozen=True)
class GroupTop:
    label: str
    n_sorts: int
    top: list[ShownStatement]


@dataclass(frozen=True)
class GroupsShown:
    shown: list[GroupTop]
    left_out_groups: int  # groups under MIN_GROUP_SORTS sorts (never named on the projector)
    left_out_sorts: int
    min_sorts: int = MIN_GROUP_SORTS


@dataclass(frozen=True)
class Step:
    index: int
    count: int
    key: str
    reveal: Reveal
    viewpoint: Viewpoint | None = None
    themes: list = field(default_factory=list)
    comments: list[tuple[str, str]] = field(default_factory=list)  # (statement text, comment)
    rounds: RoundsSummary | None = None  # never with names: the projector shows no one
    groups: GroupsShown | None = None


def statement_texts(clinic: Clinic) -> dict[str, str]:
    lang = current_language()
    return {s.code: s.text(lang) for s in clinic.statements}


def reveal_summary(clinic: Clinic) -> Reveal | None:
    run = analysis_run.latest_run(clinic)
    if run is None or not run.result:
        return None
    texts = statement_texts(clinic)
    result = run.result
    model = run_model(result)

    def shown(codes: list[str], n: int) -> list[ShownStatement]:
        return [ShownStatement(c, texts.get(c, "")) for c in codes[:n]]

    words = {v["factor"]: v for v in result.get("viewpoints", [])}
    lang = current_language()
    names = viewpoint_names(result, lang)  # the facilitator's names win over the generated ones
    viewpoints = [
        Viewpoint(
            v.number,
            v.n_defining,
            shown([s.statement for s in v.top(VIEWPOINT_TOP)], VIEWPOINT_TOP),
            names.get(v.number, ""),
            list(words.get(v.number, {}).get(f"sentences_{lang}", [])[1 : 1 + GIST_SENTENCES]),
        )
        for v in model.shown_viewpoints
    ]
    return Reveal(
        shown([s.statement for s in model.top], TOP),
        viewpoints,
        int(result["n_sorts"]),
        shown(list(model.consensus), ROOM_ITEMS),
        shown([s.statement for s in model.dividing], ROOM_ITEMS),
    )


def reveal_step(clinic: Clinic) -> Step | None:
    """The step the presenter shows now, with what it needs (None before a run exists)."""
    reveal = reveal_summary(clinic)
    if reveal is None:
        return None
    index, key = presenter.current(clinic)
    count = len(presenter.steps(clinic))
    step = Step(index, count, key, reveal)
    if key.startswith("viewpoint-"):
        number = int(key.split("-")[1])
        shown = next((v for v in reveal.viewpoints if v.number == number), None)
        return Step(index, count, key, reveal, viewpoint=shown)
    if key == "themes":
        return Step(index, count, key, reveal, themes=shown_themes(clinic))
    if key == "groups":
        return Step(index, count, key, reveal, groups=groups_shown(clinic))
    if key == "rounds":
        return Step(index, count, key, reveal, rounds=rounds_summary(clinic, current_language()))
    if key == "comments":
        texts = statement_texts(clinic)
        approved = moderation.approved(clinic, "comment")
        return Step(
            index,
            count,
            key,
            reveal,
            comments=[(texts.get(c.statement, ""), c.text) for c in approved],
        )
    return step


def groups_shown(clinic: Clinic) -> GroupsShown:
    """Each group's top five from the latest run's stored priorities, groups of at least
    :data:`MIN_GROUP_SORTS` sorts only (largest first); the others are only counted."""
    run = analysis_run.latest_run(clinic)
    tables = ((run.result or {}).get("priorities") or {}).get("groups") or [] if run else []
    texts = statement_texts(clinic)
    big = [t for t in tables if t["n_sorts"] >= MIN_GROUP_SORTS]
    small = [t for t in tables if t["n_sorts"] < MIN_GROUP_SORTS]
    shown = [
        GroupTop(
            t["group"],
            t["n_sorts"],
            [
                ShownStatement(e["statement"], texts.get(e["statement"], ""))
                for e in sorted(t["statements"], key=lambda e: e["rank"])[:GROUP_TOP]
            ],
        )
        for t in sorted(big, key=lambda t: (-t["n_sorts"], t["group"]))
    ]
    return GroupsShown(shown, len(small), sum(t["n_sorts"] for t in small))


def step_label(key: str, names: dict[int, str]) -> str:
    """The presenter's name for a step ("Viewpoint 2: room to help")."""
    if key.startswith("viewpoint-"):
        number = int(key.split("-")[1])
        title = _("Viewpoint %(n)s", n=number)
        return f"{title}: {names[number]}" if names.get(number) else title
    return {
        "top": _("What matters most"),
        "consensus": _("Shared and dividing"),
        "themes": _("Free-choice themes"),
        "comments": _("Selected comments"),
        "rounds": _("Round 1 vs round 2"),
        "groups": _("The groups' top five"),
    }.get(key, key)


def presenter_context(clinic: Clinic) -> dict:
    """The step list with the current one, and how many texts wait for a decision."""
    reveal = reveal_summary(clinic)
    names = {v.number: v.name for v in reveal.viewpoints} if reveal else {}
    index, _key = presenter.current(clinic)
    pending = [i for i in moderation.items(clinic) if i.status is None]
    return {
        "steps": [step_label(k, names) for k in presenter.steps(clinic)],
        "index": index,
        "pending": len(pending),
        "ready": reveal is not None,
    }
