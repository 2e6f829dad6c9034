"""A real store built from the hand-made corpus (and one hostile article), served on 127.0.0.1.

Imported by the tests of this folder (a second conftest.py would shadow tests/security's).
"""

from __future__ import annotations

import importlib.util
import threading
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest

from graphbuild.builder import write_resolved
from graphbuild.serve import make_server
from graphbuild.sinks.store import GraphStore

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("graph_handmade_serve", ROOT / "tests" / "fixtures" / "graph" / "handmade.py")
hm = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hm)


HOSTILE_NAME = "<script>alert(1)</script>"
HOSTILE_SENTENCE = "<script>alert(1)</script> sued ICE <img src=x onerror=alert(2)> over it."


def hostile_article():
    """An article whose names, title, sentence and link are built to break a page."""
    from graphbuild.model import Document, DocumentGraph, Entity, EntityType, Predicate, entity_id

    text = f"Title\n\n{HOSTILE_SENTENCE}"
    doc = Document("hostile", text, title='"><b>bold</b>', source="<i>Outlet</i>",
                   url="javascript:alert(3)", published="2026-04-01")
    evil = Entity(entity_id(HOSTILE_NAME, EntityType.COMPANY), HOSTILE_NAME, EntityType.COMPANY, ('"onmouseover="x',))
    return DocumentGraph(doc, (evil, hm.ICE_FULL), (hm._rel(evil, Predicate.SUED, hm.ICE_FULL, doc, HOSTILE_SENTENCE,
                                                             verb="sue"),))


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("serve") / "graph"
    with GraphStore(path) as store:
        write_resolved(store, [*hm.corpus(), hostile_article()])
    return path


class Running:
    def __init__(self, server) -> None:
        self.server = server
        self.host, self.port = server.server_address[:2]
        self.base = f"http://{self.host}:{self.port}"
        self.url = self.base + "/sparql"
        threading.Thread(target=server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.server.endpoint.close()

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
        return fetch(self.base + path, headers=headers)

    def query(self, sparql: str, **params: str) -> tuple[int, dict[str, str], str]:
        return fetch(self.url + "?" + urllib.parse.urlencode({"query": sparql, **params}))


def fetch(url: str, data: bytes | None = None, headers: dict[str, str] | None = None):
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, dict(r.headers), r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode("utf-8")


@pytest.fixture(scope="module")
def served(store_path):
    running = Running(make_server(store_path, port=0, workers=1, timeout=10))
    yield running
    running.stop()


class Page(HTMLParser):
    """Links (href, text), scripts, and every attribute of a page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.scripts = 0
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        self._href: str | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.attrs += attrs
        if tag == "script":
            self.scripts += 1
        if tag == "a":
            self._href = dict(attrs).get("href")
            self.links.append((self._href or "", ""))

    def handle_data(self, data):
        self.text.append(data)
        if self._href is not None:
            href, text = self.links[-1]
            self.links[-1] = (href, text + data)

    def handle_endtag(self, tag):
        if tag == "a":
            self._href = None

    def link(self, text: str) -> str:
        return next(h for h, t in self.links if t.strip() == text)
