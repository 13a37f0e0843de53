"""The account of each viewpoint as structured facts, computed from a stored analysis result.

Per factor with scores, the facts an interpretation of its array starts from (Watts & Stenner
[2]_), as statement ids only, no text (:mod:`qsort.narrative.accounts` words them):

- ``name``: the statements its name is made from, and by which rule: its distinguishing
  statements (p < .05) that it places above neutral and higher than the other viewpoints do,
  largest difference first (``"distinguishing"``); short of two, the other statements it puts
  above neutral with the largest positive differences (``"largest_differences"``); with a
  single viewpoint, its top statements (``"top"``). The difference of statement j is
  :math:`z_{jf} - \\bar z_{j,\\text{others}}`, the mean over the other viewpoints with scores;
- ``first`` and ``last``: its top and bottom ``SHOWN`` statements by z-score, with grid value;
- ``differences``: its ``SHOWN`` distinguishing statements with the largest absolute
  differences, with its value and the other viewpoints' values ("ranks 'time to listen' +4
  where the others put it at 0");
- ``shared``: what it shares with the room: consensus statements (no pair of viewpoints
  differs at p < .05) that it places at least two columns from neutral, the room's most
  decided first (largest absolute mean grid value); without such, the room's top five that it
  also has in its own top five;
- ``comments``: its defining participants' comments on the cards of the facts above;
- ``stability`` (when a stability result is given): Zabala & Pascual's [1]_ (Table 1)
  salience-by-stability reading of its salient statements (:math:`|z| \\ge` ``SALIENT_Z``):
  stable when the bootstrap standard error of the z-score is at most ``STABLE_SE`` (highest
  interpretative power), else salient but with a fuzzy position. Their table is qualitative;
  the cut-offs are ours: planted viewpoints give standard errors of 0.1-0.3 and random sorts
  0.7-0.9 on the 24-card grid. Results stored before the standard errors were kept fall back
  to top-five retention (salient = top five, stable = kept in at least ``STABLE_RETENTION``).

References
----------
.. [1] Zabala, A., & Pascual, U. (2016). Bootstrapping Q Methodology to Improve the
   Understanding of Human Perspectives. *PLoS ONE*, 11(2), e0148087, Table 1.
   https://doi.org/10.1371/journal.pone.0148087
.. [2] Watts, S., & Stenner, P. (2012). *Doing Q Methodological Research: Theory, Method and
   Interpretation*. London: SAGE (interpreting a factor from its array, distinguishing and
   consensus statements). https://doi.org/10.4135/9781446251911
"""

from collections.abc import Iterable, Mapping

from qsort.analysis.ranking import TOP

SHOWN = 3
NAME_STATEMENTS = 2
SALIENT_Z = 1.0
STABLE_SE = 0.3
STABLE_RETENTION = 0.8


def viewpoint_facts(
    result: Mapping,
    *,
    comments: Iterable[Mapping[str, str]] = (),
    stability: Mapping | None = None,
) -> list[dict]:
    """Facts of every viewpoint (factor with scores) of ``result`` (``QAnalysis.as_dict()``).

    ``comments`` are ``{"participant", "statement", "text"}`` records.
    """
    statements = list(result["statements"])
    scored = [f for f in range(1, result["n_factors"] + 1) if result["ranking"]["factors"][str(f)]]
    if not scored:  # no viewpoint has defining sorts: nothing to tell
        return []
    columns = {f: _column(result, f) for f in scored}
    values = [v for row in result["factor_arrays"] for v in row if v is not None]
    neutral = (min(values) + max(values)) / 2.0
    comments = list(comments)
    return [_facts(result, f, statements, columns, neutral, comments, stability) for f in scored]


def _column(result: Mapping, f: int) -> dict[str, tuple[float, int]]:
    """statement -> (z, grid value) of factor f."""
    return {
        s: (z[f - 1], a[f - 1])
        for s, z, a in zip(
            result["statements"], result["zscores"], result["factor_arrays"], strict=True
        )
    }


def _facts(result, f, statements, columns, neutral, comments, stability) -> dict:
    own = columns[f]
    others = [g for g in columns if g != f]
    difference = (
        {s: own[s][0] - sum(columns[g][s][0] for g in others) / len(others) for s in statements}
        if others
        else {}
    )
    ranking = [r["statement"] for r in result["ranking"]["factors"][str(f)]]
    distinguishing = list(result["distinguishing"][str(f)])
    defining = [
        p for p, row in zip(result["participants"], result["flagged"], strict=True) if row[f - 1]
    ]
    facts = {
        "factor": f,
        "n_defining": len(defining),
        "defining": defining,
        "explained_variance": result["explained_variance"][f - 1],
        "bipolar": (result.get("bipolar") or {}).get(str(f)),
        "name": _name(ranking, own, difference, distinguishing, neutral),
        "first": [_placed(s, own) for s in ranking[:SHOWN]],
        "last": [_placed(s, own) for s in ranking[::-1][:SHOWN]],
        "differences": _differences(distinguishing, own, difference, columns, others),
        "shared": _shared(result, own, ranking, neutral),
    }
    cards = {item["statement"] for key in ("first", "last", "differences") for item in facts[key]}
    cards |= set(facts["name"]["statements"])
    facts["comments"] = [
        {"statement": c["statement"], "participant": c["participant"], "text": c["text"]}
        for c in comments
        if c["participant"] in set(defining) and c["statement"] in cards
    ]
    facts["stability"] = _stability(stability, f, own, ranking) if stability else None
    return facts


def _placed(statement: str, own) -> dict:
    return {"statement": statement, "value": int(own[statement][1]), "z": own[statement][0]}


def _name(ranking, own, difference, distinguishing, neutral) -> dict:
    if not difference:
        return {"statements": ranking[:NAME_STATEMENTS], "rule": "top"}

    def ahead(candidates):
        chosen = [s for s in candidates if difference[s] > 0 and own[s][1] > neutral]
        return sorted(chosen, key=lambda s: (-difference[s], ranking.index(s)))

    chosen = ahead(distinguishing)[:NAME_STATEMENTS]
    rule = "distinguishing"
    if len(chosen) < NAME_STATEMENTS:
        rule = "largest_differences" if not chosen else rule
        rest = [s for s in ahead(ranking) if s not in chosen]
        chosen += rest[: NAME_STATEMENTS - len(chosen)]
    if not chosen:
        return {"statements": ranking[:NAME_STATEMENTS], "rule": "top"}
    return {"statements": chosen, "rule": rule}


def _differences(distinguishing, own, difference, columns, others) -> list[dict]:
    ordered = sorted(distinguishing, key=lambda s: -abs(difference[s]))[:SHOWN]
    return [
        {
            **_placed(s, own),
            "direction": "higher" if difference[s] > 0 else "lower",
            "difference": difference[s],
            "others": [{"factor": g, "value": int(columns[g][s][1])} for g in others],
        }
        for s in ordered
    ]


def _shared(result, own, ranking, neutral) -> list[dict]:
    room = {r["statement"]: r["mean"] for r in result["ranking"]["overall"]}
    decided = [s for s in result["consensus"] if abs(own[s][1] - neutral) >= 2]
    decided.sort(key=lambda s: -abs(room[s] - neutral))
    if not decided:
        top = {r["statement"] for r in result["ranking"]["overall"][:TOP]}
        decided = [s for s in ranking[:TOP] if s in top]
    return [{**_placed(s, own), "room_mean": room[s]} for s in decided[:NAME_STATEMENTS]]


def _stability(stability: Mapping, f: int, own, ranking) -> dict | None:
    factor = (stability.get("factors") or {}).get(str(f))
    if not factor:
        return None
    statements = list(own)
    if factor.get("z_se"):
        se = dict(zip(statements, factor["z_se"], strict=True))
        salient = [s for s in ranking if abs(own[s][0]) >= SALIENT_Z and se[s] is not None]
        stable = [s for s in salient if se[s] <= STABLE_SE]
        source = "z_se"
    else:
        retention = {t["statement"]: t["retention"] for t in factor.get("top", [])}
        salient = [s for s in ranking if s in retention]
        stable = [s for s in salient if retention[s] >= STABLE_RETENTION]
        source = "top_retention"
    return {
        "source": source,
        "n_resamples": stability.get("n_resamples"),
        "salient_stable": stable,
        "salient_unstable": [s for s in salient if s not in stable],
    }
