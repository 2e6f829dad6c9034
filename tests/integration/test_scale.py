"""Scale on one JSONL file: Dask partitions of records give the output of one process; a corpus
read from a real S3-compatible server (moto's server mode, started here on 127.0.0.1) gives the
triples read from disk; ``build --dask`` gives the store of ``build`` when one entity appears in
every partition, and skips stored articles before parsing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from graphbuild.builder import build
from graphbuild.cli import main
from graphbuild.config import Config
from graphbuild.sinks.rdf import to_rdflib_graph
from graphbuild.sinks.store import GraphStore

pytestmark = [pytest.mark.model, pytest.mark.slow]

# Every article names ICE, under one of its names, so the entity is in every partition; the
# first id comes back (ids must be unique over the whole file, as in one process).
ARTICLES = [
    ("pitch", "Amazon pitched ICE on face recognition",
     "Amazon pitched U.S. Immigration and Customs Enforcement on its Rekognition service last summer. "
     "Amazon pitched ICE in a meeting in Redwood City."),
    ("contract", "ICE and Palantir",
     "Immigration and Customs Enforcement awarded Palantir Technologies a contract for case management. "
     "ICE does not have a contract with Amazon Web Services."),
    ("study", "ACLU studies Rekognition",
     "The American Civil Liberties Union studied Rekognition in July. The ACLU criticized ICE."),
    ("pitch", "Microsoft and ICE",
     "Microsoft supplied cloud services to ICE. Microsoft employees criticized the contract."),
    (None, "Homeland Security Investigations",
     "Homeland Security Investigations is part of ICE. HSI investigated Clearview AI."),
    ("lobby", "Palantir lobbied Congress",
     "Palantir lobbied the Department of Homeland Security. ICE met with Palantir in Washington."),
    (None, "Clearview fined",
     "The Federal Trade Commission penalized Clearview AI. ICE used Clearview AI in 2020."),
    ("union", "Union sues ICE",
     "The Service Employees International Union sued ICE in federal court over the detention contract."),
]


def _write(path: Path) -> Path:
    lines = []
    for doc_id, title, text in ARTICLES:
        row = {"title": title, "text": text, "source": "Example Wire", "published": "2026-01-05"}
        if doc_id:
            row["id"] = doc_id
        lines.append(json.dumps(row))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write(tmp_path_factory.mktemp("scale") / "news.jsonl")


PART_BYTES = "300"  # the file is ~2.3 kB: eight partitions


@pytest.fixture(scope="module")
def one_process(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("one") / "triples.jsonl"
    assert main(["extract", str(corpus), "-q", "--batch-size", "2", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.count("\n") >= 8, "too few relations to compare"
    return text


def test_jsonl_split_into_four_or_more_partitions_equals_one_process(corpus: Path, one_process: str,
                                                                     tmp_path: Path) -> None:
    out, parts = tmp_path / "triples.jsonl", tmp_path / "parts"
    assert main(["extract", str(corpus), "-q", "--batch-size", "2", "--dask", "local:2",
                 "--partition-bytes", PART_BYTES, "--parts-dir", str(parts), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == one_process
    part_files = sorted(parts.glob("part-*.jsonl"))
    assert len(part_files) >= 4, "one JSONL file must be split into several partitions"
    assert sum(1 for p in part_files if p.stat().st_size) >= 4, "records spread over the partitions"
    docs = [json.loads(line)["doc"] for line in one_process.splitlines()]
    assert any(d.startswith("pitch~") for d in docs) and "news-5" in docs, "ids as in one process: repeated and defaulted"

    # the merge step: N-Quads parts resolved across partitions = the one-process graph
    from graphbuild.distributed import merge_nquads
    from graphbuild.resolve.corpus import resolve_corpus
    from graphbuild.runners import extract
    from graphbuild.sinks.rdf import write_nquads

    merged, single = tmp_path / "merged.nq", tmp_path / "single.nq"
    with merged.open("wb") as fh:
        merge_nquads(part_files, fh)
    with single.open("wb") as fh:
        write_nquads(resolve_corpus(extract([corpus], Config(quiet=True, batch_size=2))), fh)
    a, b = rdflib.Dataset(), rdflib.Dataset()
    a.parse(merged, format="nquads")
    b.parse(single, format="nquads")
    assert set(a.quads()) == set(b.quads())
    assert (parts / "graph.nq").exists(), "the CLI writes the merged graph beside the parts"


def _store_quads(path: Path) -> set[str]:
    with GraphStore(path, read_only=True) as s:
        return {str(q) for q in s.quads()}


def test_build_dask_equals_build_and_skips_stored_articles(corpus: Path, tmp_path: Path) -> None:
    cfg = Config(quiet=True, batch_size=2)
    single = build([corpus], tmp_path / "one", cfg)
    dask_cfg = cfg.model_copy(update={"dask": "local:2", "partition_bytes": int(PART_BYTES)})
    distributed = build([corpus], tmp_path / "dask", dask_cfg)
    assert distributed.write.documents == single.write.documents == len(ARTICLES)
    one, many = _store_quads(tmp_path / "one"), _store_quads(tmp_path / "dask")
    assert one == many
    with GraphStore(tmp_path / "one", read_only=True) as a, GraphStore(tmp_path / "dask", read_only=True) as b:
        assert isomorphic(to_rdflib_graph(a.quads()), to_rdflib_graph(b.quads()))
        ice = a.query("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a gb:GovernmentBody ; "
                      "skos:prefLabel|skos:altLabel 'ICE' }")
    assert int(ice[0]["n"]) == 1, "ICE, named in every partition, is one node"

    again = build([corpus], tmp_path / "dask", dask_cfg)
    assert again.unchanged == len(ARTICLES) and again.extract.documents == 0, \
        "stored articles are dropped before parsing"
    assert _store_quads(tmp_path / "dask") == one


# -- S3 ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def s3_server():
    """moto in server mode: a real HTTP S3 endpoint on 127.0.0.1 (any free port)."""
    server_mod = pytest.importorskip("moto.server")
    pytest.importorskip("s3fs")
    server = server_mod.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(s3_server: str, monkeypatch: pytest.MonkeyPatch):
    for key, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                       "AWS_DEFAULT_REGION": "us-east-1", "AWS_ENDPOINT_URL": s3_server}.items():
        monkeypatch.setenv(key, value)
    import s3fs

    fs = s3fs.S3FileSystem(endpoint_url=s3_server, skip_instance_cache=True)
    fs.mkdir("corpus")
    yield fs
    fs.rm("corpus", recursive=True)


def test_corpus_on_s3_gives_the_triples_of_disk(corpus: Path, one_process: str, s3,
                                                 tmp_path: Path) -> None:
    s3.put(str(corpus), "corpus/in/news.jsonl")
    # one process: read from S3, write to S3
    assert main(["extract", "s3://corpus/in/", "-q", "--batch-size", "2",
                 "-o", "s3://corpus/out/triples.jsonl"]) == 0
    assert s3.cat("corpus/out/triples.jsonl").decode("utf-8") == one_process
    # Dask workers read the partitions from S3 and write their parts there
    out = tmp_path / "triples.jsonl"
    assert main(["extract", "s3://corpus/in/news.jsonl", "-q", "--batch-size", "2", "--dask", "local:2",
                 "--partition-bytes", PART_BYTES, "--parts-dir", "s3://corpus/parts", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == one_process
    assert len(s3.glob("corpus/parts/part-*.jsonl")) >= 4
