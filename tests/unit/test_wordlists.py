"""Language data is data: every word list the code names is in ``ontology/wordlists.tsv``, every
list there is used, and nothing is read before a list is first consulted."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import graphbuild
from graphbuild.errors import OntologyError
from graphbuild.vocab.ontology import ontology_path
from graphbuild.vocab.wordlists import WORDLISTS_FILE, WordList, WordMap, list_names, load_wordlists

PACKAGE = Path(graphbuild.__file__).parent
# lists read through the properties of WordLists rather than by name
PROPERTIES = {"titles": "title", "hedges": "hedge"}


def _is_wordlists(node: ast.expr) -> bool:
    """``load_wordlists()``, ``words``, ``self.words``, ``fx.words``: a WordLists object."""
    text = ast.unparse(node)
    return text == "load_wordlists()" or text.split(".")[-1] == "words"


def _named_in_code() -> dict[str, set[str]]:
    """List name -> modules that name it: ``WordList("a", "b")``, ``WordMap("a", ...)``, ``ordered("a")``,
    ``load_wordlists().get("a")`` / ``words.get("a")`` and the ``titles``/``hedges`` properties."""
    named: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = str(path.relative_to(PACKAGE))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                f = node.func
                fname = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
                args = node.args if fname in {"WordList", "ordered"} else node.args[:1] if fname == "WordMap" else []
                if fname == "get" and isinstance(f, ast.Attribute) and _is_wordlists(f.value):
                    args = node.args[:1]
                for a in args:
                    assert isinstance(a, ast.Constant) and isinstance(a.value, str), \
                        f"{rel}:{node.lineno}: name a word list with a string literal"
                    named.setdefault(a.value, set()).add(rel)
            elif isinstance(node, ast.Attribute) and node.attr in PROPERTIES and _is_wordlists(node.value):
                named.setdefault(PROPERTIES[node.attr], set()).add(rel)
    return named




def test_every_list_named_in_code_is_in_the_file():
    missing = {name: sorted(mods) for name, mods in _named_in_code().items() if name not in list_names()}
    assert not missing, f"word lists named in code but absent from ontology/{WORDLISTS_FILE}: {missing}"


def test_every_list_in_the_file_is_used():
    used = set(_named_in_code())
    unused = sorted(list_names() - used)
    assert not unused, f"lists in ontology/{WORDLISTS_FILE} that no code reads (remove them): {unused}"


def test_the_file_has_two_or_three_columns_and_no_duplicate_rows():
    seen: set[tuple[str, str]] = set()
    lines = ontology_path(WORDLISTS_FILE).read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        assert len(cols) in (2, 3), f"line {n}: {line!r}"
        assert all(c == c.strip() and c for c in cols), f"line {n}: stray space or empty column"
        assert (cols[0], cols[1]) not in seen, f"line {n}: duplicate row {cols[:2]}"
        seen.add((cols[0], cols[1]))


def test_importing_the_pipeline_reads_no_word_list():
    code = ("import graphbuild.relations, graphbuild.relations.rules, graphbuild.nlp.mentions, "
            "graphbuild.nlp.groups, graphbuild.nlp.typing, graphbuild.nlp.shortforms\n"
            "from graphbuild.vocab.wordlists import _table\n"
            "print(_table.cache_info().currsize)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"


def test_a_word_list_is_a_set_read_on_first_use():
    titles = WordList("title")
    assert titles._words is None
    assert "ceo" in titles and "banana" not in titles
    assert titles == set(titles) and len(titles) == len(set(titles))
    assert hash(titles) == hash(frozenset(titles)) and {titles: 1}[frozenset(titles)] == 1
    assert isinstance(titles | {"banana"}, frozenset) and "banana" in titles | {"banana"}
    both = WordList("coref_pronoun", "coref_determiner")
    assert {"it", "the"} <= both


def test_a_word_map_reads_and_converts_its_values():
    m = WordMap("description_class", str.split)
    assert m["defendant"] == ["Company", "Organization"]
    assert "watchdog" in m and "banana" not in m


def test_an_unknown_list_says_where_to_add_it():
    with pytest.raises(OntologyError, match="wordlists.tsv"):
        "x" in WordList("no_such_list")  # noqa: B015


def test_words_keep_their_case():
    for name in list_names():
        for word in WordList(name):
            assert word == word.strip()
    assert "ceo" in load_wordlists().titles


# Identifiers that are not language data: spaCy dependency labels, mention kinds, lexicon kinds,
# lexicon directions.
_DEPS = {"acl", "acomp", "advcl", "advmod", "agent", "amod", "appos", "attr", "aux", "auxpass", "case", "cc",
         "ccomp", "compound", "conj", "csubj", "csubjpass", "dative", "dep", "det", "dobj", "expl", "intj",
         "mark", "meta", "neg", "nmod", "npadvmod", "nsubj", "nsubjpass", "nummod", "oprd", "parataxis",
         "pcomp", "pobj", "poss", "preconj", "predet", "prep", "prt", "punct", "quantmod", "relcl", "root",
         "xcomp", "obj"}
_KINDS = {"name", "acronym", "description", "group", "pronoun", "fwd", "inv", "none"}


def test_rules_and_mention_finding_spell_out_no_word_set():
    """A rule names the list it uses (``WordList("staff_noun")``); a set of English words written
    in ``graphbuild/relations`` or ``graphbuild/nlp`` belongs in ``ontology/wordlists.tsv``."""
    from graphbuild.relations.lexicon import KINDS

    allowed = _DEPS | _KINDS | set(KINDS)
    found = []
    for folder in ("relations", "nlp"):
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Set):
                    continue
                words = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)
                         and e.value[:1].isalpha() and e.value.islower() and e.value not in allowed]
                if words:
                    found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {words}")
    assert not found, "word sets written in code (move them to ontology/wordlists.tsv):\n" + "\n".join(found)
