"""SPARQL 1.1 result formats and content negotiation (no HTTP, no store)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RESULT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE, "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES, "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/ld+json": ox.RdfFormat.JSON_LD,
}
RESULT_MEDIA = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values"}


@dataclass
class Response:
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def text_response(status: int, message: str) -> Response:
    return Response(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))


def negotiate(accept: str, offered: Mapping[str, object], default: str) -> str:
    """The offered media type the client prefers (q-values honoured), else ``default``."""
    best, best_q = default, 0.0
    for i, part in enumerate(accept.split(",")[:64]):
        bits = [b.strip() for b in part.split(";")]
        media = bits[0].lower()
        q = 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        q -= i * 1e-6  # earlier wins among equals
        if media in offered and q > best_q:
            best, best_q = media, q
    return best


def _json_term(term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def _xml_text(value: str) -> str:
    """XML-escaped text; characters XML 1.0 cannot carry become U+FFFD, so the answer parses."""
    return escape(_XML_INVALID.sub("\ufffd", value))


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{_xml_text(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{_xml_text(term.value)}</literal>"
    if term.datatype.value != XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{_xml_text(term.value)}</literal>"
    return f"<literal>{_xml_text(term.value)}</literal>"


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def render_results(fmt: str, variables: list[str], rows: list | None, boolean: bool | None) -> bytes:
    """SPARQL 1.1 results (JSON, XML, CSV, TSV) for SELECT rows or an ASK answer."""
    if fmt == "json":
        if rows is None:
            return json.dumps({"head": {}, "boolean": bool(boolean)}).encode()
        bindings = [{v: _json_term(r[v]) for v in variables if r[v] is not None} for r in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False).encode("utf-8")
    if fmt == "xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
        out += [f"<variable name={quoteattr(v)}/>" for v in variables]
        out.append("</head>")
        if rows is None:
            out.append(f"<boolean>{'true' if boolean else 'false'}</boolean>")
        else:
            out.append("<results>")
            for r in rows:
                out.append("<result>" + "".join(
                    f"<binding name={quoteattr(v)}>{_xml_term(r[v])}</binding>"
                    for v in variables if r[v] is not None) + "</result>")
            out.append("</results>")
        out.append("</sparql>\n")
        return "\n".join(out).encode("utf-8")
    buf = io.StringIO()
    if rows is None:
        return (("_askResult\r\n" if fmt == "csv" else "?_askResult\n") + ("true" if boolean else "false") + "\n").encode()
    if fmt == "csv":
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(variables)
        for r in rows:
            w.writerow(["" if r[v] is None else (f"_:{r[v].value}" if isinstance(r[v], ox.BlankNode) else r[v].value)
                        for v in variables])
    else:
        buf.write("\t".join(f"?{v}" for v in variables) + "\n")
        for r in rows:
            buf.write("\t".join("" if r[v] is None else str(r[v]) for v in variables) + "\n")
    return buf.getvalue().encode("utf-8")
