"""Canonical short names of the parties (fracties) in the Tweede Kamer.

``canonical_party("Groen Links")`` → ``"GroenLinks"``; ``canonical_party("fractie van de
Partij van de Arbeid")`` → ``"PvdA"``; unknown names → ``None``. ``party_details`` gives the full name and other spellings.
"""

from __future__ import annotations

import re
from typing import Optional

def _key(name: str) -> str:
    """Lowercase, without spaces, hyphens, dots and the like."""
    return re.sub(r"[\s\-–‐./'’]+", "", name.lower())


# canonical name -> (full name, other spellings)
PARTIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "VVD": ("Volkspartij voor Vrijheid en Democratie", ()),
    "D66": ("Democraten 66", ("Democraten '66",)),
    "GroenLinks": ("GroenLinks", ("GL", "Groen Links")),
    "PvdA": ("Partij van de Arbeid", ()),
    "GroenLinks-PvdA": (
        "GroenLinks-Partij van de Arbeid",
        ("GL-PvdA", "GL/PvdA", "GroenLinks/PvdA", "GroenLinks/Partij van de Arbeid"),
    ),
    "CDA": ("Christen-Democratisch Appèl", ("Christen Democratisch Appel",)),
    "SP": ("Socialistische Partij", ()),
    "PVV": ("Partij voor de Vrijheid", ()),
    "ChristenUnie": ("ChristenUnie", ("CU", "Christen Unie")),
    "SGP": ("Staatkundig Gereformeerde Partij", ()),
    "PvdD": ("Partij voor de Dieren", ()),
    "NSC": ("Nieuw Sociaal Contract", ()),
    "BBB": ("BoerBurgerBeweging", ("Boer Burger Beweging",)),
    "JA21": ("JA21", ("JA 21",)),
    "FvD": ("Forum voor Democratie", ()),
    "Volt": ("Volt Nederland", ()),
    "DENK": ("DENK", ()),
    "50PLUS": ("50PLUS", ("50+", "50 Plus")),
    "BIJ1": ("BIJ1", ("Bij Eén",)),
}

_ALIASES: dict[str, str] = {}
for _party, (_full, _others) in PARTIES.items():
    for _alias in (_party, _full, *_others):
        _ALIASES[_key(_alias)] = _party


def party_details(name: str) -> tuple[Optional[str], list[str]]:
    """``(full name, other spellings)`` of a party, by any of its names; ``(None, [])`` when
    unknown."""
    party = canonical_party(name)
    if party is None:
        return None, []
    full, others = PARTIES[party]
    return full, [a for a in (full, *others) if a != party]


CANONICAL = tuple(PARTIES)

# "fractie van de …", "de …-fractie", "leden van de … fractie"
_WRAPPER_RE = re.compile(
    r"^(?:de\s+)?(?:leden\s+van\s+de\s+)?(?:fractie\s+van\s+(?:de\s+|het\s+)?)?(.*?)"
    r"(?:[\s\-–]*fractie(?:leden)?)?$",
    re.IGNORECASE,
)


def canonical_party(name: Optional[str]) -> Optional[str]:
    """The canonical short name for ``name`` ("GL" → "GroenLinks"), or None if unknown."""
    if not name:
        return None
    name = name.strip().strip(".,;:()")
    for candidate in (name, _WRAPPER_RE.match(name).group(1)):
        party = _ALIASES.get(_key(candidate))
        if party:
            return party
    return None
