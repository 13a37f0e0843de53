"""``qsort analyse --json``: the issue-16 contract (``viewpoints`` and ``priorities``), read the
way a screen would read it. Expected values: the same result's own numbers (the names come from
its distinguishing statements, the priorities from its sorts)."""

import json
import shutil

import numpy as np

from qsort.cli import main
from qsort.presets import CUSTOMER_FOCUS
from tests.helpers import FIXTURES, demo_sorts


def _write_demo_study(folder):
    ids, sorts, _ = demo_sorts()
    rows = ["participant," + ",".join(ids)]
    rows += [f"p{i}," + ",".join(str(v) for v in row) for i, row in enumerate(sorts)]
    (folder / "sorts.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    statements = ["id,text"] + [
        f'{i},"{s.text_en}"' for i, s in zip(ids, CUSTOMER_FOCUS.statements, strict=True)
    ]
    (folder / "statements.csv").write_text("\n".join(statements) + "\n", encoding="utf-8")
    return sorts


def test_json_has_named_viewpoints_in_both_languages(tmp_path):
    _write_demo_study(tmp_path)
    out = tmp_path / "out.json"
    assert main(["analyse", str(tmp_path / "sorts.csv"), "--factors", "3", "--json", str(out)]) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    labels = {f"S{n:02d}": s for n, s in enumerate(CUSTOMER_FOCUS.statements, start=1)}
    assert [v["factor"] for v in document["viewpoints"]] == [1, 2, 3]
    for viewpoint in document["viewpoints"]:
        first, second = viewpoint["name_statements"]
        assert set(viewpoint["name_statements"]) <= set(
            document["distinguishing"][str(viewpoint["factor"])]
        )
        assert viewpoint["name_en"] == f"{labels[first].label_en} and {labels[second].label_en}"
        assert viewpoint["name_nl"] == f"{labels[first].label_nl} en {labels[second].label_nl}"
        assert viewpoint["sentences_en"][0].endswith("people share this viewpoint.")
        assert viewpoint["sentences_nl"][0].endswith("mensen delen dit gezichtspunt.")
    assert document["statement_labels"]["S01"] == {
        "nl": "tijd om te luisteren",
        "en": "time to listen",
    }


def test_json_has_priorities_per_statement_and_agreement(tmp_path):
    sorts = _write_demo_study(tmp_path)
    out = tmp_path / "out.json"
    assert main(["analyse", str(tmp_path / "sorts.csv"), "--factors", "3", "--json", str(out)]) == 0
    room = json.loads(out.read_text(encoding="utf-8"))["priorities"]["room"]
    means = [s["mean"] for s in room["statements"]]
    np.testing.assert_allclose(means, sorts.mean(axis=0), rtol=0, atol=1e-12)
    assert 0 < room["kendall_w"] < 1 and room["n_sorts"] == 30
    top = min(room["statements"], key=lambda s: s["rank"])
    assert top["verdict"] == "priority" and top["ci_low"] > 0


def test_json_without_statement_texts_uses_the_ids(tmp_path):
    shutil.copy(FIXTURES / "lipset" / "sorts.csv", tmp_path / "sorts.csv")
    out = tmp_path / "out.json"
    assert main(["analyse", str(tmp_path / "sorts.csv"), "--factors", "2", "--json", str(out)]) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    for viewpoint in document["viewpoints"]:
        assert viewpoint["name_en"] == " and ".join(viewpoint["name_statements"])
