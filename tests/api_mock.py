"""A local stand-in for the two official services, serving ``../shared/api-recordings``.

It runs on 127.0.0.1 in a thread of the test process:

- ``/sru``: the recorded SRU responses, one per ``startRecord`` (``sru_pages``), with the
  recordings' ``__MOCK_SERVICE__`` host replaced by this server's address;
- ``/repository.overheid.nl/…``: the recorded repository files;
- ``/odata/Document``: the entity set wrapped in OData v4 pages with ``@odata.nextLink``,
  filtered by the ``$filter`` expressions kamerqa sends (a small evaluator: ``eq``/``ge``/``lt``
  on fields, ``and``/``or``, parentheses; anything else is a 400, as a strict service would);
- ``/odata/Document(<Id>)/resource``: the file in ``resources``.

``faults`` injects failures per path: a list of fault names, used up one request at a time.
"""

from __future__ import annotations

import datetime
import json
import re
import socket
import struct
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

RECORDINGS = Path(__file__).resolve().parent.parent.parent / "shared" / "api-recordings"
PLACEHOLDER = b"http://__MOCK_SERVICE__/"

CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xml": "application/xml",
}


class FilterError(ValueError):
    pass


_TOKEN = re.compile(r"\s*('(?:[^']|'')*'|\(|\)|[^\s()]+)")


def _tokens(text: str) -> list[str]:
    tokens, position = [], 0
    while position < len(text.rstrip()):
        match = _TOKEN.match(text, position)
        if not match:
            raise FilterError(f"cannot read filter at {text[position:]!r}")
        tokens.append(match.group(1))
        position = match.end()
    return tokens


def _value(token: str):
    if token.startswith("'"):
        return token[1:-1].replace("''", "'")
    if token in ("true", "false"):
        return token == "true"
    if token == "null":
        return None
    if re.match(r"\d{4}-\d{2}-\d{2}T", token):
        return _moment(token)
    raise FilterError(f"unsupported literal {token!r}")


def _moment(text: str) -> datetime.datetime:
    text = text.replace("Z", "+00:00")
    text = re.sub(r"(\.\d{6})\d+", r"\1", text)  # the service writes 7 decimals
    return datetime.datetime.fromisoformat(text)


def compile_filter(text: str):
    """An OData ``$filter`` as a function of an entity (the subset kamerqa uses)."""
    tokens = _tokens(text)
    position = 0

    def peek():
        return tokens[position] if position < len(tokens) else None

    def take():
        nonlocal position
        position += 1
        return tokens[position - 1]

    def disjunction():
        parts = [conjunction()]
        while peek() == "or":
            take()
            parts.append(conjunction())
        return lambda e: any(p(e) for p in parts)

    def conjunction():
        parts = [atom()]
        while peek() == "and":
            take()
            parts.append(atom())
        return lambda e: all(p(e) for p in parts)

    def atom():
        if peek() == "(":
            take()
            inner = disjunction()
            if take() != ")":
                raise FilterError("missing )")
            return inner
        field, operator, literal = take(), take(), _value(take())
        if not re.fullmatch(r"[A-Za-z]+", field or ""):
            raise FilterError(f"unsupported operand {field!r}")

        def test(entity):
            value = entity.get(field)
            if isinstance(literal, datetime.datetime):
                if value is None:
                    return False
                value = _moment(value)
            if operator == "eq":
                return value == literal
            if value is None:
                return False
            return {"ge": value >= literal, "gt": value > literal, "lt": value < literal,
                    "le": value <= literal}[operator]

        if operator not in ("eq", "ge", "gt", "lt", "le"):
            raise FilterError(f"unsupported operator {operator!r}")
        return test

    expression = disjunction()
    if peek() is not None:
        raise FilterError(f"unexpected {peek()!r}")
    return expression


class MockServices:
    def __init__(self, entities: list[dict], resources: dict[str, Path], page_size: int = 5,
                 sru_pages: dict[int, Path] | None = None, slow_seconds: float = 0.0):
        self.entities = entities
        self.resources = resources
        self.page_size = page_size
        self.sru_pages = sru_pages or {1: RECORDINGS / "koop-repository" / "sru.xml"}
        self.faults: dict[str, list[str]] = {}
        self.requests: Counter = Counter()
        self.queries: list[dict] = []
        self.user_agents: set[str] = set()
        self.slow_seconds = slow_seconds  # a pause in the middle of every file (to kill a fetch midway)
        self.fault_delay = 1.0  # how long "slow" waits
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def address(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def sru_url(self) -> str:
        return self.address + "/sru"

    @property
    def odata_url(self) -> str:
        return self.address + "/odata/"

    def __enter__(self) -> "MockServices":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def fault(self, path: str, *names: str) -> None:
        self.faults.setdefault(path, []).extend(names)

    def _next_fault(self, path: str):
        with self.lock:
            self.requests[path] += 1
            queue = self.faults.get(path)
            return queue.pop(0) if queue else None

    # responses ---------------------------------------------------------------------------

    def respond(self, path: str, query: dict) -> tuple[int, dict, bytes]:
        if path == "/sru":
            self.queries.append(query)
            page = self.sru_pages.get(int(query.get("startRecord", ["1"])[0]))
            if page is None:
                return 404, {}, b"no such page"
            return 200, {"Content-Type": "application/xml"}, self._localised(page.read_bytes())
        if path.startswith("/repository.overheid.nl/"):
            file = RECORDINGS / "koop-repository" / path[len("/repository.overheid.nl/"):]
            if not file.is_file():
                return 404, {}, b"not found"
            return 200, {"Content-Type": CONTENT_TYPES.get(file.suffix, "application/octet-stream")}, file.read_bytes()
        match = re.fullmatch(r"/odata/Document\(([^)]+)\)/resource", path)
        if match:
            file = self.resources.get(match.group(1))
            if file is None:
                return 404, {}, b"not found"
            return 200, {"Content-Type": CONTENT_TYPES[file.suffix]}, file.read_bytes()
        if path == "/odata/Document":
            self.queries.append(query)
            return self._odata_page(query)
        return 404, {}, b"not found"

    def _localised(self, data: bytes) -> bytes:
        return data.replace(PLACEHOLDER, (self.address + "/").encode())

    def _odata_page(self, query: dict) -> tuple[int, dict, bytes]:
        try:
            matches = compile_filter(query["$filter"][0]) if "$filter" in query else (lambda e: True)
            found = [e for e in self.entities if matches(e)]
        except (FilterError, KeyError, IndexError) as error:
            return 400, {"Content-Type": "application/json"}, json.dumps({"error": str(error)}).encode()
        if query.get("$orderby") == ["GewijzigdOp"]:
            found.sort(key=lambda e: _moment(e["GewijzigdOp"]))
        skip = int(query.get("$skip", ["0"])[0])
        page = {"@odata.context": self.odata_url + "$metadata#Document", "value": found[skip:skip + self.page_size]}
        if skip + self.page_size < len(found):
            following = {k: v[0] for k, v in query.items()}
            following["$skip"] = str(skip + self.page_size)
            page["@odata.nextLink"] = self.odata_url + "Document?" + urlencode(following)
        return 200, {"Content-Type": "application/json; odata.metadata=minimal"}, json.dumps(page).encode()

    # the handler -------------------------------------------------------------------------

    def _handler(self):
        services = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                parts = urlsplit(self.path)
                services.user_agents.add(self.headers.get("User-Agent", ""))
                fault = services._next_fault(parts.path)
                if fault == "reset":  # RST instead of a response
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.connection.close()
                    self.close_connection = True
                    return
                if fault == "slow":
                    time.sleep(services.fault_delay)
                status, headers, body = services.respond(parts.path, parse_qs(parts.query))
                if fault == "500":
                    status, headers, body = 500, {"Content-Type": "text/plain"}, b"internal error"
                elif fault == "429":
                    status, headers, body = 429, {"Retry-After": "1"}, b"too many requests"
                elif fault == "garbage":  # announced type, wrong body
                    body = b"<html><body>Service temporarily unavailable" if status == 200 else body
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if fault == "truncate":  # half the announced body, then the connection closes
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                try:
                    if services.slow_seconds and parts.path.endswith("/resource"):
                        # half the file, a pause, the rest: a kill lands in the middle of a body
                        self.wfile.write(body[: len(body) // 2])
                        self.wfile.flush()
                        time.sleep(services.slow_seconds)
                        body = body[len(body) // 2:]
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
                    self.close_connection = True

        return Handler


def load_entities() -> list[dict]:
    return json.loads((RECORDINGS / "tk-odata" / "document-entities.json").read_text(encoding="utf-8"))


def entity_like(template: dict, **fields) -> dict:
    """A Document entity shaped like a recorded one, with some fields replaced."""
    entity = dict(template)
    entity.update(fields)
    return entity
