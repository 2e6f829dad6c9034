"""HTML of the browse pages: plain functions from rows to a page, every value escaped.

No script runs on these pages and nothing is loaded from elsewhere: the pages carry a
Content-Security-Policy that allows only the stylesheet of this server.
"""

from __future__ import annotations

import html
from collections import defaultdict
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode, urlsplit

if TYPE_CHECKING:
    from graphbuild.serve.ui.filters import ViewFilter

GB = "https://w3id.org/graphbuild/ontology#"
ENTITY_NS = "https://w3id.org/graphbuild/entity/"
DOC_NS = "https://w3id.org/graphbuild/doc/"
CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'")

CSS = """body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
header{background:#263238;color:#fff;padding:.6em 1.2em;display:flex;gap:1.5em;align-items:center}
header a{color:#fff;text-decoration:none;font-weight:600}
header form{flex:1;display:flex;gap:.4em}
header input[type=search]{flex:1;max-width:32em;padding:.35em .5em;font-size:15px}
main{padding:1em 1.5em;max-width:70em}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:.3em .6em;border-bottom:1px solid #e0e0e0;vertical-align:top}
th{background:#eceff1;font-weight:600}
.cls{font-size:12px;background:#e3f2fd;border-radius:3px;padding:0 .4em;color:#0d47a1}
.neg{color:#b71c1c;font-weight:600}
.contested{color:#e65100;font-weight:600}
.muted{color:#666}
blockquote{margin:.2em 0;padding:.2em .8em;border-left:3px solid #90a4ae;background:#fff}
h2{margin-top:1.4em;font-size:18px}
.review form{display:inline}
form.filters{display:flex;flex-wrap:wrap;gap:.4em 1em;align-items:end;background:#fff;padding:.5em .8em;
 border:1px solid #e0e0e0;margin:.6em 0}
form.filters label{display:flex;flex-direction:column;font-size:13px;color:#444}
form.filters label.check{flex-direction:row;gap:.3em;align-items:center}
form.filters input[type=text]{width:9em}
.filtered{background:#fff8e1;border-left:3px solid #ffb300;padding:.3em .8em}
.truncated{background:#ffebee;border-left:3px solid #c62828;padding:.3em .8em}
"""


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rsplit("/", 1)[-1]


def entity_id(iri: str) -> str:
    return iri[len(ENTITY_NS):] if iri.startswith(ENTITY_NS) else iri


def entity_href(iri_or_id: str) -> str:
    return "/entity/" + quote(entity_id(iri_or_id), safe="/")


def article_href(doc_iri: str) -> str:
    return "/article/" + quote(doc_iri[len(DOC_NS):] if doc_iri.startswith(DOC_NS) else doc_iri, safe="")


def edge_href(subject: str, predicate: str, obj: str) -> str:
    return "/edge?" + urlencode({"s": entity_id(subject), "p": local(predicate), "o": entity_id(obj)})


def web_link(url: str, text: str) -> str:
    """A link when ``url`` is http(s), else the text alone (no javascript: or data: links)."""
    if urlsplit(url).scheme.lower() in ("http", "https"):
        return f'<a href="{esc(url)}" rel="noopener noreferrer nofollow">{esc(text)}</a>'
    return esc(text)


def page(title: str, body: str, query: str = "") -> str:
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{esc(title)} · graphbuild</title>
<link rel="stylesheet" href="/ui.css"></head>
<body><header><a href="/">graphbuild</a>
<form action="/" method="get" role="search"><input type="search" name="q" value="{esc(query)}"
 placeholder="an entity name or alias" aria-label="search entities"><button>Search</button></form>
<a href="/sparql">SPARQL</a></header>
<main>{body}</main></body></html>
"""


def search_page(query: str, rows: list[dict[str, str]], top: bool,
                sentences: list[dict[str, str]] | None = None, view: ViewFilter | None = None) -> str:
    if top:
        head = "<h1>Most mentioned entities</h1>"
    else:
        first = " (the first 100)" if len(rows) >= 100 else ""
        head = f"<h1>{len(rows)} entit{'y' if len(rows) == 1 else 'ies'} matching “{esc(query)}”{first}</h1>"
    said = _sentences_section(query, sentences or [], view)
    if not rows:
        return page("Search", head + '<p class="muted">No entity has that name or alias.</p>' + said, query)
    lines = []
    for r in rows:
        matched = r.get("matched", "")
        alias = f' <span class="muted">(as “{esc(matched)}”)</span>' if matched and matched != r["name"] else ""
        lines.append(f'<tr><td><a class="entity" href="{esc(entity_href(r["entity"]))}">{esc(r["name"])}</a>{alias}</td>'
                     f'<td><span class="cls">{esc(local(r.get("type", "")))}</span></td>'
                     f'<td>{esc(r.get("degree", "0"))}</td></tr>')
    table = ("<table><thead><tr><th>Entity</th><th>Class</th><th>Articles</th></tr></thead><tbody>"
             + "".join(lines) + "</tbody></table>")
    return page("Search", head + table + said, query)


def _sentences_section(query: str, rows: list[dict[str, str]], view: ViewFilter | None = None) -> str:
    """Statements whose sentence contains the search text (and that the filter keeps), each
    with its edge and article."""
    from graphbuild.serve.ui.filters import ViewFilter

    if not query:
        return ""
    view = view or ViewFilter()
    here = "/?" + urlencode({"q": query})
    head = (f"<h2>Sentences containing “{esc(query)}”{' (the first 50)' if len(rows) >= 50 else ''}</h2>"
            + filter_form("/", view, {"q": query}) + filter_note(view, here))
    if not rows:
        return head + ('<p class="muted">No evidence sentence that passes the filter contains it.</p>' if view.active
                       else '<p class="muted">No evidence sentence contains it.</p>')
    lines = []
    for r in rows:
        pred = local(r["p"]) + (" (denied)" if r.get("negated") == "true" else "")
        edge = edge_href(r["s"], r["p"], r["o"])
        lines.append(f'<tr><td><a class="entity" href="{esc(entity_href(r["s"]))}">{esc(r.get("sName") or entity_id(r["s"]))}</a> '
                     f'<a href="{esc(edge)}">{esc(pred)}</a> '
                     f'<a class="entity" href="{esc(entity_href(r["o"]))}">{esc(r.get("oName") or entity_id(r["o"]))}</a></td>'
                     f'<td>{esc(r["sentence"])}</td>'
                     f'<td><a href="{esc(article_href(r["doc"]))}">{esc(r.get("title") or local(r["doc"]))}</a></td></tr>')
    return (head + "<table><thead><tr><th>Statement</th><th>Sentence</th><th>Article</th></tr></thead><tbody>"
            + "".join(lines) + "</tbody></table>")


def _groups() -> list[str]:
    """The ontology's predicate groups as the filter names them (commercial, legal, ...)."""
    from graphbuild.vocab.terms import GROUPS

    return sorted({g.removesuffix("Relation") for g in GROUPS.values()})


def filter_form(action: str, view: ViewFilter, hidden: dict[str, str] | None = None) -> str:
    """A GET form whose fields are the filter's query-string names (no script: submitting it
    loads the filtered page, whose URL is the filter)."""
    groups = _groups()
    options = ['<option value="">any</option>']
    if view.predicates and view.predicates not in groups:  # a URL naming predicates or a group's full name
        options.append(f'<option value="{esc(view.predicates)}" selected>{esc(view.predicates)}</option>')
    options += [f'<option value="{esc(g)}"{" selected" if g == view.predicates else ""}>{esc(g)}</option>'
                for g in groups]
    fields = "".join(f'<input type="hidden" name="{esc(k)}" value="{esc(v)}">' for k, v in (hidden or {}).items())

    def text(name: str, label: str, value: str, hint: str) -> str:
        return (f'<label>{label}<input type="text" name="{name}" value="{esc(value)}" '
                f'placeholder="{esc(hint)}"></label>')

    fields += (f'<label>Predicate group<select name="predicates">{"".join(options)}</select></label>'
               + text("since", "Since", view.since, "2018 or 2018-06")
               + text("until", "Until", view.until, "2019-12-31")
               + text("source", "Source", view.source, "outlet or web host")
               + f'<label>Min. confidence<input type="number" name="min_confidence" min="0" max="1" step="0.05" '
               f'value="{esc(view.min_confidence)}"></label>'
               + f'<label class="check"><input type="checkbox" name="negated" value="1"'
               f'{" checked" if view.negated else ""}>denials only</label>'
               + "<button>Filter</button>")
    return f'<form class="filters" method="get" action="{esc(action)}">{fields}</form>'


def filter_note(view: ViewFilter, clear_href: str) -> str:
    """The filter in force, with a link that clears it ("" when nothing is filtered)."""
    if not view.active:
        return ""
    return (f'<p class="filtered">Filtered: {esc(view.describe())} · '
            f'<a class="clear" href="{esc(clear_href)}">clear</a></p>')


def truncated_note(rows: list[dict[str, str]], what: str) -> str:
    """Says that a page query was cut at the endpoint's row bound ("" when it was not)."""
    if not getattr(rows, "truncated", False):
        return ""
    return (f'<p class="truncated">Showing the first {len(rows):,} {esc(what)} of more: the server answers '
            f'at most {len(rows):,} rows (serve --max-rows).</p>')


def entity_page(entity: list[dict[str, str]], edges: list[dict[str, str]], view: ViewFilter | None = None) -> str:
    from graphbuild.serve.ui.filters import ViewFilter

    view = view or ViewFilter()
    keep = view.query()  # links to other entities, the evidence, the drawing and the exports keep the filter
    and_keep = "&" + keep[1:] if keep else ""
    first = entity[0]
    iri, name = first["entity"], first["name"]
    types = sorted({local(r["type"]) for r in entity if r.get("type")})
    aliases = sorted({r["alias"] for r in entity if r.get("alias") and r["alias"] != name})
    same = sorted({r["same"] for r in entity if r.get("same")})
    ids = [f"<code>{esc(entity_id(iri))}</code>"]
    for s in same:
        label = local(s) if "wikidata.org" in s else s
        ids.append(web_link(s, f"Wikidata {label}" if "wikidata.org" in s else label))
    facts = [f"<p><span class=\"cls\">{esc(', '.join(types) or 'Entity')}</span> · {' · '.join(ids)}</p>"]
    if aliases:
        facts.append(f"<p>Also called: {', '.join(esc(a) for a in aliases)}</p>")
    facts.append(f'<p><a class="drawing" href="/drawing/{esc(quote(entity_id(iri), safe="/"))}{esc(keep)}">'
                 'Draw its neighbourhood</a></p>')
    polarity: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for e in edges:
        key = (e["direction"], e["predicate"], e["other"])
        polarity[key].add(e["negated"])
    groups: dict[str, list[dict[str, str]]] = defaultdict(list)
    for e in edges:
        groups[local(e["predicate"])].append(e)
    here = entity_href(iri)
    facts += [filter_form(here, view), filter_note(view, here)]
    parts = [f"<h1>{esc(name)}</h1>", *facts,
             f"<h2>{len(edges)} edge{'s' * (len(edges) != 1)} in {len(groups)} predicate{'s' * (len(groups) != 1)}"
             f"{' (filtered)' if view.active else ''}</h2>", truncated_note(edges, "edges")]
    for predicate in sorted(groups):
        rows = []
        for e in groups[predicate]:
            out = e["direction"] == "out"
            subject, obj = (iri, e["other"]) if out else (e["other"], iri)
            other = e.get("otherName") or entity_id(e["other"])
            link = f"<a class=\"entity\" href=\"{esc(entity_href(e['other']) + keep)}\">{esc(other)}</a>"
            arrow = f"{esc(name)} → {esc(predicate)} → {link}" if out else f"{link} → {esc(predicate)} → {esc(name)}"
            marks = []
            if e["negated"] == "true":
                marks.append('<span class="neg">denied</span>')
            if len(polarity[(e["direction"], e["predicate"], e["other"])]) > 1:
                marks.append('<span class="contested" title="asserted in one statement and denied in another">contested</span>')
            rows.append(f"<tr><td>{arrow} {' '.join(marks)}</td><td>{esc(e['articles'])}</td><td>{esc(e['outlets'])}</td>"
                        f"<td>{esc(e['statements'])}</td>"
                        f'<td><a class="evidence" href="{esc(edge_href(subject, e["predicate"], obj) + and_keep)}">'
                        'evidence</a></td></tr>')
        parts.append(f"<h2>{esc(predicate)}</h2><table><thead><tr><th>Edge</th><th>Articles</th><th>Outlets</th>"
                     f"<th>Sentences</th><th></th></tr></thead><tbody>{''.join(rows)}</tbody></table>")
    if not edges:
        parts.append('<p class="muted">No statement of this entity passes the filter.</p>' if view.active
                     else '<p class="muted">No statement names this entity.</p>')
    else:
        csv_href, graphml_href = here + ".csv" + keep, here + ".graphml" + keep
        parts.insert(len(facts) + 1, f'<p><a class="export" href="{esc(csv_href)}" download>These edges as CSV</a> · '
                                     f'<a class="export" href="{esc(graphml_href)}" download>as GraphML</a></p>')
    return page(name, "".join(parts))


CSV_COLUMNS = ("subject", "predicate", "object", "object_name", "negated", "articles", "outlets",
               "sentences", "best_confidence")


def _cell(value: str) -> str:
    """A CSV cell a spreadsheet will not run: text starting with = + - @ is quoted as text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def edges_csv(entity: str, edges: list[dict[str, str]]) -> str:
    """The entity page's edges, one row per edge and polarity (an edge both asserted and denied
    has two rows)."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in edges:
        other = entity_id(e["other"])
        subject, obj = (entity, other) if e["direction"] == "out" else (other, entity)
        writer.writerow([_cell(v) for v in (subject, local(e["predicate"]), obj, e.get("otherName", ""),
                                            e["negated"], e["articles"], e["outlets"], e["statements"],
                                            e.get("best", ""))])
    return out.getvalue()


def evidence_page(rows: list[dict[str, str]], subject: str, predicate: str, obj: str,
                  review_token: str | None = None, back: str = "/", view: ViewFilter | None = None) -> str:
    from graphbuild.serve.ui.filters import ViewFilter

    view = view or ViewFilter()
    keep = view.query()
    s_name = rows[0].get("sName") or entity_id(subject) if rows else entity_id(subject)
    o_name = rows[0].get("oName") or entity_id(obj) if rows else entity_id(obj)
    head = (f'<h1><a href="{esc(entity_href(subject) + keep)}">{esc(s_name)}</a> → {esc(local(predicate))} → '
            f'<a href="{esc(entity_href(obj) + keep)}">{esc(o_name)}</a></h1>'
            + filter_note(view, edge_href(subject, predicate, obj)))
    if not rows:
        return page("Evidence", head + ('<p class="muted">No statement of this edge passes the filter.</p>' if view.active
                                        else '<p class="muted">No statement of this edge is in the store.</p>'))
    items = []
    for r in rows:
        title = r.get("title") or local(r["doc"])
        source = f'<a class="article" href="{esc(article_href(r["doc"]))}">{esc(title)}</a>'
        if r.get("url"):
            source += " " + web_link(r["url"], "source")
        meta = [m for m in (r.get("issued", "")[:10], r.get("outlet", "")) if m]
        marks = ['<span class="neg">denied</span>'] if r["negated"] == "true" else []
        if r.get("reviewed"):
            marks.append(f'<span class="muted">reviewed: {esc(r["reviewed"])}</span>')
        confidence = f"confidence {float(r['confidence']):.2f}" if r.get("confidence") else ""
        review = _review_buttons(local(r["a"]), review_token, back) if review_token is not None else ""
        items.append(f'<li class="statement"><blockquote>{esc(r["sentence"])}</blockquote>'
                     f'<p>{source} <span class="muted">{esc(" · ".join(meta))}</span> {" ".join(marks)} '
                     f'<span class="muted">{esc(confidence)}</span>{review}</p></li>')
    denied = sum(r["negated"] == "true" for r in rows)
    summary = f"<p>{len(rows)} sentence{'s' * (len(rows) != 1)}" + (f", {denied} denying it" if denied else "") + "</p>"
    return page("Evidence", head + summary + truncated_note(rows, "sentences") + "<ul>" + "".join(items) + "</ul>")


def article_page(rows: list[dict[str, str]]) -> str:
    first = rows[0]
    title = first.get("title") or first["doc"][len(DOC_NS):]
    meta = [m for m in (first.get("issued", "")[:10], first.get("outlet", "")) if m]
    parts = [f"<h1>{esc(title)}</h1>", f'<p class="muted">{esc(" · ".join(meta))}</p>']
    if first.get("url"):
        parts.append(f"<p>{web_link(first['url'], first['url'])}</p>")
    statements = [r for r in rows if r.get("a") and r.get("s")]
    items = []
    for r in statements:
        s_name, o_name = r.get("sName") or entity_id(r["s"]), r.get("oName") or entity_id(r["o"])
        mark = ' <span class="neg">denied</span>' if r.get("negated") == "true" else ""
        items.append(f'<li class="statement"><a href="{esc(entity_href(r["s"]))}">{esc(s_name)}</a> → '
                     f'<a href="{esc(edge_href(r["s"], r["p"], r["o"]))}">{esc(local(r["p"]))}</a> → '
                     f'<a href="{esc(entity_href(r["o"]))}">{esc(o_name)}</a>{mark}'
                     f'<blockquote>{esc(r["sentence"])}</blockquote></li>')
    parts.append(f"<h2>{len(statements)} statement{'s' * (len(statements) != 1)}</h2>")
    parts.append(truncated_note(rows, "rows"))
    parts.append("<ul>" + "".join(items) + "</ul>" if items else '<p class="muted">No statement was drawn from it.</p>')
    return page(title, "".join(parts))


def _review_buttons(assertion: str, token: str, back: str) -> str:
    hidden = (f'<input type="hidden" name="assertion" value="{esc(assertion)}">'
              f'<input type="hidden" name="csrf" value="{esc(token)}">'
              f'<input type="hidden" name="back" value="{esc(back)}">')
    return "".join(f' <form class="review" method="post" action="/review">{hidden}'
                   f'<button name="decision" value="{d}">{d}</button></form>' for d in ("accept", "reject"))


def error_page(status: int, message: str, unfiltered: str = "") -> str:
    """An error; ``unfiltered``: the address of the page without its filter, linked."""
    link = f'<p><a class="clear" href="{esc(unfiltered)}">The page without a filter</a></p>' if unfiltered else ""
    return page(f"{status}", f"<h1>{status}</h1><p>{esc(message)}</p>{link}")


def empty_drawing(entity: str, view: ViewFilter) -> str:
    """The drawing's page when the filter leaves the entity no edge."""
    back = entity_href(entity)
    return page("Drawing", f'<h1><a href="{esc(back + view.query())}">{esc(entity)}</a></h1>'
                           + filter_note(view, "/drawing/" + quote(entity, safe="/"))
                           + '<p class="muted">No edge of this entity passes the filter.</p>')
