"""The SPARQL 1.1 Service Description answered at the endpoint URL when no query is given.

>>> service_description("http://127.0.0.1:7878/sparql", True).splitlines()[0]
'# graphbuild SPARQL endpoint (read-only)'
"""

from __future__ import annotations

from graphbuild.serve.endpoint import ONTOLOGY_GRAPH_IRI

_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
            "Turtle", "N-Triples", "RDF_XML", "JSON-LD")


def service_description(endpoint_url: str, ontology: bool) -> str:
    """Turtle describing the endpoint: language, result formats, the dataset it answers over."""
    formats = ", ".join(f"<http://www.w3.org/ns/formats/{f}>" for f in _FORMATS)
    named = (f"\n    sd:namedGraph [ a sd:NamedGraph ; sd:name <{ONTOLOGY_GRAPH_IRI}> ;\n"
             f"        rdfs:comment \"the ontology: classes, predicates, predicate groups\" ] ;") if ontology else ""
    return f"""# graphbuild SPARQL endpoint (read-only)
#
# GET  {endpoint_url}?query=...        SPARQL 1.1 Protocol query
# POST {endpoint_url}  query=... (form) or an application/sparql-query body
# Patterns outside GRAPH match every graph (the default graph is the union of all graphs)
# unless the query names its dataset (FROM / FROM NAMED) or the request gives
# default-graph-uri / named-graph-uri. Updates are refused.
@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

<{endpoint_url}#service> a sd:Service ;
    sd:endpoint <{endpoint_url}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:feature sd:UnionDefaultGraph ;
    sd:resultFormat {formats} ;
    sd:defaultDataset [ a sd:Dataset ;
        sd:defaultGraph [ a sd:Graph ; rdfs:comment "the union of every graph of the store" ] ;{named}
        rdfs:comment "each article's assertions are in a named graph of their own" ] .
"""
