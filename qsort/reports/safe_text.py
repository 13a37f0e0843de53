"""Text from participants, made safe for spreadsheets and CSV files.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) is run as a
formula by Excel, LibreOffice and Google Sheets ("CSV injection", OWASP). Such text gets a leading
apostrophe, which spreadsheets show as plain text.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: object) -> object:
    """Return ``text`` prefixed with ``'`` when a spreadsheet would read it as a formula.

    Numbers and ``None`` pass through unchanged; only strings are touched.
    """
    if isinstance(text, str) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text
