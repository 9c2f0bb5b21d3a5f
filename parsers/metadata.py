"""Known metadata from beside a document: a ``<file>.meta.json`` sidecar, or an official
``metadata.xml`` record in the officielebekendmakingen format.

A document's own text often lacks its official identifier (a letter prints "Nr. 190" but
not its dossier); the sidecar supplies what is known, and wins over what the text suggests.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from .model import ParseError

# Fields a sidecar may set directly on ParsedDocument; anything else goes to ``extra``.
DOCUMENT_FIELDS = ("id", "kind", "title", "date", "dossier", "number", "vergaderjaar")

# OB DC.type values (schemes OVERHEIDop.Parlementair / KamerstukTypen / AanhangselTypen).
_KIND_BY_OB_TYPE = {
    "motie": "motie",
    "brief": "brief",
    "bijlage": "bijlage",
    "aanhangsel van de handelingen": "kamervragen",
    "kamervragen zonder antwoord": "kamervragen",
    "lijst van vragen en antwoorden": "lijst_vragen_antwoorden",
    "verslag van een schriftelijk overleg": "schriftelijk_overleg",
}
# The most specific types first: a Motie is also a "Kamerstuk".
_OB_TYPE_SCHEMES = ("OVERHEIDop.KamerstukTypen", "OVERHEIDop.Parlementair")


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + ".meta.json")


def read_meta_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise ParseError(f"metadata sidecar {path.name} is not valid JSON: {error}")
    if not isinstance(data, dict):
        raise ParseError(f"metadata sidecar {path.name} must hold a JSON object")
    return data


def read_metadata_xml(path: Path) -> dict:
    """Map an officielebekendmakingen metadata record onto kamerqa's document fields."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        raise ParseError(f"{path.name} is not well-formed XML: {error}")
    values: dict[str, list[str]] = {}
    typed: dict[str, str] = {}
    for element in root.iter("metadata"):
        name, content = element.get("name"), element.get("content")
        if not name or content is None:
            continue
        values.setdefault(name, []).append(content)
        if name == "DC.type" and element.get("scheme"):
            typed[element.get("scheme")] = content

    def first(name: str):
        found = values.get(name)
        return found[0] if found else None

    meta: dict = {}
    if first("DC.identifier"):
        meta["id"] = first("DC.identifier")
    title = first("OVERHEIDop.documenttitel") or first("DC.title")
    if title:
        meta["title"] = title
    if first("OVERHEIDop.dossiernummer"):
        meta["dossier"] = first("OVERHEIDop.dossiernummer")
    number = first("OVERHEIDop.ondernummer") or first("OVERHEIDop.aanhangselNummer")
    if number:
        meta["number"] = number
    if first("OVERHEIDop.vergaderjaar"):
        meta["vergaderjaar"] = first("OVERHEIDop.vergaderjaar")
    date = first("DCTERMS.issued") or first("DCTERMS.available")
    if date:
        meta["date"] = date
    for scheme in _OB_TYPE_SCHEMES:
        kind = _KIND_BY_OB_TYPE.get((typed.get(scheme) or "").lower())
        if kind:
            meta["kind"] = kind
            break
    if first("OVERHEIDop.dossiertitel"):
        meta["dossier_title"] = first("OVERHEIDop.dossiertitel")
    if values.get("OVERHEIDop.indiener"):
        meta["indieners"] = values["OVERHEIDop.indiener"]
    if first("OVERHEIDop.datumOntvangst"):
        meta["received"] = first("OVERHEIDop.datumOntvangst")
    if first("OVERHEIDop.vraagnummer"):
        meta["vraagnummer"] = first("OVERHEIDop.vraagnummer")
    if first("OVERHEIDop.hoofddocument"):
        meta["main_document"] = first("OVERHEIDop.hoofddocument")
    if values.get("OVERHEID.category"):
        meta["categories"] = values["OVERHEID.category"]
    return meta


def _metadata_xml_applies(path: Path, record: Path, meta: dict) -> bool:
    # An OB record describes one publication; its folder holds that publication in
    # several formats, named after the identifier.
    return path.stem == meta.get("id") or path.parent.name == meta.get("id")


def read_known_metadata(path: Path) -> dict:
    """Metadata for ``path`` from its sidecar, else from a matching ``metadata.xml``."""
    sidecar = sidecar_path(path)
    if sidecar.exists():
        return read_meta_json(sidecar)
    record = path.with_name("metadata.xml")
    if record.exists() and record != path:
        meta = read_metadata_xml(record)
        if _metadata_xml_applies(path, record, meta):
            return meta
    return {}
