"""SPARQL of the browse pages. Values are never in the text: callers bind ``?q``, ``?entity``,
``?s``, ``?p``, ``?o`` and the filter's values (:data:`FILTER_VARS`, from
:meth:`graphbuild.serve.ui.filters.ViewFilter.bindings`) as terms (pyoxigraph substitution,
which needs them projected). Statements a reviewer rejected are hidden, as everywhere else."""

from __future__ import annotations

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

# The page filters on one statement ?a of ?predicate from ?doc (its optional ?confidence,
# ?time/?eventStart/?eventEnd, ?issued, ?outletName and ?url read in its graph: _FILTER_READ).
# Its time is the period its sentence states (an open end closed by the publication day), else
# its document's publication day, else unknown, which no window keeps: the definition of
# graphbuild.model.facts.in_window, which the drawing applies in memory (a test holds the two
# equal). The source is the article's outlet or its URL's host, any case
# (graphbuild.viz.filters.from_source). Unset values are neutral: "" and 0 and false.
FILTER_VARS = "?predicates ?since ?until ?source ?minConfidence ?negatedOnly"
_FILTER_READ = """OPTIONAL { ?a gb:confidence ?confidence }
    OPTIONAL { ?a gb:eventTime ?time } OPTIONAL { ?a gb:eventStart ?eventStart } OPTIONAL { ?a gb:eventEnd ?eventEnd }
    OPTIONAL { ?doc dcterms:issued ?issued } OPTIONAL { ?doc gb:outlet ?outletName } OPTIONAL { ?doc gb:url ?url }"""
_FILTER = """BIND(IF(BOUND(?issued) && REGEX(STR(?issued), "^[0-9]{4}-[0-9]{2}-[0-9]{2}"), SUBSTR(STR(?issued), 1, 10), "")
       AS ?published)
  BIND(IF(BOUND(?time), COALESCE(STR(?eventStart), "0000-01-01"), ?published) AS ?heldFrom)
  BIND(IF(BOUND(?time), COALESCE(STR(?eventEnd), IF(?published != "", ?published, "9999-12-31")), ?published)
       AS ?heldUntil)
  BIND(IF(REGEX(STR(?url), "^[A-Za-z][A-Za-z0-9+.-]*://"), REPLACE(LCASE(REPLACE(STR(?url),
       "^[A-Za-z][A-Za-z0-9+.-]*://([^/:?#@]*@)?([^/:?#]*).*$", "$2")), "^www[.]", ""), "") AS ?host)
  FILTER((?predicates = "" || CONTAINS(?predicates, CONCAT(" ", STR(?predicate), " ")))
         && (!?negatedOnly || ?negated = true)
         && (?minConfidence <= 0 || COALESCE(?confidence, 0) >= ?minConfidence)
         && ((?since = "" && ?until = "")
             || (?heldUntil != "" && ?heldUntil >= ?since && ?heldFrom <= IF(?until = "", "9999-12-31", ?until)))
         && (?source = "" || LCASE(COALESCE(?outletName, "")) = ?source || COALESCE(?host, "") = ?source))"""

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

# statements whose evidence sentence contains ?q (ignoring case): full-text search over what the
# articles say, each statement with its edge and article
SENTENCES = _PREFIXES + """SELECT ?q ?a ?s ?sName ?p ?o ?oName ?negated ?sentence ?doc ?title """ + FILTER_VARS + """
WHERE {
  GRAPH ?g {
    ?a gb:evidence ?sentence .
    FILTER(CONTAINS(LCASE(STR(?sentence)), LCASE(STR(?q))))
    ?a rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; gb:negated ?negated ; prov:wasDerivedFrom ?doc .
    OPTIONAL { ?doc dcterms:title ?title }
    """ + _FILTER_READ + """
  }
  BIND(?p AS ?predicate)
  """ + _FILTER + """
  OPTIONAL { ?s skos:prefLabel ?sName }
  OPTIONAL { ?o skos:prefLabel ?oName }
  """ + _NOT_REJECTED + """
}
ORDER BY ?doc ?a
LIMIT 50
"""

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

# every edge of ?entity that the filter keeps: direction, predicate, the other end (its name and
# class), polarity, and its support among the statements kept
EDGES = _PREFIXES + """SELECT ?entity ?direction ?predicate ?other ?otherName ?negated
       (COUNT(DISTINCT ?a) AS ?statements) (COUNT(DISTINCT ?doc) AS ?articles) (COUNT(DISTINCT ?outlet) AS ?outlets)
       (MAX(?confidence) AS ?best) (SAMPLE(?otherType) AS ?otherClass) """ + FILTER_VARS + """ WHERE {
  { GRAPH ?g { ?a rdf:subject ?entity ; rdf:object ?other . } BIND("out" AS ?direction) }
  UNION
  { GRAPH ?g { ?a rdf:object ?entity ; rdf:subject ?other . } BIND("in" AS ?direction) }
  GRAPH ?g {
    ?a rdf:predicate ?predicate ; gb:negated ?negated ; prov:wasDerivedFrom ?doc .
    """ + _FILTER_READ + """
  }
  """ + _FILTER + """
  """ + _OUTLET + """
  OPTIONAL { ?other skos:prefLabel ?otherName }
  OPTIONAL { ?other rdf:type ?otherType }
  """ + _NOT_REJECTED + """
}
GROUP BY ?entity ?direction ?predicate ?other ?otherName ?negated """ + FILTER_VARS + """
ORDER BY ?predicate ?direction DESC(?articles) ?otherName
"""

# every statement of the edge (?s ?p ?o), both polarities, with its sentence and article
EVIDENCE = _PREFIXES + """SELECT ?s ?p ?o ?a ?negated ?sentence ?confidence ?doc ?title ?url ?issued ?outlet
       ?reviewed ?sName ?oName WHERE {
  GRAPH ?g {
    ?a rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; gb:negated ?negated ;
       gb:evidence ?sentence ; prov:wasDerivedFrom ?doc .
    OPTIONAL { ?a gb:confidence ?confidence }
    OPTIONAL { ?doc dcterms:title ?title }
    OPTIONAL { ?doc gb:url ?url }
    OPTIONAL { ?doc dcterms:issued ?issued }
    OPTIONAL { ?doc gb:outlet ?outletName }
  }
  """ + _OUTLET + """
  OPTIONAL { ?s skos:prefLabel ?sName }
  OPTIONAL { ?o skos:prefLabel ?oName }
  """ + _NOT_REJECTED + """
}
ORDER BY ?negated DESC(?issued) ?doc ?a
"""

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
