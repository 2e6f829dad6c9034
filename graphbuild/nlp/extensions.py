"""Doc extensions used by graphbuild's spaCy components, installed on purpose by the factories.

* ``doc.spans["gb_mentions"]`` - entity mentions, never overlapping, in text order:
  ``span.label_`` is the ontology class (``EntityType`` value), ``span.kb_id_`` the gazetteer id
  (or ""), ``span.id_`` the ``MentionKind`` value (name, acronym, description, pronoun).

  Extension: a mention that refers back to another one carries a reference in ``kb_id_``. A
  defined short form ("Bureau" after "Consumer Financial Protection Bureau (Bureau)"), a company
  core ("Armor" for "Armor Holdings, Inc."), a definite description ("the agency"), a pronoun
  ("it", "its") or an unnamed company in apposition ("a Legg Mason subsidiary, Permal Group
  Ltd.") gets the antecedent's gazetteer id when it has one, else ``"@<offset>"``, the character
  offset of the antecedent mention's first character. So ``kb_id_`` is a gazetteer id exactly
  when it does not start with "@"; two mentions with the same non-empty ``kb_id_`` name the same
  entity. Groups ("Amazon employees", "members of Congress") and unnamed subsidiaries are
  ``description`` mentions; a name that opens the phrase ("Amazon" in "Amazon employees",
  "U.K." in "its U.K. subsidiary") stays its own mention right before them.
* ``doc._.gb_relations`` - list of ``RelationMention`` records set by ``graphbuild_relations``.
* ``doc._.gb_doc_id`` - the document id (set by the pipeline before extraction).
"""

from __future__ import annotations

from spacy.tokens import Doc

MENTIONS_KEY = "gb_mentions"


def install_extensions() -> None:
    """Register the Doc extensions once; a foreign extension of the same name is an error."""
    for name, default in (("gb_relations", None), ("gb_doc_id", "")):
        if Doc.has_extension(name):
            continue
        Doc.set_extension(name, default=default)
