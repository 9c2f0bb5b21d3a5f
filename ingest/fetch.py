"""``kamerqa fetch``: download documents from the official sources into a folder.

Layout under the target folder (what ``kamerqa build`` reads, sidecars included)::

    koop/<id>/<id>.xml (or .pdf), koop/<id>/metadata.xml, koop/<id>/<id>.xml.meta.json
    tk/<Document Id>.pdf (or .docx), tk/<Document Id>.pdf.meta.json

A document counts as downloaded once its file and its sidecar are both there and the
sidecar names the source's current modification stamp: a run that is interrupted resumes
where it stopped and fetches nothing again. Files are written under a temporary name,
checked, and renamed, so no partial file ever stands under its final name.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from kamerqa.parsers.metadata import read_meta_json, read_metadata_xml, sidecar_path
from kamerqa.parsers.model import ParseError

from . import fetch_koop, fetch_tk
from .fetch_filters import FetchFilters
from .fetch_http import CHECKS, FetchError, Http, check_xml, partial_owner, process_alive, write_atomically

SOURCES = ("koop", "tk")
KINDS = tuple(dict.fromkeys(tuple(fetch_koop.KIND_QUERIES) + tuple(fetch_tk.KIND_SOORTEN)))


@dataclass
class FetchResult:
    files: list[Path] = field(default_factory=list)  # the document file of every item fetched or present
    downloaded: int = 0
    present: int = 0  # already downloaded and unchanged
    deleted: list[Path] = field(default_factory=list)  # removed because the source deleted them
    skipped: list[tuple[str, str]] = field(default_factory=list)  # nothing kamerqa can read
    failed: list[tuple[str, str]] = field(default_factory=list)  # (item, reason)
    newest: dict[str, str] = field(default_factory=dict)  # source -> newest modification stamp seen
    complete: dict[str, bool] = field(default_factory=dict)  # source -> listed without failures

    @property
    def ok(self) -> bool:
        return not self.failed


@dataclass
class Endpoints:
    koop: str = fetch_koop.DEFAULT_SRU_URL
    tk: str = fetch_tk.DEFAULT_ODATA_URL


def _stamp(value: str) -> datetime.datetime:
    """A modification stamp for comparing: dates and timestamps with any offset."""
    if len(value) == 10:
        value += "T00:00:00+00:00"
    moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.timezone.utc)


def _newer(current: Optional[str], candidate: Optional[str]) -> Optional[str]:
    if not candidate:
        return current
    try:
        return candidate if not current or _stamp(candidate) > _stamp(current) else current
    except ValueError:
        return current


def _sidecar_says(document: Path, name: str, value: Optional[str]) -> bool:
    """Is ``document`` there, with a sidecar recording this ``name`` = ``value``?"""
    sidecar = sidecar_path(document)
    if not document.exists() or not sidecar.exists():
        return False
    try:
        return read_meta_json(sidecar).get(name) == value
    except ParseError:
        return False


def _write_sidecar(document: Path, meta: dict) -> None:
    text = json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    write_atomically(sidecar_path(document), text.encode("utf-8"))


class Fetcher:
    def __init__(
        self,
        into: Path,
        http: Http,
        endpoints: Endpoints = Endpoints(),
        on_event: Optional[Callable[[str], None]] = None,
    ):
        self.into = into
        self.http = http
        self.endpoints = endpoints
        self.on_event = on_event or (lambda message: None)

    # KOOP ---------------------------------------------------------------------------------

    def koop_item(self, record: fetch_koop.KoopRecord, result: FetchResult) -> None:
        folder = self.into / "koop" / record.id
        try:
            self._koop_item(record, folder, result)
        except FetchError:
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()  # no empty folder for a publication that failed
            raise

    def _koop_item(self, record: fetch_koop.KoopRecord, folder: Path, result: FetchResult) -> None:
        best = record.document_url
        if best is None:
            result.skipped.append((record.id, "no XML or PDF manifestation"))
            return
        manifestation, url = best
        document = folder / f"{record.id}.{manifestation}"
        if _sidecar_says(document, "koop_modified", record.modified):
            result.files.append(document)
            result.present += 1
            return
        meta: dict = {"id": record.id}
        if "metadata" in record.urls:
            record_file = folder / "metadata.xml"
            self.http.download(record.urls["metadata"], record_file, check_xml)
            try:
                meta = read_metadata_xml(record_file) or meta
            except ParseError as error:
                raise FetchError(f"{record.urls['metadata']}: {error}") from None
            if meta.get("id") != record.id:  # a record pointing at another publication's files
                record_file.unlink()
                raise FetchError(f"the record names the files of {meta.get('id')}, not of {record.id}")
        self.http.download(url, document, CHECKS["." + manifestation])
        meta.update({"source": "koop", "source_url": url, "koop_modified": record.modified})
        _write_sidecar(document, meta)
        result.files.append(document)
        result.downloaded += 1
        self.on_event(f"downloaded {document}")

    def koop(self, filters: FetchFilters, modified_since: Optional[str], result: FetchResult) -> None:
        if filters.kinds and not set(filters.kinds) & set(fetch_koop.KIND_QUERIES):
            result.complete["koop"] = True
            return
        query = fetch_koop.build_query(filters, modified_since[:10] if modified_since else None)
        records = fetch_koop.iter_records(self.http, self.endpoints.koop, query)
        self._run("koop", records, lambda r: r.id, lambda r: r.modified, self.koop_item, filters.limit, result)

    # Tweede Kamer -------------------------------------------------------------------------

    def tk_item(self, entity: dict, result: FetchResult) -> None:
        if entity.get("Verwijderd"):
            self._remove_tk(entity["Id"], result)
            return
        content_type = (entity.get("ContentType") or "").split(";")[0].strip()
        suffix = fetch_tk.SUFFIX_BY_CONTENT_TYPE.get(content_type)
        if suffix is None:
            result.skipped.append((entity["Id"], f"content type {content_type or '(none)'}"))
            return
        document = self.into / "tk" / f"{entity['Id']}{suffix}"
        if _sidecar_says(document, "tk_gewijzigd_op", entity.get("GewijzigdOp")):
            result.files.append(document)
            result.present += 1
            return
        url = fetch_tk.resource_url(self.endpoints.tk, entity["Id"])
        self.http.download(url, document, CHECKS[suffix])
        _write_sidecar(document, fetch_tk.sidecar_for(entity, url))
        result.files.append(document)
        result.downloaded += 1
        self.on_event(f"downloaded {document}")

    def _remove_tk(self, entity_id: str, result: FetchResult) -> None:
        for suffix in fetch_tk.SUFFIX_BY_CONTENT_TYPE.values():
            document = self.into / "tk" / f"{entity_id}{suffix}"
            sidecar_path(document).unlink(missing_ok=True)
            if document.exists():
                document.unlink()
                result.deleted.append(document)
                self.on_event(f"deleted {document} (removed by the source)")

    def oldest_tk_stamp(self) -> Optional[str]:
        """The oldest ``GewijzigdOp`` among the downloaded TK documents: a deletion of any of
        them is newer than that."""
        oldest = None
        for sidecar in (self.into / "tk").glob("*.meta.json"):
            try:
                stamp = read_meta_json(sidecar).get("tk_gewijzigd_op")
            except ParseError:
                continue
            try:
                if stamp and (oldest is None or _stamp(stamp) < _stamp(oldest)):
                    oldest = stamp
            except ValueError:
                continue
        return oldest

    def tk(self, filters: FetchFilters, modified_since: Optional[str], result: FetchResult) -> None:
        if filters.kinds and not set(filters.kinds) & set(fetch_tk.KIND_SOORTEN):
            result.complete["tk"] = True  # none of these kinds is in this source
            return
        odata_filter = fetch_tk.build_filter(filters, modified_since)
        documents = fetch_tk.iter_entities(self.http, self.endpoints.tk, odata_filter)
        deletions_since = modified_since or self.oldest_tk_stamp()
        deletions = (
            fetch_tk.iter_entities(self.http, self.endpoints.tk, fetch_tk.deleted_filter(deletions_since))
            if deletions_since else ()
        )
        # Documents come oldest change first, so a limited run may still move the sync state
        # up to the newest one it saw; deletions give no stamp (they would skip documents).
        self._run(
            "tk", _chain_limited(documents, filters.limit, deletions), lambda e: e["Id"],
            lambda e: None if e.get("Verwijderd") else e.get("GewijzigdOp"), self.tk_item, None, result,
        )

    # Both ---------------------------------------------------------------------------------

    def _run(self, source, items: Iterator, name_of, stamp_of, fetch_item, limit, result: FetchResult) -> None:
        complete = True
        newest = None
        count = 0
        try:
            for item in items:
                if limit is not None and count >= limit:
                    complete = False  # more to come: a limited run has not seen everything
                    break
                count += 1
                try:
                    fetch_item(item, result)
                    newest = _newer(newest, stamp_of(item))
                except FetchError as error:
                    complete = False
                    result.failed.append((f"{source} {name_of(item)}", str(error)))
                except OSError as error:  # a full disk or an unwritable folder: this item fails
                    complete = False
                    result.failed.append((f"{source} {name_of(item)}", f"cannot write: {error}"))
        except FetchError as error:  # the listing itself failed: nothing more from this source
            complete = False
            result.failed.append((f"{source} listing", str(error)))
        if newest:
            result.newest[source] = newest
        result.complete[source] = complete

    def fetch(
        self,
        sources: Iterable[str],
        filters: FetchFilters,
        modified_since: Optional[dict[str, Optional[str]]] = None,
    ) -> FetchResult:
        result = FetchResult()
        remove_stale_partial_files(self.into)
        modified_since = modified_since or {}
        for source in sources:
            getattr(self, source)(filters, modified_since.get(source), result)
        return result


def remove_stale_partial_files(into: Path) -> None:
    """Temporary files of runs that were killed (``.<name>.<pid>.part``, see
    ``fetch_http.partial_path``): removed when their process is gone."""
    for partial in list(into.glob("*/.*.part")) + list(into.glob("koop/*/.*.part")):
        if not process_alive(partial_owner(partial)):
            partial.unlink(missing_ok=True)


def _chain_limited(first: Iterable, limit: Optional[int], then: Iterable) -> Iterator:
    """At most ``limit`` items of ``first``, then all of ``then`` (deletions are never limited)."""
    for number, item in enumerate(first):
        if limit is not None and number >= limit:
            break
        yield item
    yield from then


def fetch(
    into: Path,
    http: Http,
    sources: Iterable[str] = SOURCES,
    filters: FetchFilters = FetchFilters(),
    endpoints: Endpoints = Endpoints(),
    modified_since: Optional[dict[str, Optional[str]]] = None,
    on_event: Optional[Callable[[str], None]] = None,
) -> FetchResult:
    """Download what the filters select from ``sources`` into ``into``; see the module doc."""
    return Fetcher(Path(into), http, endpoints, on_event).fetch(sources, filters, modified_since)
