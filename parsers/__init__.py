"""Pure parse functions: from a file (or its text) to a ``ParsedDocument``.

Nothing in this package touches a database or the command line, so parsers run in worker
processes and are tested on their own.
"""
