"""The relation component on invented sentences with the real spaCy pipeline."""

from __future__ import annotations

import pytest

from graphbuild.config import Config
from graphbuild.runners import extract_texts

pytestmark = pytest.mark.model


def relations(nlp, text: str) -> set[tuple[str, str, str, bool]]:
    doc = nlp(text)
    return {(r.subject.text, r.predicate.value, r.object.text, r.negated) for r in doc._.gb_relations}


@pytest.mark.parametrize("text, expected", [
    ("Microsoft pitched its analytics platform to the Department of Homeland Security last year.",
     ("Microsoft", "pitched", "Department of Homeland Security", False)),
    ("The Federal Trade Commission filed a lawsuit against Oracle Corporation on Tuesday.",
     ("Federal Trade Commission", "sued", "Oracle Corporation", False)),
    ("Oracle Corporation was acquired by Microsoft in 2019.",
     ("Microsoft", "acquired", "Oracle Corporation", False)),
    ("Oracle Corporation entered into a deferred prosecution agreement with the Department of Justice.",
     ("Oracle Corporation", "contractedWith", "Department of Justice", False)),
    ("A study conducted by the Electronic Frontier Foundation found that Clearview AI misidentified dozens "
     "of people.", ("Electronic Frontier Foundation", "studied", "Clearview AI", False)),
    ("The Securities and Exchange Commission appreciates the assistance of the Federal Bureau of "
     "Investigation and the Internal Revenue Service.",
     ("Securities and Exchange Commission", "partneredWith", "Internal Revenue Service", False)),
    ("The Federal Trade Commission and the Ohio Attorney General settled with Oracle Corporation.",
     ("Federal Trade Commission", "partneredWith", "Ohio Attorney General", False)),
])
def test_relation_patterns(nlp, text, expected):
    assert expected in relations(nlp, text)


def test_nationality_of_a_named_company_is_its_country(nlp):
    text = "Swedish battery maker Voltaris Energy AB signed a supply deal on Monday."
    assert ("Voltaris Energy AB", "locatedIn", "Swedish", False) in relations(nlp, text)
    (graph,) = extract_texts([text], Config(quiet=True), nlp)
    names = {e.id: e.name for e in graph.entities}
    assert ("Voltaris Energy AB", "locatedIn", "Sweden") in {
        (names[r.subject], r.predicate.value, names[r.object]) for r in graph.relations}


def test_penalty_paid_to_regulator_and_x_based(nlp):
    found = relations(nlp, "Initech Corporation, a Texas-based software maker, agreed to pay a $5 million "
                           "penalty to the Securities and Exchange Commission.")
    assert ("Securities and Exchange Commission", "penalized", "Initech Corporation", False) in found
    assert ("Initech Corporation", "locatedIn", "Texas", False) in found


def test_titled_official_and_quoted_criticism(nlp):
    doc = nlp("“Initech misled its investors for years,” said Jane Smith, Director of the SEC’s Division of "
              "Enforcement.")
    found = {(r.subject.text, r.predicate.value, r.object.text, r.role) for r in doc._.gb_relations}
    assert ("Jane Smith", "worksFor", "SEC", "Director of the SEC’s Division of Enforcement") in found
    assert ("Jane Smith", "criticized", "Initech", "") in found
    # the division named with its agency is a unit of it (never the other way round)
    assert all((s, o) == ("Division of Enforcement", "SEC") for s, p, o, _ in found if p == "partOf")


def test_company_ceo_works_for_the_company(nlp):
    doc = nlp("Microsoft CEO Satya Nadella met with officials of the Department of Energy in March.")
    found = {(r.subject.text, r.predicate.value, r.object.text, r.role) for r in doc._.gb_relations}
    assert ("Satya Nadella", "worksFor", "Microsoft", "CEO") in found
    assert ("Satya Nadella", "metWith", "Department of Energy", "") in found


def test_negations(nlp):
    found = relations(nlp, "A Microsoft spokesperson said Microsoft does not have a contract with the "
                           "Department of Defense.")
    assert found == {("Microsoft", "contractedWith", "Department of Defense", True)}
    assert relations(nlp, "Microsoft never met with the Department of Energy.") == {
        ("Microsoft", "metWith", "Department of Energy", True)}


def test_evidence_and_confidence(nlp):
    text = "Microsoft buys a rival.\n\nOracle Corporation was acquired by Microsoft in 2019."
    doc = nlp(text)
    (r,) = doc._.gb_relations
    assert text[r.evidence.start:r.evidence.end] == r.evidence.sentence
    assert r.evidence.sentence.startswith("Oracle Corporation")
    assert 0.5 < r.evidence.confidence <= 1 and r.evidence.extractor .startswith("graphbuild.")



def test_min_confidence_drops_weaker_relations() -> None:
    from graphbuild.config import Config
    from graphbuild.runners import extract_texts

    text = ("Acme Corp. pitched its software to U.S. Immigration and Customs Enforcement. "
            "The company also hired Globex Inc. to lobby the agency.")

    def confidences(threshold: float) -> list[float]:
        graphs = extract_texts([text], Config(quiet=True, min_confidence=threshold))
        return sorted(r.evidence.confidence for g in graphs for r in g.relations)

    everything = confidences(0.0)
    assert len(everything) >= 2 and everything[0] < everything[-1]
    threshold = (everything[0] + everything[-1]) / 2
    kept = confidences(threshold)
    assert kept == [c for c in everything if c >= threshold]
    assert len(kept) < len(everything)


def test_relation_across_a_wrapped_line_is_kept(nlp) -> None:
    """Regression: the relation component cut sentences at every line break, although the
    line-break component keeps a hard-wrapped line in its sentence (one policy now)."""
    text = "The agency said Amazon pitched\nICE officials"
    assert ("Amazon", "pitched", "ICE", False) in relations(nlp, text)
    (r,) = [r for r in nlp(text)._.gb_relations if r.predicate.value == "pitched"]
    assert r.evidence.sentence == text


def test_headline_stays_apart_from_the_paragraph_below(nlp) -> None:
    text = "Amazon Pitches ICE\nThe ACLU studied Rekognition."
    sentences = {r.evidence.sentence for r in nlp(text)._.gb_relations}
    assert sentences == {"The ACLU studied Rekognition."}


def test_a_headline_short_name_is_not_a_parent_of_the_full_name(nlp) -> None:
    text = ("Kestrelmoor hires lobbyists to fight betting levy\n\n"
            "Online gambling operator Kestrelmoor Gaming plc hired lobbying firm Halden Strategies "
            "to press ministers, documents show.")
    assert not any(p == "partOf" for _, p, _, _ in relations(nlp, text))
