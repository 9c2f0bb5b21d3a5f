"""Dutch dates as printed ("16 december 2020", "3 mrt. 2021") to ISO 8601."""

from __future__ import annotations

import datetime
import re
from typing import Optional

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "augustus": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10,
    "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

# For embedding in a larger pattern: three groups, day, month name and year.
DATE_PATTERN = (
    r"(\d{1,2})\s+(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?\s+(\d{4})"
)
DATE_RE = re.compile(r"\b" + DATE_PATTERN + r"\b", re.IGNORECASE)


def dutch_date(text: Optional[str]) -> Optional[str]:
    """The first valid Dutch date in ``text`` as "YYYY-MM-DD", or None."""
    for m in DATE_RE.finditer(text or ""):
        try:
            date = datetime.date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
        except ValueError:  # "31 februari": a misprint is no date
            continue
        return date.isoformat()
    return None
