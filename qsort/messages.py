"""The error-code catalogue: every code a refusal is raised with, and its English text.

The domain and the services state a problem as a code with values
(:class:`qsort.domain.problems.Problem`); this table turns the code into its English msgid,
marked with ``N_`` so ``pybabel extract`` puts it in ``translations/``. The views translate it
with Flask-Babel (:func:`qsort.views.problems.problem_text`), the command line and the logs
print the English (:func:`english`). Nothing here imports the web layer.

Codes are ``<area>.<name>``: ``grid`` (a grid's shape), ``sort`` (a participant's draft or
submission), ``draft`` (a payload that is no draft at all), ``clinic``, ``account``, ``live``,
``moderation``, ``theme``, ``run``, ``export``, ``format`` (a file that cannot be read,
and where in it), ``note`` (what an import changed or chose), ``analysis`` (input or settings
the analysis refuses) and ``job`` (why a background job stopped). Values are language-neutral:
numbers, names, column values, and lists of them, which every text shows joined by commas.
"""

from collections.abc import Callable, Mapping
from typing import Any

from qsort.domain.values import signed

ECHO_LENGTH = 40
"""A name the client sent is shown up to this many characters, never whole."""


def N_(text: str) -> str:
    """Mark ``text`` for the catalogue (``pybabel extract`` finds ``N_``) without translating."""
    return text


CATALOGUE: Mapping[str, str] = {
    # qsort.domain.grid: a grid's columns and heights
    "grid.empty": N_("The grid needs at least one column."),
    "grid.length_mismatch": N_("There are %(values)s column values but %(heights)s heights."),
    "grid.height_not_positive": N_(
        "Column %(value)s has height %(height)s; every column needs at least 1."
    ),
    "grid.duplicate_value": N_("The value %(value)s appears more than once."),
    "grid.out_of_range": N_("Column values must lie between %(min)s and +%(max)s."),
    "grid.not_consecutive": N_("Column values must be consecutive whole numbers from low to high."),
    "grid.sum_mismatch": N_(
        "The heights add up to %(total)s, but there are %(statements)s statements."
    ),
    # qsort.domain.sort_validation: a participant's draft or submission (participant-facing)
    "sort.unknown_step": N_("The sort is at a step that does not exist."),
    "sort.unknown_column": N_("The grid has no column %(column)s."),
    "sort.unknown_pile": N_("There is no pile called “%(pile)s”."),
    "sort.unknown_statement": N_("Statement %(id)s is not one of this clinic's statements."),
    "sort.duplicate_statement": N_("Statement %(id)s appears %(count)s times."),
    "sort.comment_unknown_statement": N_(
        "A comment is about statement %(id)s, which is not in this clinic."
    ),
    "sort.comment_too_long": N_(
        "The comment on statement %(id)s is longer than %(max)s characters."
    ),
    "sort.free_choice_too_long": N_(
        "The answer about what is missing is longer than %(max)s characters."
    ),
    "sort.not_placed": N_("Statement %(id)s is not on the grid yet."),
    "sort.column_count": N_(
        "Column %(column)s holds %(count)s statements; it must hold %(height)s."
    ),
    # qsort.domain.sort_validation.parse_draft: a payload not shaped like a draft
    "draft.not_object": N_("The draft must be a JSON object."),
    "draft.version": N_("The draft needs a whole-number version between 1 and %(max)s."),
    "draft.shape": N_("Columns and piles must map to lists of ids, comments to texts."),
    "draft.not_text": N_("The step and the free-choice answer must be text."),
    "draft.null_character": N_("Texts may not contain a null character."),
    # qsort.services.clinics
    "clinic.no_title": N_("Give the clinic a title, in Dutch or in English."),
    "clinic.grid_locked": N_("The grid cannot change once participants have joined."),
    "clinic.statements_locked": N_(
        "Statements cannot be added or removed once participants have joined."
    ),
    "clinic.foreign_statement": N_("A statement does not belong to this clinic."),
    "clinic.no_statement": N_("A clinic needs at least one statement."),
    "clinic.replace_locked": N_("Statements cannot be replaced once participants have joined."),
    "clinic.csv_not_utf8": N_("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again."),
    "clinic.csv_invalid": N_("The file is not valid CSV."),
    "clinic.csv_header": N_("The first line must name the columns: text_nl, text_en and theme."),
    "clinic.csv_both_texts": N_("Line %(line)s: both a Dutch and an English text are needed."),
    "clinic.csv_theme": N_("Line %(line)s: the theme must be want, able or allowed."),
    "clinic.csv_too_long": N_("Line %(line)s: the text is too long."),
    "clinic.csv_count": N_("A clinic needs between 2 and %(max)s statements."),
    # qsort.services.auth (the command line shows these)
    "account.not_email": N_("%(email)s is not an email address"),
    "account.short_password": N_("the password needs at least %(min)s characters"),
    "account.exists": N_("a facilitator with email %(email)s already exists"),
    # qsort.services.live: the facilitator's dashboard
    "live.phase-not-allowed": N_("The clinic cannot move to that phase from here."),
    "live.confirm": N_("Please confirm going back."),
    "live.confirm-close": N_("Please confirm closing sorting."),
    "live.timer-range": N_("The timer must be between 1 and 180 minutes."),
    "live.no-participant": N_("This participant is no longer in the clinic."),
    "live.not-submitted": N_("Only a submitted sort can be reopened."),
    "live.no-round-two": N_("This clinic has no second round: give its question in the set-up."),
    "live.round-two-not-now": N_(
        "Round 2 can start once round 1's sorting is closed, and only once."
    ),
    "live.round-two-nobody": N_("Nobody has submitted a round-1 sort yet."),
    # qsort.services.moderation and qsort.services.free_choice: the presenter page
    "moderation.unknown": N_("This change is not possible."),
    "moderation.no-item": N_("This text is not in the clinic (any more)."),
    "theme.no-group": N_("This group is not in the clinic (any more)."),
    "theme.no-answer": N_("Only an answer in a group of two or more can be split off."),
    "theme.name-length": N_("A name must have 1 to 120 characters."),
    # qsort.formats.pqmethod: a study the PQMethod and KADE files cannot hold
    "export.grid_range": N_(
        "PQMethod and KADE hold grids from %(lowest)s to %(highest)s; this study's grid runs "
        "from %(low)s to %(high)s. Download the CSV, XLSX or clinic file instead."
    ),
    "export.distribution": N_(
        "PQMethod: sort %(sort)s does not follow the distribution of sort %(first)s: it has "
        "%(found)s statements in the columns %(columns)s where sort %(first)s has %(expected)s"
    ),
    "export.too_large": N_(
        "PQMethod: %(sorts)s sorts and %(statements)s statements; a .DAT file holds at most 999 "
        "of each"
    ),
    # qsort.formats.mapping: README.txt in a PQMethod or KADE zip, what the format cannot hold
    "export.names_shortened": N_(
        "%(count)s sort name(s) changed to fit PQMethod's 8 ASCII characters: %(shown)s"
    ),
    "export.ids_numbered": N_(
        "PQMethod numbers the statements 1..M; the statement ids are not in the .DAT"
    ),
    "export.texts_ascii": N_("%(count)s statement text(s) transliterated to ASCII for PQMethod"),
    "export.title_ascii": N_("the title was transliterated to ASCII or cut to 68 characters"),
    "export.kade_names": N_(
        "%(count)s sort name(s) held a comma, semicolon or line break, which KADE's sorts.txt "
        "cannot hold; they were replaced by blanks"
    ),
    "export.kade_breaks": N_("line breaks inside statement texts became blanks in statements.txt"),
    "export.kade_ids": N_(
        "KADE numbers the statements 1..M; the statement ids are in statements.csv"
    ),
    "export.readme_heading": N_("What %(target)s cannot hold of this study, and what qsort did:"),
    "export.readme_kept": N_(
        "%(statements)s keeps the original statement ids and texts; qsort reads them back from "
        "this archive."
    ),
    "export.readme_kept_names": N_(
        "%(statements)s keeps the original statement ids and texts, %(names)s the original sort "
        "names; qsort reads them back from this archive."
    ),
    # qsort.formats.errors: where in an uploaded file (after the file's name)
    "format.at_line": N_("line %(line)s"),
    "format.at_field": N_("field %(field)s"),
    "format.at_sheet": N_("sheet %(sheet)s"),
    "format.at_cell": N_("cell %(cell)s"),
    "format.at_row": N_("row %(row)s"),
    # qsort.formats and qsort.services.imports: why an uploaded file cannot be read
    "format.unreadable_csv": N_(
        "unreadable CSV from this line on; check that every quote is closed"
    ),
    "format.header_no_statement_id": N_("column %(column)s of the header has no statement id"),
    "format.header_no_sort_id": N_("column %(column)s of the header has no sort id"),
    "format.header_statement_id_twice": N_(
        "statement id %(id)s appears twice in the header (columns %(first)s and %(second)s); each statement needs its own id"
    ),
    "format.header_sort_id_twice": N_(
        "sort id %(id)s appears twice in the header (columns %(first)s and %(second)s); each sort needs its own id"
    ),
    "format.value_empty": N_("the value is empty; every statement needs a grid value"),
    "format.not_integer": N_(
        "%(value)s is not an integer; grid values are whole numbers such as -2 or 3"
    ),
    "format.value_outside_grids": N_(
        "%(value)s is outside any Q-sort grid (values run from %(min)s to +%(max)s)"
    ),
    "format.empty_sorts_file": N_(
        "the file is empty; expected a header 'participant,<statement id>,...' and one row per Q-sort"
    ),
    "format.header_no_statements": N_(
        "the header names no statements; list the statement ids after 'participant'"
    ),
    "format.sort_columns": N_(
        "expected %(expected)s columns (participant + %(n)s statements), found %(found)s"
    ),
    "format.participant_empty": N_("the participant id is empty; give every Q-sort a name"),
    "format.no_sorts_rows": N_("the file has a header but no Q-sorts; add one row per participant"),
    "format.statements_layout": N_("expected a header of sort names and one row per statement"),
    "format.statement_row_columns_ids": N_(
        "expected %(expected)s columns (statement id + %(n)s sorts), found %(found)s"
    ),
    "format.statement_row_columns": N_(
        "expected %(expected)s columns (%(n)s sorts), found %(found)s"
    ),
    "format.texts_layout": N_("expected a header and one row per statement: id,text"),
    "format.texts_two_columns": N_("expected two columns: the statement id and its text"),
    "format.statement_id_empty": N_("the statement id is empty"),
    "format.statement_id_twice": N_("statement id %(id)s appears twice"),
    "format.statement_no_text": N_("statement %(id)s has no text"),
    "format.header_missing": N_(
        "the header is missing: this line looks like a Q-sort; add a first line 'participant,<statement id>,...'"
    ),
    "format.header_not_participant": N_(
        "the header must start with 'participant', found %(found)s"
    ),
    "format.empty_texts_file": N_("the file is empty; expected a header 'id,text'"),
    "format.header_not_id_text": N_("the header must be 'id,text', found %(found)s"),
    "format.texts_columns": N_(
        "expected 2 columns (id, text), found %(found)s; put double quotes around a text that contains commas"
    ),
    "format.statement_id_twice_lines": N_(
        "statement id %(id)s appears twice (lines %(first)s and %(second)s)"
    ),
    "format.not_found": N_("file not found"),
    "format.not_utf8": N_("the file is not UTF-8 text; save it as 'CSV UTF-8' and try again"),
    "format.not_utf16": N_("the file is not readable UTF-16 text"),
    "format.nul_byte": N_(
        "the file holds a NUL byte, so it is not a text file; save it as 'CSV UTF-8'"
    ),
    "format.dat_line1": N_(
        "a PQMethod .DAT file starts with '  0' and the numbers of sorts and statements; found %(found)s"
    ),
    "format.dat_not_positive": N_(
        "%(value)s in columns %(first)s-%(last)s is not a positive number"
    ),
    "format.dat_line2_width": N_(
        "line 2 must hold %(numbers)s numbers of width 3 (lowest value, highest value, %(counts)s counts for %(lowest)s ... %(highest)s), i.e. %(width)s characters; found %(found)s"
    ),
    "format.dat_grid_not_number": N_("%(value)s in columns %(first)s-%(last)s is not a number"),
    "format.dat_grid_range": N_("the grid %(low)s..%(high)s is not within %(range)s"),
    "format.dat_count_outside": N_(
        "statements are counted at %(value)s, outside the grid %(low)s..%(high)s"
    ),
    "format.dat_count_sum": N_(
        "the counts sum to %(total)s, but line 1 announces %(statements)s statements"
    ),
    "format.dat_values_missing": N_(
        "sort %(sort)s has values for %(found)s of %(statements)s statements; the value for %(id)s is missing (each value takes 2 characters from column 11)"
    ),
    "format.dat_values_extra": N_(
        "sort %(sort)s has more than %(statements)s values, or a name longer than 8 characters"
    ),
    "format.dat_value_not_number": N_("%(value)s is not a number (sort %(sort)s)"),
    "format.dat_value_outside": N_(
        "sort %(sort)s uses the value %(value)s, outside the grid %(low)s..%(high)s of line 2"
    ),
    "format.dat_distribution": N_(
        "sort %(sort)s has %(found)s statements in the columns %(columns)s where the grid of "
        "line 2 has %(expected)s; every sort must follow the distribution on line 2"
    ),
    "format.dat_sorts_extra": N_(
        "line 1 announces %(sorts)s sorts, but the file has %(found)s sort lines; the first extra one is on line %(extra)s"
    ),
    "format.dat_sorts_count": N_(
        "line 1 announces %(sorts)s sorts, but the file has %(found)s sort lines"
    ),
    "format.dat_no_grid": N_(
        "line 2 must give the grid: lowest and highest value and 20 column heights"
    ),
    "format.dat_name_blank": N_("the sort name (columns 1-8) is blank"),
    "format.sta_count": N_(
        "the file holds %(found)s statements, but the sorts have %(statements)s; put one statement per line, in statement order"
    ),
    "format.zip_dat_count": N_("holds %(count)s .DAT files; put one study in each zip"),
    "format.too_many_sorts": N_("%(sorts)s sorts; an import holds at most %(max)s"),
    "format.statement_count": N_("%(statements)s statements; a clinic holds %(min)s to %(max)s"),
    "format.what_id": N_("statement id"),
    "format.what_text": N_("the text of statement %(id)s"),
    "format.what_name": N_("the participant name"),
    "format.too_long": N_("%(what)s is longer than %(limit)s characters"),
    "format.holds_nul": N_("%(what)s holds a NUL character"),
    "format.grid_not_stored": N_("the sorts' grid cannot be stored: %(problem)s"),
    "format.empty": N_("the file is empty"),
    "format.binary": N_("this is %(what)s, not a study file"),
    "format.binary_xls": N_(
        "an Excel 97-2003 workbook (.xls) or another old Office file; save it as .xlsx or as CSV UTF-8"
    ),
    "format.binary_pdf": N_("a PDF document"),
    "format.binary_png": N_("a PNG image"),
    "format.binary_jpeg": N_("a JPEG image"),
    "format.binary_gzip": N_("a gzip archive; unpack it first"),
    "format.binary_program": N_("a program (Windows executable)"),
    "format.zip_damaged": N_("this is a damaged zip archive"),
    "format.zip_too_large": N_("this zip archive unpacks to more than %(mb)s MB"),
    "format.office_document": N_("this is a Word or PowerPoint document, not a study file"),
    "format.zip_unknown": N_(
        "this zip archive holds %(shown)s: neither a workbook, a KADE project (sorts.txt, statements.txt, pattern.txt, name.txt) nor a PQMethod project (.DAT and .STA)"
    ),
    "format.json_unknown": N_(
        'this JSON file is neither a qsort clinic file ("kind": "qsort-clinic"), a qsort run, nor an easy-htmlq export (one object per participant with a "sort")'
    ),
    "format.header_unknown": N_(
        "the first line %(first)s is not the header of any study layout qsort reads: a Q-sort CSV starts with 'participant', an HtmlQ export with 'sid;uid;s1;...', a Quince/Baserow export with 'id,r1,r2,...', qmethod's layout has one column per sort and a statements file two columns (id,text)"
    ),
    "format.json_invalid": N_("the file is not valid JSON (column %(column)s)"),
    "format.json_too_deep": N_("the JSON is nested too deeply to be a study"),
    "format.htmlq_not_object": N_("expected a JSON object with one record per participant"),
    "format.htmlq_record": N_("the record is not an object"),
    "format.htmlq_no_sort": N_("the record has no 'sort' string (values joined by '|')"),
    "format.htmlq_not_integer": N_("value %(position)s of 'sort', %(value)s, is not an integer"),
    "format.htmlq_length": N_("'sort' holds %(found)s values, the first record holds %(expected)s"),
    "format.htmlq_no_id": N_("the record has neither a uid nor a sid"),
    "format.htmlq_no_records": N_("the export has a header but no records"),
    "format.xlsx_unreadable": N_(
        "the file is a zip archive but not a readable .xlsx workbook; open it in a spreadsheet program and save it again as .xlsx"
    ),
    "format.xlsx_too_many_rows": N_("the sheet has more than %(max)s rows"),
    "format.xlsx_no_sorts": N_(
        "no worksheet holds Q-sorts: expected a sheet such as 'Sorts' with a header 'participant,<statement id>,...' and one row per sort, or one column per sort with the statements as rows"
    ),
    "format.not_one_distribution": N_("the sorts do not follow one forced distribution"),
    "format.kenq_column": N_("expected column %(column)s here, found %(found)s"),
    "format.kenq_no_header": N_(
        "no header row 'Participant, S1, S2, ...' was found; this is not a Ken-Q/KADE 'Q sorts' sheet"
    ),
    "format.kenq_name_empty": N_("the participant name is empty"),
    "format.kenq_sort_length": N_("the sort has %(found)s values, the header %(expected)s"),
    "format.kenq_no_sorts": N_("the sheet has a header but no Q-sorts"),
    "format.kenq_design_length": N_(
        "the Q sort design lists %(found)s values, the sorts have %(statements)s statements"
    ),
    "format.kenq_design": N_(
        "sort %(sort)s does not follow the Q sort design of sheet %(overview)s (%(design)s)"
    ),
    "format.kenq_number_twice": N_("statement %(number)s appears twice"),
    "format.kenq_no_texts": N_(
        "no text for statements %(shown)s; the sorts have %(statements)s statements"
    ),
    "format.kenq_no_text": N_(
        "no text for statement %(shown)s; the sorts have %(statements)s statements"
    ),
    "format.clinic_code_twice": N_("statement code %(code)s appears twice"),
    "format.clinic_grid": N_("%(problem)s"),
    "format.clinic_unknown_placed": N_("places an unknown statement (%(code)s)"),
    "format.clinic_placed_twice": N_("places a statement twice (%(code)s)"),
    "format.clinic_cell": N_(
        "position %(position)s in column %(column)s is not a free cell of the grid"
    ),
    "format.clinic_incomplete": N_(
        "is submitted but places %(placed)s of %(statements)s statements"
    ),
    "format.clinic_unknown_comment": N_("comments on an unknown statement (%(code)s)"),
    "format.clinic_comment_twice": N_("comments twice on one statement (%(code)s)"),
    "format.clinic_date": N_("is not a date and time such as 2026-05-01T10:00:00+00:00"),
    "format.clinic_no_sorts": N_("the clinic file holds no submitted sorts"),
    "format.clinic_version": N_(
        "clinic file version %(version)s is not supported (expected one of %(versions)s)"
    ),
    "format.clinic_moderation_who": N_("names no participant of the file (%(label)s)"),
    "format.clinic_moderation_label_twice": N_(
        "names participant %(label)s, but more than one participant of the file has that label"
    ),
    "format.clinic_moderation_statement": N_("names an unknown statement (%(code)s)"),
    "format.clinic_moderation_no_comment": N_(
        "participant %(label)s has no comment on statement %(code)s in a submitted sort of round %(round)s"
    ),
    "format.clinic_moderation_no_answer": N_(
        "participant %(label)s has no free-choice answer in a submitted sort of round %(round)s"
    ),
    "format.clinic_moderation_twice": N_("decides a text already decided in %(other)s"),
    "format.clinic_run_damaged": N_(
        "the analysis run does not reproduce from its recorded input and settings; it is damaged (remove it from the file, or export the clinic again)"
    ),
    "format.two_text_files": N_("give at most one file with the statement texts, found %(names)s"),
    "format.only_texts_file": N_(
        "none of the files holds the sorts (%(name)s holds statement texts); add the file with the sorts"
    ),
    "format.only_texts_files": N_(
        "none of the files holds the sorts (%(names)s each hold statement texts); add the file with the sorts"
    ),
    "format.two_studies": N_("upload the sorts of one study at a time: %(names)s each hold sorts"),
    "format.texts_missing": N_(
        "no text for statements %(shown)s of %(main)s; add one 'id,text' row per statement"
    ),
    "format.text_missing": N_(
        "no text for statement %(shown)s of %(main)s; add one 'id,text' row per statement"
    ),
    "format.archive_statements": N_("holds %(found)s statements, the sorts have %(statements)s"),
    "format.kade_shape": N_(
        "holds %(sorts)s sorts of %(statements)s statements, sorts.txt %(txt_sorts)s of %(txt_statements)s"
    ),
    "format.kade_differs": N_(
        "the sort differs from line %(line_no)s of sorts.txt (%(sort)s); export the zip again from the Quince Configurator"
    ),
    "format.kade_no_sorts": N_("holds no sorts; expected one line per sort: name,v1,...,vM"),
    "format.kade_sort_length": N_("sort %(sort)s has %(found)s values, the first has %(expected)s"),
    "format.kade_pattern": N_(
        "pattern.txt gives the column heights %(heights)s, but sort %(sort)s has %(own)s (for the values %(lowest)s ... %(highest)s)"
    ),
    "format.mapping_statements": N_("lists %(found)s statements, the sorts have %(statements)s"),
    "format.quince_no_sorts": N_(
        "the file has a header but no Q-sorts; export the Baserow table with its rows"
    ),
    "format.quince_no_sort_cell": N_(
        "this row has no 'sort: v1|v2|...' cell; Quince writes the sort in one of the r.. columns"
    ),
    "format.quince_sort_length": N_(
        "the sort has %(found)s values, the first sort has %(expected)s"
    ),
    "format.run_no_input": N_(
        "this run file holds the results but not the sorts they came from; download the run again with this qsort version, or use the sorts CSV"
    ),
    "format.run_damaged": N_("the recorded input is damaged"),
    "format.run_checksum": N_(
        "the sorts do not match the checksum recorded with them; the file was changed"
    ),
    "format.schema": N_("%(reason)s"),
    "format.schema_max_length": N_("is longer than %(limit)s characters"),
    "format.schema_max_items": N_("holds more than %(limit)s items"),
    "format.schema_min_items": N_("holds fewer than %(limit)s items"),
    "format.schema_maximum": N_("is larger than %(limit)s"),
    "format.schema_minimum": N_("is smaller than %(limit)s"),
    "format.schema_const": N_("must be %(limit)s"),
    "format.schema_empty": N_("is empty"),
    "format.schema_min_length": N_("is shorter than %(limit)s characters"),
    "format.schema_types": N_("must be %(types)s or %(last)s"),
    "format.schema_type": N_("must be %(type)s"),
    "format.schema_enum": N_("must be one of %(values)s"),
    "format.schema_sort": N_("must be null or a sort (status, placements, comments)"),
    "format.schema_title": N_("needs a title in Dutch (title_nl) or in English (title_en)"),
    "format.schema_missing": N_("is missing"),
    "format.schema_rule": N_("breaks the clinic file's rule %(rule)s"),
    "format.flags_empty": N_("the flags file is empty"),
    "format.flags_fields": N_("expected %(expected)s fields, found %(found)s"),
    "format.flags_header": N_("the header must start with 'participant'"),
    "format.flags_factor": N_("column %(column)s is not a factor of this analysis (f1..f%(n)s)"),
    "format.flags_unknown": N_("participant %(participant)s is not in the study"),
    "format.flags_twice": N_("participant %(participant)s is listed twice"),
    "format.flags_value": N_("%(value)s is not a flag (use 1 or 0)"),
    "format.export_texts": N_("no text for statement(s) %(shown)s"),
    "format.report_kind": N_("cannot tell the format from %(name)s: give --format (%(kinds)s)"),
    # qsort.analysis: input or settings the analysis cannot work with (lists are shown
    # joined by commas: "+3, -1")
    "analysis.not_a_table": N_(
        "Q-sort input: expected a table of sorts x statements, got %(dimensions)s dimension(s)"
    ),
    "analysis.too_few_sorts": N_(
        "Q-sort input: %(sorts)s sort(s) given; a by-person factor analysis needs at least %(min)s"
    ),
    "analysis.too_few_statements": N_(
        "Q-sort input: %(statements)s statement(s); at least %(min)s are needed"
    ),
    "analysis.not_numbers": N_("Q-sort input: every value must be an integer grid position"),
    "analysis.not_integer": N_("Q-sort input: sort %(sort)s has the non-integer value %(value)s"),
    "analysis.single_column": N_(
        "Q-sort input: the grid has a single column, so sorts carry no ranking"
    ),
    "analysis.off_distribution": N_(
        "Q-sort input: sort %(sort)s does not follow the forced distribution of sort %(first)s: "
        "in the columns %(columns)s it has %(found)s statements where the grid has "
        "%(grid)s%(more)s"
    ),
    "analysis.more_sorts_differ": N_(" (%(more)s more sort(s) differ too)"),
    "analysis.constant_sort": N_(
        "Q-sort input: sort %(sort)s gives every statement the same value"
    ),
    "analysis.participant_names": N_(
        "Q-sort input: %(names)s participant names for %(sorts)s participants"
    ),
    "analysis.statement_names": N_(
        "Q-sort input: %(names)s statement names for %(statements)s statements"
    ),
    "analysis.participant_twice": N_(
        "Q-sort input: participant %(name)s appears twice; names must be unique"
    ),
    "analysis.statement_twice": N_(
        "Q-sort input: statement %(name)s appears twice; names must be unique"
    ),
    "analysis.method": N_("method: %(method)s is not available; choose one of %(choices)s"),
    "analysis.n_factors": N_(
        "number of factors: %(n)s is out of range; with %(sorts)s sorts and %(statements)s "
        "statements choose 1 to %(max)s"
    ),
    "analysis.rotation": N_("rotation: %(rotation)s is not available; choose one of %(choices)s"),
    "analysis.varimax_algorithm": N_(
        "varimax: algorithm %(algorithm)s is unknown; choose one of %(choices)s"
    ),
    "analysis.varimax_zero_sort": N_(
        "varimax: sort %(sort)s has zero loadings on every factor and cannot be normalised"
    ),
    "analysis.judgmental_factors": N_(
        "judgmental rotation: factors %(first)s and %(second)s must be two different factors "
        "between 1 and %(max)s"
    ),
    "analysis.judgmental_angle": N_("judgmental rotation: angle %(angle)s is not a number"),
    "analysis.significance": N_(
        "significance: %(value)s is not supported; choose one of %(levels)s"
    ),
    "analysis.flag_no_sort": N_("manual flags: sort %(sort)s does not exist (%(sorts)s sorts)"),
    "analysis.flag_factor": N_(
        "manual flags: factor %(factor)s for sort %(sort)s is out of range 1..%(max)s"
    ),
    "analysis.centroid_conventions": N_(
        "centroid %(centroid)s: the %(conventions)s conventions use qmethod's centroid; "
        "PQMethod's centroid methods (horst55, brown) need the pqmethod conventions"
    ),
    "analysis.centroid_choice": N_("centroid %(centroid)s: choose one of %(choices)s"),
    "analysis.centroid_too_many_sorts": N_(
        "PQMethod's centroid methods need the correlation matrix, which is not built above "
        "%(max)s sorts; use principal components"
    ),
    "analysis.correlation_not_square": N_(
        "centroid: the correlation matrix must be square, not of shape (%(shape)s)"
    ),
    "analysis.centroid_zero_sum": N_(
        "centroid extraction: factor %(factor)s cannot be extracted because sort %(sort)s has a "
        "residual column sum of exactly 0, so reflecting it changes nothing (qmethod would "
        "loop forever here); try principal components or fewer factors"
    ),
    "analysis.centroid_reflections": N_(
        "centroid extraction: factor %(factor)s did not reach all-positive column sums after "
        "%(reflections)s reflections; try principal components or fewer factors"
    ),
    "analysis.centroid_communalities": N_(
        "centroid extraction: the communalities of factor %(factor)s did not settle within "
        "%(max)s iterations (threshold %(threshold)s); try principal components or fewer factors"
    ),
    "analysis.horst_signs": N_("Horst centroid: the signs of factor %(factor)s did not settle"),
    "analysis.brown_signs": N_("Brown centroid: the reflections did not settle"),
    "analysis.brown_communalities": N_(
        "Brown centroid: the communalities of factor %(factor)s did not settle within "
        "%(max)s iterations"
    ),
    "analysis.qmethod_unscored": N_(
        "factors %(factors)s have no flagged sorts; qmethod 1.8.4 then compares a factor "
        "without scores and stops with 'missing value where TRUE/FALSE needed'. Flag sorts by "
        "hand, extract fewer factors, or use --conventions qsort"
    ),
    "analysis.qmethod_single_centroid": N_(
        "qmethod 1.8.4 cannot varimax-rotate a single centroid factor (it stops with 'argument "
        "is of length zero'); use --rotation none, extract more factors, or use --conventions "
        "qsort, which leaves a single factor unrotated"
    ),
    "analysis.qmethod_empty_factor": N_(
        "factor %(factors)s has no flagged sorts and is not the last factor; qmethod 1.8.4 "
        "stops here (its distinguishing and consensus step cannot continue). Flag a sort on it "
        "by hand, extract fewer factors, or use --conventions qsort, which reports the factor "
        "as having no defining sorts and goes on"
    ),
    # qsort.formats: notes on what an import changed or chose (lists shown with commas)
    "note.name_repeated": N_(
        "participant %(name)s appears %(count)s times: kept apart as %(kept)s"
    ),
    "note.name_repeated_lines": N_(
        "participant %(name)s appears %(count)s times (lines %(lines)s): kept apart as %(kept)s"
    ),
    "note.name_repeated_cells": N_(
        "participant %(name)s appears %(count)s times (cells %(cells)s): kept apart as %(kept)s"
    ),
    "note.ids_ignoring_case": N_(
        "the statement ids of %(name)s were matched ignoring case (%(shown)s ...)"
    ),
    "note.texts_by_order": N_(
        "the texts of %(name)s were matched to the statements by their order"
    ),
    "note.sorts_sheet": N_("the sorts were read from sheet %(sheet)s"),
    "note.texts_sheet": N_("the statement texts were read from sheet %(sheet)s"),
    # qsort.services.jobs and the job kinds: why a background job stopped
    "job.no_clinic": N_("the clinic no longer exists"),
    "job.no_run": N_("the analysis run no longer exists"),
    "job.no_owner": N_("the facilitator who started the import no longer exists"),
    "job.unknown_kind": N_("no handler for jobs of kind %(kind)s"),
    "job.given_up": N_("The server stopped during this job several times; it was given up."),
    # qsort.services.analysis_run
    "run.too_few_sorts": N_("at least %(min)s submitted sorts are needed"),
    "run.no_such_flag": N_("no such sort or factor in this run"),
}


def _grid_values(values: dict[str, Any]) -> dict[str, Any]:
    if "value" in values:
        values["value"] = f"{values['value']:+d}"
    return values


def _sort_values(values: dict[str, Any]) -> dict[str, Any]:
    pile = str(values.get("pile", ""))
    if len(pile) > ECHO_LENGTH:  # a name the client sent: never echo it whole
        values["pile"] = pile[:ECHO_LENGTH] + "…"
    if "column" in values:
        values["column"] = signed(values["column"])
    return values


def _listed_values(values: dict[str, Any]) -> dict[str, Any]:
    """A list of numbers, names or column values shown as people write one: ``+3, -1``."""
    return {
        k: ", ".join(map(str, v)) if isinstance(v, (list, tuple)) else v for k, v in values.items()
    }


SHAPES: Mapping[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "grid": _grid_values,
    "sort": _sort_values,
}
"""How an area's values are written into its texts (grid values as ``+3``, ...)."""


def text_values(code: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` as the text of ``code`` shows them, in any language (a list joined by
    commas)."""
    shape = SHAPES.get(code.partition(".")[0])
    return _listed_values(shape(dict(values)) if shape else dict(values))


def msgid(code: str) -> str:
    """The English msgid of ``code``; a code missing from the catalogue is a bug."""
    return CATALOGUE[code]


def english(code: str, values: Mapping[str, Any]) -> str:
    """The English text of ``code`` with its values filled in (the command line, the logs)."""
    text = msgid(code)
    return text % text_values(code, values) if "%(" in text else text
