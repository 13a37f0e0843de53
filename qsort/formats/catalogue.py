"""The study files qsort reads, each with a short example of its content (shown on the import
page and in the command line's refusals). Where a format is one text file, its example is a
whole file that qsort reads as that format (tests/formats/test_catalogue.py reads each)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    key: str
    label: str
    example: str


FORMATS = (
    Format(
        "qsort-csv",
        "Q-sort CSV (comma, semicolon or tab), with statements.csv (id,text) for the texts",
        "participant,s01,s02,s03\nAnna,-1,0,1\nBo,1,0,-1",
    ),
    Format(
        "qmethod-csv",
        "R qmethod's layout: one column per sort, one row per statement",
        "Anna;Bo;Cy\n-1;1;0\n0;0;1\n1;-1;-1",
    ),
    Format(
        "htmlq-csv",
        "HtmlQ / easy-htmlq CSV export",
        "sid;uid;s1;s2;s3;npos;nneu;nneg\n1;Anna;-1;0;+1;1;1;1\n2;Bo;+1;0;-1;1;1;1",
    ),
    Format(
        "htmlq-json",
        "easy-htmlq JSON export",
        '{"rec1": {"uid": "Anna", "sort": "-1|0|+1"},\n "rec2": {"uid": "Bo", "sort": "+1|0|-1"}}',
    ),
    Format(
        "pqmethod",
        "PQMethod .DAT, with its .STA for the texts (one statement per line)",
        "  0  2  3 Demo\n -1  1  0  0  0  0  0  1  1  1  0  0  0  0  0  0  0  0  0  0  0  0\n"
        "Anna      -1 0 1\nBo         1 0-1",
    ),
    Format(
        "quince-csv",
        "Quince results exported from Baserow (fields separated by U+001E or commas, "
        "'(label): value' cells), with statements.txt for the texts",
        "id,r1,r2,r3\n7,(partId): Anna,(randomId): 8bd1,sort: -1|0|1\n"
        "8,(partId): Bo,(randomId): 2ac4,sort: 1|0|-1",
    ),
    Format(
        "kade",
        "KADE / Ken-Q zip (sorts.txt, statements.txt, pattern.txt, name.txt), also the Quince "
        "Configurator's zip with sortData.csv",
        "sorts.txt:       Anna,-1,0,1\nstatements.txt:  one statement per line\n"
        "pattern.txt:     0,0,0,0,0,1,1,1,0,0,0,0,0,0,0,0,0,0,0,0\nname.txt:        Demo",
    ),
    Format(
        "xlsx",
        "Excel workbook (.xlsx): a sheet of sorts in either CSV layout, Ken-Q/KADE output "
        "workbooks (Excel type 3) and qsort's own",
        "sheet 'Sorts':  participant | s01 | s02 | s03\n                Anna        | -1  | 0   | 1\n"
        "Ken-Q/KADE:     sheets 'Project Overview', 'Q sorts', 'statements'",
    ),
    Format(
        "qsort-clinic",
        "qsort clinic file (.qsort.json)",
        '{"kind": "qsort-clinic", "version": 1, ...}',
    ),
    Format(
        "qsort-run",
        "qsort run JSON (a run's JSON download)",
        '{"provenance": {...}, "result": {...}}',
    ),
)


def accepted_formats() -> str:
    """The accepted formats with their examples, indented (for the command line)."""
    lines = []
    for f in FORMATS:
        lines.append(f"  - {f.label}, for example:")
        lines += [f"        {line}" for line in f.example.splitlines()]
    return "\n".join(lines)
