"""Name forms used for within-document resolution (pure string functions)."""

from __future__ import annotations

from graphbuild.resolve.names import (
    acronym_matches,
    group_core,
    initials,
    inverted,
    legal_core,
    without_country,
)


def test_initials_skip_country_and_function_words():
    assert initials("U.S. Bureau of Harbor Safety") == "BHS"
    assert initials("Bureau of Harbor Safety", skip_function_words=False) == "BOHS"


def test_acronym_matches_with_or_without_function_words():
    assert acronym_matches("NHTB", "National Harbor and Tides Board")
    assert acronym_matches("DOT", "Department of Tides")
    assert not acronym_matches("ZW", "Zentek")  # single-word names have no initials to match


def test_legal_core_keeps_the_suffix_apart():
    assert legal_core("Harbor Holdings, LLC") == ("harbor holdings", "llc")
    assert legal_core("Vela S.A.") == ("vela", "sa")
    assert legal_core("Vela") == ("vela", "")


def test_department_inversion():
    assert inverted("tides department") == "department of tides"
    assert inverted("department of the tides") == "tides department"
    assert inverted("harbor board") == "harbor board"


def test_without_country():
    assert without_country("us department of tides") == "department of tides"
    assert without_country("united states harbor board") == "harbor board"


def test_group_core_drops_quantities():
    assert group_core("more than 4 500 borrowers") == "borrowers"
    assert group_core("12 current members of parliament") == "current members of parliament"
    assert group_core("several regulators") == "regulators"
