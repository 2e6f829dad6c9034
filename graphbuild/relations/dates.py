"""Date expressions -> :class:`~graphbuild.model.EventTime`, resolved against the article's
publication date.

spaCy's ``DATE`` entities find the expressions; `dateparser` reads them (``"last June"``,
``"on Monday"``, ``"two years ago"`` relative to the publication date, preferring the past)
and says at which precision (day, month, year). What is written here is only what dateparser
does not do: open and closed periods (``since 2015``, ``until March``, ``between 2019 and
2021``), quarters, and dropping hedges such as ``early`` or ``mid-``. The words come from
``ontology/qualifiers.tsv``.

>>> parse_date("last June", "2018-10-24").value
'2018-06'
>>> parse_date("since 2015", "2018-10-24").value
'2015/..'
>>> parse_date("in recent months", "2018-10-24") is None
True
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from graphbuild.model.dates import day_bounds as _bounds
from graphbuild.model.dates import iso_value
from graphbuild.model.records import EventTime
from graphbuild.vocab.wordlists import load_qualifier_words

PRECISIONS = ("day", "month", "quarter", "year")
_WORD = re.compile(r"[\w$£€¥-]+(?:\.(?=\s|$))?|[^\w\s]")
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
_WEEKDAYS = frozenset(calendar.day_name[i].lower() for i in range(7))
_MONTHS = {**{calendar.month_name[i].lower(): i for i in range(1, 13)},
           **{calendar.month_abbr[i].lower(): i for i in range(1, 13)}, "sept": 9}
_ABSOLUTE = re.compile(r"^([a-z]+)\.? (?:(\d{1,2}) )?(1[89]\d\d|20\d\d)$")
_QUARTER = re.compile(r"\b(?:(q[1-4])\s*(\d{4})|(\w+)\s+quarter\s+(?:of\s+)?(\d{4}))\b", re.I)


@lru_cache(maxsize=256)
def _parser(published: str):
    """One dateparser parser per publication date (relative phrases resolve against it)."""
    from dateparser.date import DateDataParser

    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False,
                                   "PREFER_DAY_OF_MONTH": "first"}
    base = _base(published)
    if base is not None:
        settings["RELATIVE_BASE"] = base
    return DateDataParser(languages=["en"], settings=settings)


def _base(published: str) -> datetime | None:
    try:
        return datetime.strptime(published[:10], "%Y-%m-%d") if published else None
    except ValueError:
        return None


def _point(text: str, base: datetime | None) -> tuple[date, str] | None:
    """One date phrase -> (a day inside it, precision), or None."""
    words = load_qualifier_words()
    tokens = [t for t in _WORD.findall(text.lower()) if t not in {",", "'"}]
    if not tokens or any(t in words["reject"] for t in tokens):
        return None
    q = _QUARTER.search(" ".join(tokens))
    if q:
        n = words["quarter"].get((q.group(1) or q.group(3) or "").lower())
        if not n:
            return None
        return date(int(q.group(2) or q.group(4)), 3 * int(n) - 2, 1), "quarter"
    # hedges and prepositions off the front, one at a time, until the parser reads the rest
    # ("earlier this month" -> "this month", "in early 2023" -> "2023")
    while tokens:
        got = _read(" ".join(tokens).replace("mid-", ""), base)
        if got is not None:
            return got
        if tokens[0] not in words["drop"] and tokens[0].rstrip("-") not in words["drop"]:
            return None
        tokens = tokens[1:]
    return None


@lru_cache(maxsize=4096)
def _read(phrase: str, base: datetime | None) -> tuple[date, str] | None:
    """One phrase read by dateparser (absolute "June 3, 2021" / "June 2021" read directly:
    dateparser gives the same and is slow)."""
    if _YEAR.match(phrase):
        return date(int(phrase), 1, 1), "year"
    m = _ABSOLUTE.match(phrase)
    if m and m.group(1) in _MONTHS:
        month, year = _MONTHS[m.group(1)], int(m.group(3))
        if not m.group(2):
            return date(year, month, 1), "month"
        if 1 <= int(m.group(2)) <= calendar.monthrange(year, month)[1]:
            return date(year, month, int(m.group(2))), "day"
    if not any(c.isdigit() for c in phrase) and base is None:
        return None  # "June", "Monday" mean nothing without the publication date
    data = _parser(base.date().isoformat() if base else "").get_date_data(phrase)
    if data is None or data.date_obj is None:
        return None
    when, period = data.date_obj, data.period
    precision = {"day": "day", "week": "day", "month": "month", "year": "year"}.get(period or "day")
    if precision is None:
        return None
    years = re.findall(r"\d{4}", phrase)
    if years and str(when.year) not in years:
        return None  # "the 1990s": dateparser fell back to another date
    if base is not None and precision == "day" and when.date() == base.date() and not years \
            and phrase != "today" and not re.search(r"\d", phrase):
        return None  # a phrase dateparser half-reads comes back as the base date
    if base is not None and precision == "day" and when.date() == (base - timedelta(days=7)).date() \
            and phrase.split()[-1] in _WEEKDAYS and len(phrase.split()) <= 2:
        return base.date(), precision  # "on Tuesday" in an article of Tuesday is that day
    return when.date(), precision


def parse_date(text: str, published: str = "") -> EventTime | None:
    """A date phrase of a sentence -> :class:`EventTime` (None when it names no date).

    Relative phrases ("last June", "on Monday", "two years ago", "this month") are resolved
    against ``published`` (``YYYY-MM-DD``); without it only absolute phrases resolve.
    """
    words = load_qualifier_words()
    clean = " ".join(text.split())
    low = clean.lower()
    base = _base(published)
    first = low.split(" ", 1)[0] if low else ""
    if first in words["range"]:
        joiner = words["range"][first]
        joiners = "|".join(re.escape(j) for j in joiner.split("|"))
        m = re.match(rf"^{re.escape(first)}\s+(.+?)\s+(?:{joiners})\s+(.+)$", clean, re.I)
        if m:
            a, b = _point(m.group(1), base), _point(m.group(2), base)
            if a and b:
                start, end = _bounds(a[0], a[1])[0], _bounds(b[0], b[1])[1]
                return EventTime(clean, f"{iso_value(*a)}/{iso_value(*b)}", a[1], start, end)
        if first != "from":
            return None
    if first in words["open_start"] or first in words["open_end"]:
        got = _point(clean.split(" ", 1)[1] if " " in clean else "", base)
        if got is None:
            return None
        start, end = _bounds(*got)
        value = iso_value(*got)
        if first in words["open_start"]:
            return EventTime(clean, f"{value}/..", got[1], start, "")
        return EventTime(clean, f"../{value}", got[1], "", end)
    got = _point(clean, base)
    if got is None:
        return None
    start, end = _bounds(*got)
    return EventTime(clean, iso_value(*got), got[1], start, end)
