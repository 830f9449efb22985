"""Which characters stored text may hold, and how builders write what got in anyway.

One owner for the rule "no control characters; no line breaks in a single-line
field": the forms' validator (eventsys.forms), the services' readers
(registration.rules.Reader, meetings, agenda, outcomes), the API's JSON Schemas
and the calendar and email builders all read it from here.
"""

import re

from flask_babel import lazy_gettext as _l

# C0 controls except tab, LF and CR; DEL; C1 controls.
CONTROL_CLASS = "\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F"
# What ends a line: tab is in here too, as it means nothing in a one-line value.
BREAK_CLASS = "\\u0009\\u000A\\u000D\\u2028\\u2029"
CONTROL = re.compile(f"[{CONTROL_CLASS}]")
LINE_BREAKS = re.compile(f"[{BREAK_CLASS}]")
_NOT_ONE_LINE = re.compile(f"[{CONTROL_CLASS}{BREAK_CLASS}]+")
# The same rules as JSON Schema patterns (ECMA 262 reads the \\u escapes).
JSON_SINGLE_LINE = f"^[^{CONTROL_CLASS}{BREAK_CLASS}]*$"
JSON_MULTILINE = f"^[^{CONTROL_CLASS}]*$"
NOT_ALLOWED = _l("This field contains characters that are not allowed.")


def is_clean(value: str, *, multiline: bool = False) -> bool:
    """True when the text holds no control character (nor a line break, if single-line)."""
    if CONTROL.search(value):
        return False
    return multiline or not LINE_BREAKS.search(value)


def check_texts(values: dict, errors: dict, *, multiline=()) -> None:
    """Put NOT_ALLOWED on each field whose text (a str, a list, or one per language) is unclean."""
    for name, value in values.items():
        if isinstance(value, dict):
            texts = value.values()
        else:
            texts = value if isinstance(value, list | tuple) else [value]
        allow_breaks = name in multiline
        if any(
            isinstance(text, str) and not is_clean(text, multiline=allow_breaks)
            for text in texts
        ):
            errors.setdefault(name, str(NOT_ALLOWED))


def single_line(value) -> str:
    """Stored text as one line for output: breaks, controls and runs of spaces become one space."""
    return " ".join(_NOT_ONE_LINE.sub(" ", value or "").split())


def printable(value) -> str:
    """Stored text for multi-line output: controls dropped, line ends as LF."""
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL.sub("", text)
