"""Money expressions -> :class:`~graphbuild.model.Money` (value, ISO 4217 currency, text).

spaCy's ``MONEY`` entities find the expressions; `price-parser` reads the number and the
currency sign or word out of them. Two things it leaves to us are data in
``ontology/qualifiers.tsv``: the scale words ("$41 million", "£1m", "$1.2bn") and the ISO 4217
code of a sign or word ("£" -> GBP, "dollars" -> USD).

>>> parse_money("$41 million")
Money(value=41000000.0, currency='USD', text='$41 million')
>>> parse_money("£1.2bn").value
1200000000.0
>>> parse_money("tens of millions of dollars") is None
True
"""

from __future__ import annotations

import re

from graphbuild.model.records import Money
from graphbuild.vocab.wordlists import load_qualifier_words

_NUMBER_THEN_WORD = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*-?\s*([A-Za-z]+)\b")
_CODE = re.compile(r"\b([A-Za-z]{3})\b")


def _currency(text: str, sign: str | None) -> str:
    table = load_qualifier_words()["currency"]
    if sign:
        code = table.get(sign.strip().lower())
        if code:
            return code
        if len(sign.strip()) == 3 and sign.strip().isalpha():
            return sign.strip().upper()
    for word in re.findall(r"[^\W\d_]+|[$£€¥₹]", text.lower()):
        code = table.get(word)
        if code:
            return code
    return ""


def parse_money(text: str, default_currency: str = "") -> Money | None:
    """An amount phrase -> :class:`Money`, or None when it has no number or no currency.

    A bare "$" is the US dollar; an amount without any currency word gets ``default_currency``
    (none by default, so "300,000" alone is not money).
    """
    from price_parser import Price

    clean = " ".join(text.split())
    price = Price.fromstring(clean)
    if price.amount is None:
        return None
    value = float(price.amount)
    scales = load_qualifier_words()["scale"]
    m = _NUMBER_THEN_WORD.search(clean)
    if m:
        factor = scales.get(m.group(2).lower())
        if factor:
            value *= float(factor)
    currency = _currency(clean, price.currency) or default_currency
    if not currency:
        return None
    return Money(round(value, 2), currency, clean)
