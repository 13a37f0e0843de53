"""The names of a clinic's texts, each in Dutch and English, and the themes of its statements: one
list each for the model, the forms and the clinic file's schema.

A participant reads the ``title``, the ``question`` (the condition of instruction: what the sort
answers) and the ``instruction`` (the facilitator's own words on how to sort, optional).
"""

#: The clinic's texts a participant reads, each in Dutch and English.
TEXT_FIELDS = (
    "title_nl",
    "title_en",
    "question_nl",
    "question_en",
    "instruction_nl",
    "instruction_en",
)

#: What a statement is about: employees who *want*, are *able* and are *allowed* to work in a
#: customer-focused way (a statement may have no theme).
THEMES = ("want", "able", "allowed")
