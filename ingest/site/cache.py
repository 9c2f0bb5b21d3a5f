"""A response cache for a site whose databases are all immutable.

``kamerqa serve`` opens its database immutable and starts Datasette anew when a build
replaces the file, so within one server process a page's bytes depend only on its URL. The
same page is then rendered once and answered from memory afterwards: under load most
requests are for the same pages (the home page alone took 95 ms of CPU, most of it checking
the permissions of every table). Only successful GET responses of moderate size are kept,
without their cookies, in a bounded least-recently-used store; nothing is cached while any
database is mutable (a plain ``datasette`` on a file that may change).
"""

from __future__ import annotations

import os
from collections import OrderedDict

from datasette import hookimpl

MAX_ENTRIES = 2000
MAX_BODY_BYTES = 1_000_000


def _all_immutable(datasette) -> bool:
    databases = [db for name, db in datasette.databases.items() if not name.startswith("_")]
    return bool(databases) and not any(db.is_mutable for db in databases)


class ResponseCache:
    def __init__(self, app, datasette, max_entries: int = MAX_ENTRIES):
        self.app, self.datasette, self.max_entries = app, datasette, max_entries
        self.entries: OrderedDict = OrderedDict()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "GET" or not _all_immutable(self.datasette):
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        # the host and KAMERQA_BASE_URL are in the key: exports carry absolute links made from them
        key = (
            scope["path"], scope.get("query_string", b""), headers.get(b"host", b""),
            os.environ.get("KAMERQA_BASE_URL", ""),
        )
        entry = self.entries.get(key)
        if entry is not None:
            self.entries.move_to_end(key)
            start, body = entry
            await send(start)
            await send({"type": "http.response.body", "body": body})
            return
        messages: list[dict] = []

        async def capture(message):
            messages.append(message)
            await send(message)

        await self.app(scope, receive, capture)
        self._keep(key, messages)

    def _keep(self, key, messages: list[dict]) -> None:
        if not messages or messages[0].get("type") != "http.response.start":
            return
        start = messages[0]
        if start.get("status") != 200:
            return
        body = b"".join(m.get("body", b"") for m in messages[1:] if m.get("type") == "http.response.body")
        if len(body) > MAX_BODY_BYTES or (messages[-1].get("more_body") is True):
            return
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"set-cookie"]
        self.entries[key] = (dict(start, headers=headers), body)
        if len(self.entries) > self.max_entries:
            self.entries.popitem(last=False)


@hookimpl
def asgi_wrapper(datasette):
    return lambda app: ResponseCache(app, datasette)
