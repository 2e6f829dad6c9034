"""Fixtures for the security tier: a real store, real servers on 127.0.0.1, no mocks."""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from graphbuild.builder import write_resolved
from graphbuild.serve import make_server
from graphbuild.sinks.store import GraphStore

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "graph"
_spec = importlib.util.spec_from_file_location("graph_handmade_security", FIXTURES / "handmade.py")
hm = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hm)


@pytest.fixture(scope="session")
def store_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("security") / "graph"
    with GraphStore(path) as store:
        write_resolved(store, hm.corpus())
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Running:
    """A server started in this process (``url``, ``host``, ``port``, ``server``)."""

    def __init__(self, server) -> None:
        self.server = server
        self.host, self.port = server.server_address[:2]
        self.url = f"http://{self.host}:{self.port}/sparql"
        self.thread = threading.Thread(target=server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.server.endpoint.close()


@pytest.fixture
def start_server(store_path):
    started: list[Running] = []

    def start(**options) -> Running:
        options.setdefault("timeout", 5)
        options.setdefault("workers", 2)
        running = Running(make_server(store_path, port=0, **options))
        started.append(running)
        return running

    yield start
    for running in started:
        running.stop()


def graphbuild_cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "graphbuild", *args]


def cli_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


@pytest.fixture
def serve_process(store_path):
    """``graphbuild serve`` as a separate process; yields (popen, url)."""
    procs: list[subprocess.Popen] = []

    def start(*extra: str) -> tuple[subprocess.Popen, str]:
        port = free_port()
        proc = subprocess.Popen(graphbuild_cli("serve", "--store", str(store_path), "--port", str(port), *extra),
                                env=cli_env(), stderr=subprocess.PIPE, text=True)
        procs.append(proc)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if proc.poll() is not None:
                raise RuntimeError(proc.stderr.read())
            time.sleep(0.1)
        return proc, f"http://127.0.0.1:{port}/sparql"

    yield start
    for proc in procs:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
