"""officielebekendmakingen (KOOP): SRU 2.0 search in CQL, and the files its records name.

A record carries the publication's metadata and the URL of every manifestation
(``gzd:itemUrl manifestation="xml|pdf|metadata|…"``). kamerqa fetches the XML where there is
one (the ground truth, and fast to parse), else the PDF, and the ``metadata.xml`` beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Optional

from .fetch_filters import FetchFilters
from .fetch_http import FetchError, Http, parse_xml

DEFAULT_SRU_URL = "https://repository.overheid.nl/sru"
PAGE_SIZE = 100

_NS = {
    "sru": "http://docs.oasis-open.org/ns/search-ws/sruResponse",
    "gzd": "http://standaarden.overheid.nl/sru",
    "dcterms": "http://purl.org/dc/terms/",
    "w": "http://standaarden.overheid.nl/wetgeving/",
    "cd": "http://standaarden.overheid.nl/cup/data",
    "diag": "http://docs.oasis-open.org/ns/search-ws/diagnostic",
}

# The Tweede Kamer's publications, formatted versions only (an unformatted one is replaced
# by its formatted version later); this is the clause of the service's own daily harvest.
BASE_QUERY = (
    'w.organisatietype=="staten generaal" and c.product-area=="officielepublicaties" and '
    '( w.documentstatus=="Opgemaakt" or w.documentstatus=="Opgemaakt na onopgemaakt" '
    'or dt.type=="Bijlage" )'
)

# kamerqa's document kinds as CQL clauses on the publication name / Kamerstuk type.
KIND_QUERIES = {
    "kamervragen": '( w.publicatienaam=="Kamervragen (Aanhangsel)" '
    'or w.publicatienaam=="Kamervragen zonder antwoord" )',
    "schriftelijk_overleg": 'w.subrubriek=="Verslag van een schriftelijk overleg"',
    "lijst_vragen_antwoorden": 'w.subrubriek=="Lijst van vragen en antwoorden"',
    "brief": 'w.subrubriek=="Brief"',
    "motie": 'w.subrubriek=="Motie"',
    "handelingen": 'w.publicatienaam=="Handelingen"',
    "bijlage": 'dt.type=="Bijlage"',
}

# Manifestations kamerqa can parse, best first.
DOCUMENT_MANIFESTATIONS = ("xml", "pdf")


def cql_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def build_query(filters: FetchFilters, modified_since: Optional[str] = None) -> str:
    """The CQL query for these filters (dates as YYYY-MM-DD)."""
    clauses = [BASE_QUERY]
    kinds = [k for k in filters.kinds if k in KIND_QUERIES]
    if kinds:
        clauses.append("( " + " or ".join(KIND_QUERIES[k] for k in kinds) + " )")
    if filters.dossier:
        clauses.append(f"w.dossiernummer=={cql_string(filters.dossier)}")
    if filters.since:
        clauses.append(f"dt.date>={cql_string(filters.since)}")
    if filters.until:
        clauses.append(f"dt.date<={cql_string(filters.until)}")
    if modified_since:
        clauses.append(f"dt.modified>={cql_string(modified_since)}")
    return " and ".join(clauses)


@dataclass
class KoopRecord:
    id: str
    modified: str  # when the publication last changed (the SRU dt.modified date, or finer)
    urls: dict[str, str] = field(default_factory=dict)  # manifestation -> URL

    @property
    def document_url(self) -> Optional[tuple[str, str]]:
        """(suffix, URL) of the best manifestation kamerqa can parse."""
        for manifestation in DOCUMENT_MANIFESTATIONS:
            if manifestation in self.urls:
                return manifestation, self.urls[manifestation]
        return None


def _text(element, path: str) -> Optional[str]:
    found = element.find(path, _NS)
    return found.text.strip() if found is not None and found.text else None


def parse_record(record) -> KoopRecord:
    identifier = _text(record, ".//dcterms:identifier")
    if not identifier:
        raise FetchError("SRU record without dcterms:identifier")
    modified = (
        _text(record, ".//cd:datumTijdstipWijzigingExpression")
        or _text(record, ".//dcterms:modified")
        or ""
    )
    urls = {
        item.get("manifestation"): item.text.strip()
        for item in record.iterfind(".//gzd:itemUrl", _NS)
        if item.get("manifestation") and item.text
    }
    return KoopRecord(id=identifier, modified=modified, urls=urls)


def parse_page(data: bytes) -> tuple[list[KoopRecord], Optional[int], int]:
    """Records of one SRU response, the next start position (None at the end), and the total."""
    root = parse_xml(data, "SRU response")
    diagnostic = root.find(".//diag:message", _NS)
    if diagnostic is not None:
        raise FetchError(f"SRU error: {diagnostic.text}")
    if root.tag != f"{{{_NS['sru']}}}searchRetrieveResponse":
        raise FetchError(f"not an SRU searchRetrieveResponse (root element {root.tag})")
    records = [parse_record(r) for r in root.iterfind("sru:records/sru:record", _NS)]
    next_position = _text(root, "sru:nextRecordPosition")
    total = _text(root, "sru:numberOfRecords")
    return records, int(next_position) if next_position else None, int(total or 0)


def iter_records(
    http: Http, sru_url: str, query: str, page_size: int = PAGE_SIZE
) -> Iterator[KoopRecord]:
    """Every record the query finds, page by page (``startRecord`` / ``nextRecordPosition``)."""
    start = 1
    while True:
        data = http.get(
            sru_url,
            params={
                "query": query,
                "startRecord": start,
                "maximumRecords": page_size,
                "httpAccept": "application/xml",
            },
        )
        records, next_position, _total = parse_page(data)
        yield from records
        if next_position is None or next_position <= start or not records:
            return
        start = next_position
