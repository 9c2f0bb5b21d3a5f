"""Errors on the published site: a plain page at the cost of a normal one, one log line.

Datasette 0.65 prints every 4xx and 5xx with rich's traceback, local variables included,
when ``rich`` is importable (spaCy's dependencies install it): about a second of CPU per
error page, during which the server answers nobody, and hundreds of lines in the log. Its
default handler also prints a plain traceback for every 500, and every failed SQL statement
whole. Here every error page is rendered by this handler (Datasette's templates, no
printout) and a failed statement stays Datasette's one line; input that SQLite or Datasette refuse (a bad sort column or facet, a bad full-text
query, a query over the time limit, a NUL byte) is a 400 with a plain message, and an
unexpected error is a 500 logged as one line.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import warnings

from datasette import hookimpl
from datasette.utils.asgi import Base400

from kamerqa.db.search import QueryTooLong

# Datasette's own modules are imported inside the functions: this plugin is imported while
# Datasette loads its plugins (the entry point), and importing datasette.plugins from here
# then would register this module half-initialised, without its hooks.


def quiet_default_handler() -> None:
    """This module's handler renders every error page; Datasette's own is taken out, since
    Datasette calls every handle_exception hook and its own prints a traceback for a 500
    (and with rich, local variables included, for every 4xx). Done at startup: when this
    plugin is imported, Datasette's are not registered yet."""
    import datasette.handle_exception as datasette_errors
    from datasette.plugins import pm

    datasette_errors.rich = None  # should it run after all
    if pm.get_plugin("datasette.handle_exception") is not None:
        pm.unregister(name="datasette.handle_exception")


@hookimpl
def startup(datasette):
    quiet_default_handler()


def _one_line(text: str) -> None:
    sys.stderr.write(" ".join(text.split())[:500] + "\n")
    sys.stderr.flush()

# A facet that fails leaves Datasette's other facet coroutines unawaited: one warning each.
warnings.filterwarnings("ignore", message="coroutine .* was never awaited", category=RuntimeWarning)


class BadInput(Base400):
    """A request whose input the site cannot use: 400 with a plain message."""

    status = 400


class ServerError(Base400):
    """An unexpected error, shown as the usual error page (500) without a traceback."""

    status = 500


# What SQLite or Datasette say (lower case) when the input, not the site, is wrong.
INPUT_ERRORS = (
    ("interrupted", "The query took longer than the time limit allows; make it narrower."),
    ("fts5: syntax error", "The search text cannot be searched for as it is: search words, "
     "\"a phrase\" in double quotes, or word*; an empty search finds nothing."),
    ("no such column", "There is no such column to sort or filter by."),
    ("cannot sort table by", "There is no such column to sort by."),
    ("unterminated string", "The search text has an unmatched quote or a NUL character."),
    ("unrecognized token", "The text has a character the query cannot use."),
    ("string or blob too big", "The text is too long."),
    ("user-defined function raised exception", "A text given to one of kamerqa's functions is "
     "too long or cannot be used: a search takes at most 1,000 characters and 40 words, other "
     "texts 100,000 characters."),
)


def input_error_message(exception: BaseException) -> str | None:
    """The plain message for an error caused by the request's input, else None."""
    if isinstance(exception, ValueError) and "null character" in str(exception):
        return "The text holds a NUL character (%00), which cannot be searched for."
    if isinstance(exception, QueryTooLong):
        return str(exception)[0].upper() + str(exception)[1:] + "."
    if isinstance(exception, json.JSONDecodeError):
        return "A parameter that must be JSON (such as _facet={…}) is not valid JSON."
    from datasette.views.base import DatasetteError

    if isinstance(exception, (sqlite3.Error, DatasetteError)):
        text = str(getattr(exception, "message", None) or exception).lower()
        for marker, message in INPUT_ERRORS:
            if marker in text:
                return message
    return None


def _chain(exception: BaseException):
    seen = set()
    while exception is not None and id(exception) not in seen:
        seen.add(id(exception))
        yield exception
        exception = exception.__cause__ or exception.__context__


@hookimpl
def handle_exception(datasette, request, exception):
    """The error page for ``exception``: Datasette's own for its 4xx, a 400 with a plain
    message for bad input, else a 500 (logged as one line)."""
    import datasette.handle_exception as datasette_errors
    from datasette.views.base import DatasetteError

    for cause in _chain(exception):
        message = input_error_message(cause)
        if message is not None:
            return datasette_errors.handle_exception(datasette, request, BadInput(message))
    if isinstance(exception, Base400) or (isinstance(exception, DatasetteError) and exception.status < 500):
        return datasette_errors.handle_exception(datasette, request, exception)
    path = request.path if request is not None else "?"
    _one_line(f"kamerqa site: error on {path}: {type(exception).__name__}: {exception}")
    return datasette_errors.handle_exception(datasette, request, ServerError(str(exception)))
