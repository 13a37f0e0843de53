"""The limits of what qsort stores, in one place: the database's column sizes and the app's own
bounds. Imports and the clinic file are checked against them before anything is written."""

from qsort.domain.grid import MAX_VALUE, MIN_VALUE
from qsort.domain.sort_validation import MAX_COMMENT_LENGTH

MAX_TITLE_LENGTH = 200  # clinics.title
MAX_QUESTION_LENGTH = 500  # the condition of instruction (what the sort answers), either round
MAX_INSTRUCTION_LENGTH = 1000  # the facilitator's own words on how to sort
MAX_STATEMENTS = 200  # statements per clinic (the statements page edits at most this many)
MIN_STATEMENTS = 2
MAX_TEXT_LENGTH = 500  # one statement text, per language
MAX_CODE_LENGTH = 16  # statements.code
MAX_NAME_LENGTH = 80  # participants.display_name
MAX_TEAM_SIZE = 50  # the join form's team size
MAX_SORTS_PER_IMPORT = 10_000
MAX_RUNS_PER_FILE = 50  # analysis runs in one clinic file
MAX_FREE_CHOICE_LENGTH = 20 * MAX_COMMENT_LENGTH  # an imported answer may join several comments
MAX_GROUP_QUESTION_LENGTH = 200  # clinics.group_question_nl / _en
MAX_GROUP_ANSWER_LENGTH = 80  # participants.group_answer
MAX_THEME_NAME_LENGTH = 120  # a free-choice group's name (qsort.services.free_choice.MAX_NAME)
MAX_ROW_ID = 2**31 - 1  # an Integer primary key (PostgreSQL refuses a larger id in a query)

__all__ = [
    "MAX_CODE_LENGTH",
    "MAX_COMMENT_LENGTH",
    "MAX_FREE_CHOICE_LENGTH",
    "MAX_GROUP_ANSWER_LENGTH",
    "MAX_GROUP_QUESTION_LENGTH",
    "MAX_INSTRUCTION_LENGTH",
    "MAX_NAME_LENGTH",
    "MAX_QUESTION_LENGTH",
    "MAX_ROW_ID",
    "MAX_RUNS_PER_FILE",
    "MAX_SORTS_PER_IMPORT",
    "MAX_STATEMENTS",
    "MAX_TEAM_SIZE",
    "MAX_TEXT_LENGTH",
    "MAX_THEME_NAME_LENGTH",
    "MAX_TITLE_LENGTH",
    "MAX_VALUE",
    "MIN_STATEMENTS",
    "MIN_VALUE",
]
