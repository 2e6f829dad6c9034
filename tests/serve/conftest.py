"""A real store built from the hand-made corpus, served on 127.0.0.1 (no mocks)."""

from __future__ import annotations

import importlib.util
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from graphbuild.serve import make_server
from graphbuild.sinks.store import GraphStore

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("graph_handmade_serve", ROOT / "tests" / "fixtures" / "graph" / "handmade.py")
hm = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hm)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("serve") / "graph"
    with GraphStore(path) as store:
        store.write(hm.corpus())
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
