"""Later references to a company: its distinctive first word, and descriptions with modifiers
(invented sentences, the real pipeline)."""

from __future__ import annotations


def mentions(nlp, text: str) -> list[tuple[str, str, str]]:
    doc = nlp(text)
    by_start = {s.start_char: s.text for s in doc.spans["gb_mentions"]}
    out = []
    for s in doc.spans["gb_mentions"]:
        ante = by_start.get(int(s.kb_id_[1:]), "") if s.kb_id_.startswith("@") else ""
        out.append((s.text, s.id_, ante))
    return out


def test_a_company_is_later_called_by_its_distinctive_first_word(nlp):
    got = mentions(nlp, "Veridian Semiconductor Corp. reported results on Monday. "
                        "Veridian sold its packaging unit to a rival.")
    assert ("Veridian", "name", "Veridian Semiconductor Corp.") in got


def test_a_common_first_word_does_not_stand_for_the_company(nlp):
    got = mentions(nlp, "General Widget Corp. reported results. General prices rose, the report said.")
    assert not any(text == "General" for text, _, _ in got)


def test_a_first_word_the_article_uses_as_a_common_word_is_not_a_short_name(nlp):
    got = mentions(nlp, "Harbour Freight Logistics Ltd. opened a depot. Ships left the harbour early; "
                        "Harbour officials said nothing.")
    assert not any(text == "Harbour" and ante for text, _, ante in got)


def test_a_description_with_modifiers_points_to_the_company(nlp):
    got = mentions(nlp, "Pixelbay Inc. was fined $2 million. The Seattle-based company said it would appeal.")
    assert ("company", "description", "Pixelbay Inc.") in got


def test_another_company_is_not_the_company_named_before(nlp):
    got = mentions(nlp, "Pixelbay Inc. was fined. The other company said nothing.")
    assert not any(text.endswith("company") for text, _, _ in got)
