"""Doc extensions used by graphbuild's spaCy components, installed on purpose by the factories.

* ``doc.spans["gb_mentions"]`` - entity mentions: ``span.label_`` is the ontology class
  (``EntityType`` value), ``span.kb_id_`` the gazetteer id (or ""), ``span.id_`` the
  ``MentionKind`` value (name, acronym, description, pronoun).
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
