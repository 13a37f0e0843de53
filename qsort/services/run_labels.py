"""Rename the participants of a stored run everywhere it names them: the result's participant
list, the manual flags (in the run's settings and the result's), the recorded input and the
stability figures. Used to give a run's downloads the names the facilitator sees (or P01..
labels when anonymised), and to re-point a run moved in a clinic file at the new participants.
"""

import copy
from collections.abc import Mapping
from typing import Any


def _rename_settings(settings: dict[str, Any], mapping: Mapping[str, str]) -> None:
    flags = settings.get("manual_flags")
    if isinstance(flags, dict):
        settings["manual_flags"] = {mapping.get(k, k): v for k, v in flags.items()}
    recorded = settings.get("input")
    if isinstance(recorded, dict) and isinstance(recorded.get("participants"), list):
        recorded["participants"] = [mapping.get(p, p) for p in recorded["participants"]]


def relabel_run(
    settings: dict[str, Any] | None,
    result: dict[str, Any] | None,
    mapping: Mapping[str, str],
    stability: dict[str, Any] | None = None,
) -> tuple[dict[str, Any], dict[str, Any] | None, dict[str, Any] | None]:
    """Copies of ``settings``, ``result`` and ``stability`` with every participant label
    replaced by ``mapping[label]`` (labels not in the mapping are kept)."""
    settings = copy.deepcopy(settings or {})
    result = copy.deepcopy(result)
    stability = copy.deepcopy(stability)
    _rename_settings(settings, mapping)
    if isinstance(result, dict):
        if isinstance(result.get("participants"), list):
            result["participants"] = [mapping.get(p, p) for p in result["participants"]]
        if isinstance(result.get("settings"), dict):
            _rename_settings(result["settings"], mapping)
        rounds = result.get("rounds")  # a round-2 run's comparison names who moved how far
        if isinstance(rounds, dict) and isinstance(rounds.get("participants"), list):
            for row in rounds["participants"]:
                if isinstance(row, dict) and "participant" in row:
                    row["participant"] = mapping.get(row["participant"], row["participant"])
    if isinstance(stability, dict) and isinstance(stability.get("flag_agreement"), dict):
        stability["flag_agreement"] = {
            mapping.get(k, k): v for k, v in stability["flag_agreement"].items()
        }
    return settings, result, stability
