"""SPARQL of the browse pages. Values are never in the text: callers bind ``?q``, ``?entity``,
``?s``, ``?p``, ``?o`` and the filter's values (:func:`edges` and :func:`sentences` with
:meth:`graphbuild.serve.ui.filters.ViewFilter.bindings`) as terms (pyoxigraph substitution,
which needs them projected). Statements a reviewer rejected are hidden, as everywhere else."""

from __future__ import annotations

import functools

_PREFIXES = """PREFIX gb: <https://w3id.org/graphbuild/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
# review statuses live in one named graph (graphbuild.review.store.REVIEW_GRAPH_IRI); an
# OPTIONAL on it is 2.5 times faster than FILTER NOT EXISTS over every graph
_REVIEW = 'OPTIONAL { GRAPH <https://w3id.org/graphbuild/review> { ?a gb:reviewStatus ?reviewed } }'
_NOT_REJECTED = _REVIEW + '\n  FILTER(!BOUND(?reviewed) || ?reviewed != "rejected")'
_OUTLET = ('BIND(COALESCE(?outletName, REPLACE(LCASE(REPLACE(STR(?url), '
           '"^[A-Za-z][A-Za-z0-9+.-]*://([^/:?#@]*@)?([^/:?#]*).*$", "$2")), "^www[.]", "")) AS ?outlet)')

# The page filters on one statement ?a of ?predicate from ?doc. Its time is the period its
# sentence states (an open end closed by the publication day), else its document's publication
# day, else unknown, which no window keeps: the definition of graphbuild.model.facts.in_window,
# which the drawing applies in memory (a test holds the two equal). The source is the article's
# outlet or its URL's host, any case (graphbuild.viz.filters.from_source). A query carries only
# the parts of the filters in use (each costs time on every statement), chosen from the fixed
# texts below by kind; the values are bound to their variables, never written into the text.
FILTER_KINDS = ("predicates", "window", "source", "confidence", "negated")
# kind -> (variables, patterns read in the statement's graph, test)
_FILTER_PARTS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "predicates": ("?predicates", (), 'FILTER(CONTAINS(?predicates, CONCAT(" ", STR(?predicate), " ")))'),
    "window": ("?since ?until", ("OPTIONAL { ?a gb:eventTime ?time }", "OPTIONAL { ?a gb:eventStart ?eventStart }",
                                 "OPTIONAL { ?a gb:eventEnd ?eventEnd }", "OPTIONAL { ?doc dcterms:issued ?issued }"),
               """BIND(IF(BOUND(?issued) && REGEX(STR(?issued), "^[0-9]{4}-[0-9]{2}-[0-9]{2}"), SUBSTR(STR(?issued), 1, 10),
          "") AS ?published)
  BIND(IF(BOUND(?time), COALESCE(STR(?eventStart), "0000-01-01"), ?published) AS ?heldFrom)
  BIND(IF(BOUND(?time), COALESCE(STR(?eventEnd), IF(?published != "", ?published, "9999-12-31")), ?published)
       AS ?heldUntil)
  FILTER(?heldUntil != "" && ?heldUntil >= ?since && ?heldFrom <= ?until)"""),
    "source": ("?source", ("OPTIONAL { ?doc gb:outlet ?outletName }", "OPTIONAL { ?doc gb:url ?url }"),
               """BIND(IF(REGEX(STR(?url), "^[A-Za-z][A-Za-z0-9+.-]*://"), REPLACE(LCASE(REPLACE(STR(?url),
       "^[A-Za-z][A-Za-z0-9+.-]*://([^/:?#@]*@)?([^/:?#]*).*$", "$2")), "^www[.]", ""), "") AS ?host)
  FILTER(LCASE(COALESCE(?outletName, "")) = ?source || COALESCE(?host, "") = ?source)"""),
    "confidence": ("?minConfidence", ("OPTIONAL { ?a gb:confidence ?confidence }",),
                   "FILTER(COALESCE(?confidence, 0) >= ?minConfidence)"),
    "negated": ("", (), "FILTER(?negated = true)"),
}


def _filter_parts(kinds: frozenset[str], already_read: str = "") -> tuple[str, str, str]:
    """(projected variables, patterns read in the statement's graph, tests) for ``kinds``;
    patterns the query reads anyway (``already_read``) are not read twice."""
    unknown = kinds - set(FILTER_KINDS)
    if unknown:
        raise ValueError(f"unknown filter kinds {sorted(unknown)}")
    variables, read, tests = [], [], []
    for kind in FILTER_KINDS:
        if kind in kinds:
            var, patterns, test = _FILTER_PARTS[kind]
            variables += var.split()
            read += [p for p in patterns if p not in already_read]
            tests.append(test)
    return " ".join(variables), "\n    ".join(read), "\n  ".join(tests)


# entities one of whose names contains ?q (ignoring case): a name equal to it first, then names
# starting with it, then by the number of articles that mention the entity (gb:mentions is
# indexed; counting statements here was six times slower on a 71k-quad store)
SEARCH = _PREFIXES + """SELECT ?q ?entity ?name ?type (COUNT(DISTINCT ?doc) AS ?degree) (MAX(?same) AS ?exact)
       (MAX(?starts) AS ?prefix) (SAMPLE(?label) AS ?matched) WHERE {
  ?entity skos:prefLabel|skos:altLabel ?label .
  FILTER(CONTAINS(LCASE(STR(?label)), LCASE(STR(?q))))
  BIND(LCASE(STR(?label)) = LCASE(STR(?q)) AS ?same)
  BIND(STRSTARTS(LCASE(STR(?label)), LCASE(STR(?q))) AS ?starts)
  ?entity skos:prefLabel ?name .
  OPTIONAL { ?entity rdf:type ?type }
  OPTIONAL { GRAPH ?g { ?doc gb:mentions ?entity } }
}
GROUP BY ?q ?entity ?name ?type
ORDER BY DESC(?exact) DESC(?prefix) DESC(?degree) ?name
LIMIT 100
"""

# statements whose evidence sentence contains ?q (ignoring case) and that the filter keeps:
# full-text search over what the articles say, each statement with its edge and article
@functools.lru_cache(maxsize=64)
def sentences(kinds: frozenset[str] = frozenset()) -> str:
    """The sentence search with the filters of ``kinds`` (their variables bound by the caller)."""
    variables, read, tests = _filter_parts(kinds)
    return _PREFIXES + f"""SELECT ?q ?a ?s ?sName ?p ?o ?oName ?negated ?sentence ?doc ?title {variables}
WHERE {{
  GRAPH ?g {{
    ?a gb:evidence ?sentence .
    FILTER(CONTAINS(LCASE(STR(?sentence)), LCASE(STR(?q))))
    ?a rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; gb:negated ?negated ; prov:wasDerivedFrom ?doc .
    OPTIONAL {{ ?doc dcterms:title ?title }}
    {read}
  }}
  BIND(?p AS ?predicate)
  {tests}
  OPTIONAL {{ ?s skos:prefLabel ?sName }}
  OPTIONAL {{ ?o skos:prefLabel ?oName }}
  {_NOT_REJECTED}
}}
ORDER BY ?doc ?a
LIMIT 50
"""


SENTENCES = sentences()


# the entities most articles mention, for the front page before a search
TOP = _PREFIXES + """SELECT ?entity ?name ?type ?degree WHERE {
  { SELECT ?entity (COUNT(DISTINCT ?doc) AS ?degree) WHERE { GRAPH ?g { ?doc gb:mentions ?entity . } }
    GROUP BY ?entity ORDER BY DESC(?degree) LIMIT 20 }
  ?entity skos:prefLabel ?name .
  OPTIONAL { ?entity rdf:type ?type }
}
ORDER BY DESC(?degree) ?name
"""

ENTITY = _PREFIXES + """SELECT ?entity ?name ?type ?alias ?same WHERE {
  ?entity skos:prefLabel ?name .
  OPTIONAL { ?entity rdf:type ?type }
  OPTIONAL { ?entity skos:altLabel ?alias }
  OPTIONAL { ?entity owl:sameAs ?same }
}
"""

_EDGE_READ = """OPTIONAL { ?a gb:confidence ?confidence }
    OPTIONAL { ?doc gb:outlet ?outletName }
    OPTIONAL { ?doc gb:url ?url }"""


# every edge of ?entity that the filter keeps: direction, predicate, the other end (its name and
# class), polarity, and its support among the statements kept
@functools.lru_cache(maxsize=64)
def edges(kinds: frozenset[str] = frozenset()) -> str:
    """The entity's edges with the filters of ``kinds`` (their variables bound by the caller)."""
    variables, read, tests = _filter_parts(kinds, _EDGE_READ)
    return _PREFIXES + f"""SELECT ?entity ?direction ?predicate ?other ?otherName ?negated
       (COUNT(DISTINCT ?a) AS ?statements) (COUNT(DISTINCT ?doc) AS ?articles) (COUNT(DISTINCT ?outlet) AS ?outlets)
       (MAX(?confidence) AS ?best) (SAMPLE(?otherType) AS ?otherClass) {variables} WHERE {{
  {{ GRAPH ?g {{ ?a rdf:subject ?entity ; rdf:object ?other . }} BIND("out" AS ?direction) }}
  UNION
  {{ GRAPH ?g {{ ?a rdf:object ?entity ; rdf:subject ?other . }} BIND("in" AS ?direction) }}
  GRAPH ?g {{
    ?a rdf:predicate ?predicate ; gb:negated ?negated ; prov:wasDerivedFrom ?doc .
    {_EDGE_READ}
    {read}
  }}
  {tests}
  {_OUTLET}
  OPTIONAL {{ ?other skos:prefLabel ?otherName }}
  OPTIONAL {{ ?other rdf:type ?otherType }}
  {_NOT_REJECTED}
}}
GROUP BY ?entity ?direction ?predicate ?other ?otherName ?negated {variables}
ORDER BY ?predicate ?direction DESC(?articles) ?otherName
"""


EDGES = edges()


_EVIDENCE_READ = """OPTIONAL { ?a gb:confidence ?confidence }
    OPTIONAL { ?doc dcterms:title ?title }
    OPTIONAL { ?doc gb:url ?url }
    OPTIONAL { ?doc dcterms:issued ?issued }
    OPTIONAL { ?doc gb:outlet ?outletName }"""


# every statement of the edge (?s ?p ?o) that the filter keeps, both polarities, with its
# sentence and article
@functools.lru_cache(maxsize=64)
def evidence(kinds: frozenset[str] = frozenset()) -> str:
    """The edge's statements with the filters of ``kinds`` (their variables bound by the caller)."""
    variables, read, tests = _filter_parts(kinds, _EVIDENCE_READ)
    return _PREFIXES + f"""SELECT ?s ?p ?o ?a ?negated ?sentence ?confidence ?doc ?title ?url ?issued ?outlet
       ?reviewed ?sName ?oName {variables} WHERE {{
  GRAPH ?g {{
    ?a rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; gb:negated ?negated ;
       gb:evidence ?sentence ; prov:wasDerivedFrom ?doc .
    {_EVIDENCE_READ}
    {read}
  }}
  BIND(?p AS ?predicate)
  {tests}
  {_OUTLET}
  OPTIONAL {{ ?s skos:prefLabel ?sName }}
  OPTIONAL {{ ?o skos:prefLabel ?oName }}
  {_NOT_REJECTED}
}}
ORDER BY ?negated DESC(?issued) ?doc ?a
"""


EVIDENCE = evidence()


# one article: its metadata and every statement drawn from it, in text order
ARTICLE = _PREFIXES + """SELECT ?doc ?title ?url ?issued ?outlet ?a ?s ?sName ?p ?o ?oName ?negated ?sentence ?start
WHERE {
  GRAPH ?g {
    ?doc a gb:Document .
    OPTIONAL { ?doc dcterms:title ?title }
    OPTIONAL { ?doc gb:url ?url }
    OPTIONAL { ?doc dcterms:issued ?issued }
    OPTIONAL { ?doc gb:outlet ?outletName }
  }
  OPTIONAL {
    GRAPH ?g { ?a prov:wasDerivedFrom ?doc ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                  gb:negated ?negated ; gb:evidence ?sentence ; gb:startOffset ?start . }
    """ + _REVIEW + """
  }
  """ + _OUTLET + """
  OPTIONAL { ?s skos:prefLabel ?sName }
  OPTIONAL { ?o skos:prefLabel ?oName }
  FILTER(!BOUND(?a) || !BOUND(?reviewed) || ?reviewed != "rejected")
}
ORDER BY ?start ?a
"""
