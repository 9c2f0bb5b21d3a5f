"""The Tweede Kamer's open data (OData v4): ``Document`` entities and their files.

Entities are filtered on ``Soort``, ``Datum`` and, for an incremental sync, ``GewijzigdOp``.
A document's file is ``Document(<Id>)/resource``, in the type ``ContentType`` announces. An
entity with ``"Verwijderd": true`` (all other fields null) removes the document of that Id.
"""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Iterator, Optional
from urllib.parse import urljoin

from .fetch_filters import FetchFilters
from .fetch_http import FetchError, Http, parse_json

DEFAULT_ODATA_URL = "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/"
PAGE_SIZE = 250  # the service's own page size

# kamerqa's document kinds as the Soort values that carry them.
KIND_SOORTEN = {
    "kamervragen": (
        "Schriftelijke vragen", "Antwoord schriftelijke vragen", "Mededeling (uitstel antwoord)",
        "Antwoord schriftelijke vragen (nader)",
    ),
    "schriftelijk_overleg": ("Verslag van een schriftelijk overleg", "Inbreng verslag schriftelijk overleg"),
    "lijst_vragen_antwoorden": (
        "Lijst van vragen en antwoorden", "Verslag houdende een lijst van vragen en antwoorden",
    ),
    "brief": ("Brief regering",),
    "motie": ("Motie", "Motie (gewijzigd/nader)"),
}
KIND_BY_SOORT = {soort: kind for kind, soorten in KIND_SOORTEN.items() for soort in soorten}

SUFFIX_BY_CONTENT_TYPE = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}


def odata_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _dutch_midnight(date: str) -> str:
    """Midnight of a Dutch calendar day: the service dates documents at local midnight
    ("2025-05-01T00:00:00+02:00"), so a day starts there, not at midnight UTC."""
    day = datetime.date.fromisoformat(date)
    try:
        zone = zoneinfo.ZoneInfo("Europe/Amsterdam")
    except zoneinfo.ZoneInfoNotFoundError:  # no time zone data: winter time is the earlier start
        zone = datetime.timezone(datetime.timedelta(hours=1))
    return datetime.datetime.combine(day, datetime.time(), zone).isoformat()


def odata_datetime(value: str) -> str:
    """A YYYY-MM-DD date (a Dutch day) or an ISO timestamp as an OData DateTimeOffset literal."""
    return _dutch_midnight(value) if len(value) == 10 else value


def build_filter(filters: FetchFilters, modified_since: Optional[str] = None) -> str:
    """The ``$filter`` for documents that exist (deletions are asked for separately)."""
    clauses = ["Verwijderd eq false"]
    soorten = [s for kind in (filters.kinds or tuple(KIND_SOORTEN)) for s in KIND_SOORTEN.get(kind, ())]
    clauses.append("(" + " or ".join(f"Soort eq {odata_string(s)}" for s in soorten) + ")")
    if filters.since:
        clauses.append(f"Datum ge {odata_datetime(filters.since)}")
    if filters.until:  # the whole day of ``until``
        next_day = datetime.date.fromisoformat(filters.until) + datetime.timedelta(days=1)
        clauses.append(f"Datum lt {_dutch_midnight(next_day.isoformat())}")
    if modified_since:
        clauses.append(f"GewijzigdOp ge {odata_datetime(modified_since)}")
    if filters.dossier:
        clauses.append(f"Kamerstukdossier/any(d: d/Nummer eq {int(filters.dossier)})")
    return " and ".join(clauses)


def deleted_filter(modified_since: str) -> str:
    return f"Verwijderd eq true and GewijzigdOp ge {odata_datetime(modified_since)}"


def iter_entities(http: Http, odata_url: str, odata_filter: str) -> Iterator[dict]:
    """Every ``Document`` entity matching the filter, following ``@odata.nextLink``."""
    url: Optional[str] = urljoin(odata_url, "Document")
    params: Optional[dict] = {
        "$filter": odata_filter,
        "$orderby": "GewijzigdOp",
        "$top": str(PAGE_SIZE),
        "$expand": "Kamerstukdossier($select=Nummer,Toevoeging)",
    }
    while url:
        page = parse_json(http.get(url, params=params), f"{url}: OData page")
        if not isinstance(page, dict) or not isinstance(page.get("value"), list):
            raise FetchError(f"{url}: not an OData page (no 'value' list)")
        for entity in page["value"]:
            if not isinstance(entity, dict) or not entity.get("Id"):
                raise FetchError(f"{url}: OData entity without Id")
            yield entity
        url, params = page.get("@odata.nextLink"), None  # the link carries its own query


def resource_url(odata_url: str, entity_id: str) -> str:
    return urljoin(odata_url, f"Document({entity_id})/resource")


def official_id(entity: dict) -> Optional[str]:
    """The officielebekendmakingen id of this document, where the entity tells it.

    An answer's ``Aanhangselnummer`` is the session year's short form and the number
    ("242502391": 2024-2025, nr. 2391); a Kamerstuk is its dossier and ``Volgnummer``.
    """
    year = (entity.get("Vergaderjaar") or "").replace("-", "")
    number = entity.get("Aanhangselnummer") or ""
    if len(year) == 8 and number.isdigit() and len(number) > 4 and number[:4] == year[2:4] + year[6:8]:
        return f"ah-tk-{year}-{int(number[4:])}"
    dossiers = entity.get("Kamerstukdossier") or []
    volgnummer = entity.get("Volgnummer")
    if len(dossiers) == 1 and isinstance(volgnummer, int) and volgnummer > 0:
        toevoeging = dossiers[0].get("Toevoeging") or ""
        return f"kst-{dossiers[0].get('Nummer')}{'-' + toevoeging if toevoeging else ''}-{volgnummer}"
    return None


def sidecar_for(entity: dict, url: str) -> dict:
    """What the entity says about its document, as a ``.meta.json`` sidecar."""
    meta: dict = {}
    identifier = official_id(entity)
    if identifier:
        meta["id"] = identifier
    kind = KIND_BY_SOORT.get(entity.get("Soort") or "")
    if kind:
        meta["kind"] = kind
    title = entity.get("Onderwerp") or entity.get("Titel")
    if title:
        meta["title"] = title
    if entity.get("Datum"):
        meta["date"] = entity["Datum"][:10]
    if entity.get("Vergaderjaar"):
        meta["vergaderjaar"] = entity["Vergaderjaar"]
    meta.update(
        {
            "source": "tk",
            "source_url": url,
            "tk_id": entity["Id"],
            "tk_soort": entity.get("Soort"),
            "tk_documentnummer": entity.get("DocumentNummer"),
            "tk_gewijzigd_op": entity.get("GewijzigdOp"),
        }
    )
    return meta
