"""ISO values of :class:`~graphbuild.model.EventTime` (``2018-06-15``, ``2018-06``, ``2018-Q2``,
``2018``, periods ``2015/..``) and the days they cover. Extraction writes them
(:mod:`graphbuild.relations.dates`); time windows and scoring read them.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

__all__ = ["bounds_of_value", "day_bounds", "iso_value"]


def day_bounds(d: date, precision: str) -> tuple[str, str]:
    """First and last day of the period of ``precision`` that contains ``d``."""
    if precision == "day":
        return d.isoformat(), d.isoformat()
    if precision == "month":
        last = calendar.monthrange(d.year, d.month)[1]
        return date(d.year, d.month, 1).isoformat(), date(d.year, d.month, last).isoformat()
    if precision == "quarter":
        q0 = 3 * ((d.month - 1) // 3) + 1
        last = calendar.monthrange(d.year, q0 + 2)[1]
        return date(d.year, q0, 1).isoformat(), date(d.year, q0 + 2, last).isoformat()
    return date(d.year, 1, 1).isoformat(), date(d.year, 12, 31).isoformat()


def iso_value(d: date, precision: str) -> str:
    """``2018-06-15`` / ``2018-06`` / ``2018-Q2`` / ``2018``."""
    if precision == "day":
        return d.isoformat()
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if precision == "quarter":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    return f"{d.year:04d}"


def bounds_of_value(value: str) -> tuple[str, str] | None:
    """First and last day of an ISO value :func:`iso_value` writes (``""`` for an open end).

    >>> bounds_of_value("2018-Q2"), bounds_of_value("2015/..")
    (('2018-04-01', '2018-06-30'), ('2015-01-01', ''))
    """
    if "/" in value:
        a, b = value.split("/", 1)
        left = bounds_of_value(a) if a != ".." else ("", "")
        right = bounds_of_value(b) if b != ".." else ("", "")
        if left is None or right is None:
            return None
        return left[0], right[1]
    m = re.fullmatch(r"(\d{4})(?:-(Q[1-4]|\d{2})(?:-(\d{2}))?)?", value)
    if not m:
        return None
    year, mid, day = m.groups()
    try:
        if day:
            return day_bounds(date(int(year), int(mid), int(day)), "day")
        if mid and mid.startswith("Q"):
            return day_bounds(date(int(year), 3 * int(mid[1]) - 2, 1), "quarter")
        if mid:
            return day_bounds(date(int(year), int(mid), 1), "month")
        return day_bounds(date(int(year), 1, 1), "year")
    except ValueError:
        return None
