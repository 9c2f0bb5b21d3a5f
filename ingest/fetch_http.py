"""HTTP for ``kamerqa fetch``: polite, bounded retries, atomic downloads, checked bodies.

httpx is used because it is installed already (Datasette depends on it) and has separate
connect/read timeouts; retries are a short loop here rather than a library (tenacity, urllib3's
Retry), because the rules are few and specific: retry connection errors, timeouts, 5xx and 429,
wait as long as ``Retry-After`` says (bounded), never retry a body of the wrong type.
"""

from __future__ import annotations

import email.utils
import json
import os
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

import httpx
from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

USER_AGENT = "kamerqa/0.1 (Dutch parliamentary documents to SQLite; python-httpx)"


class FetchError(Exception):
    """One item could not be fetched; the message says which URL and why."""


@dataclass
class HttpSettings:
    delay: float = 1.0  # seconds between the starts of two requests to a service
    timeout: float = 60.0  # connect and read timeout, seconds
    retries: int = 4  # attempts after the first one
    backoff: float = 2.0  # first wait before a retry; doubles each time
    max_wait: float = 120.0  # no single wait (backoff or Retry-After) is longer
    user_agent: str = USER_AGENT


def retry_after_seconds(value: Optional[str]) -> Optional[float]:
    """``Retry-After`` as seconds: either a number or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())


class Http:
    """One client per run. ``get`` returns a whole body, ``download`` writes a file atomically."""

    def __init__(self, settings: HttpSettings, sleep: Callable[[float], None] = time.sleep):
        self.settings = settings
        self.sleep = sleep
        self.client = httpx.Client(
            timeout=httpx.Timeout(settings.timeout),
            headers={"User-Agent": settings.user_agent},
            follow_redirects=True,
        )
        self._last_request = 0.0

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "Http":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _polite_pause(self) -> None:
        wait = self._last_request + self.settings.delay - time.monotonic()
        if wait > 0:
            self.sleep(wait)
        self._last_request = time.monotonic()

    def _with_retries(self, url: str, attempt: Callable[[], object]):
        """Run ``attempt`` (one request) until it succeeds or the retries are spent."""
        settings = self.settings
        for number in range(settings.retries + 1):
            self._polite_pause()
            wait = settings.backoff * (2 ** number)
            try:
                return attempt()
            except httpx.HTTPStatusError as error:
                status = error.response.status_code
                reason = f"HTTP {status}"
                if status != 429 and status < 500:
                    raise FetchError(f"{url}: {reason}") from None
                wait = retry_after_seconds(error.response.headers.get("Retry-After")) or wait
            except httpx.TimeoutException:
                reason = f"no response within {settings.timeout:g} s"
            except httpx.TransportError as error:  # refused, reset, cut-off body
                reason = f"connection error: {error or type(error).__name__}"
            if number == settings.retries:
                attempts = f"{number + 1} attempts" if number else "1 attempt"
                raise FetchError(f"{url}: {reason} (gave up after {attempts})")
            self.sleep(min(wait, settings.max_wait))
        raise AssertionError("unreachable")

    def get(self, url: str, params: Optional[dict] = None) -> bytes:
        def attempt() -> bytes:
            response = self.client.get(url, params=params)
            response.raise_for_status()
            return response.content

        return self._with_retries(url, attempt)

    def download(self, url: str, target: Path, check: Callable[[Path], None]) -> None:
        """Stream ``url`` into a temporary file beside ``target``, check it, then rename.

        ``check(path)`` raises ``FetchError`` when the body is not what was announced; then
        nothing is left behind, and ``target`` (if it existed) is untouched.
        """
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = partial_path(target)

        def attempt() -> None:
            with self.client.stream("GET", url) as response:
                response.raise_for_status()
                with open(partial, "wb") as out:
                    for chunk in response.iter_bytes():
                        out.write(chunk)

        try:
            self._with_retries(url, attempt)
            try:
                check(partial)
            except FetchError as error:
                raise FetchError(f"{url}: {error}") from None
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)


# Checks of bodies against the type a service announced ------------------------------------


def parse_xml(data: bytes, what: str):
    """Parse XML from the network: no DTD entities, no external references."""
    try:
        return SafeET.fromstring(data)
    except DefusedXmlException as error:
        raise FetchError(f"{what}: refused unsafe XML ({type(error).__name__})") from None
    except SafeET.ParseError as error:
        raise FetchError(f"{what}: not well-formed XML: {error}") from None


def parse_json(data: bytes, what: str):
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise FetchError(f"{what}: not valid JSON: {error}") from None


def check_pdf(path: Path) -> None:
    data = path.read_bytes()
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise FetchError("not a PDF (no %PDF header)")
    if b"%%EOF" not in data[-2048:]:
        raise FetchError("PDF is cut off (no %%EOF at its end)")


def check_xml(path: Path) -> None:
    parse_xml(path.read_bytes(), "body")


def check_docx(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            if "word/document.xml" not in archive.namelist():
                raise FetchError("not a Word document (no word/document.xml)")
            if archive.testzip() is not None:
                raise FetchError("Word document is damaged")
    except zipfile.BadZipFile:
        raise FetchError("not a Word document (not a zip archive)") from None


CHECKS = {".pdf": check_pdf, ".xml": check_xml, ".docx": check_docx}


def partial_path(target: Path) -> Path:
    """Where ``target`` is written before it is checked and renamed: hidden, and named with
    this process's id so that a later run can tell a killed run's leftovers from a live one's."""
    return target.with_name(f".{target.name}.{os.getpid()}.part")


def partial_owner(partial: Path) -> int:
    try:
        return int(partial.name.rsplit(".", 2)[-2])
    except (IndexError, ValueError):
        return 0


def process_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = partial_path(target)
    try:
        partial.write_bytes(data)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
