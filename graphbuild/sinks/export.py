"""Export files written whole or not at all, in XML that always parses.

A file is written under a temporary name beside its target and renamed over it when complete
(``os.replace`` is atomic on one file system), so a failure (a bad value, a full disk, Ctrl-C)
leaves the previous file or nothing, never half a file. GraphML and GEXF carry every string
through :func:`xml_safe`: characters XML 1.0 cannot hold (ESC, BEL and the other C0 controls)
are written as visible ``\\x1b`` escapes, so the text stays readable and the file parses.

>>> xml_safe("Acme\\x1b[31m Corp\\x07")
'Acme\\\\x1b[31m Corp\\\\x07'
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from graphbuild.errors import SinkError

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    """``text`` with the characters XML 1.0 forbids written as visible escapes."""
    if not _XML_INVALID.search(text):
        return text
    return _XML_INVALID.sub(lambda m: m.group(0).encode("unicode_escape", "backslashreplace").decode("ascii"),
                            text)


def _describe(exc: OSError) -> str:
    return exc.strerror or str(exc)


@contextlib.contextmanager
def atomic_output(path: str | Path, mode: str = "wb") -> Iterator[IO[Any]]:
    """A file object whose content appears at ``path`` only when the block ends without an
    error; ``-`` is stdout (not atomic). Raises :class:`SinkError` with a one-line reason."""
    if str(path) == "-":
        yield sys.stdout.buffer if "b" in mode else sys.stdout
        return
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent or ".")
    except OSError as exc:
        raise SinkError(f"cannot write {target}: {_describe(exc)}") from None
    try:
        fh_: IO[Any] = os.fdopen(fd, mode) if "b" in mode else os.fdopen(fd, mode, encoding="utf-8", newline="\n")
        with fh_ as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except OSError as exc:
        _remove(tmp)
        raise SinkError(f"cannot write {target}: {_describe(exc)}") from None
    except BaseException:
        _remove(tmp)
        raise


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_network(graph: Any, path: str | Path, fmt: str) -> None:
    """GraphML/GEXF that Gephi opens: list attributes joined with " | ", no empty values,
    every string XML-safe; written atomically."""
    import networkx as nx

    g = nx.MultiDiGraph() if graph.is_multigraph() and graph.is_directed() else graph.__class__()
    g.graph.update({xml_safe(str(k)): _value(v) for k, v in graph.graph.items()})
    for node, data in graph.nodes(data=True):
        attrs = _attrs(data)
        if fmt == "gexf" and data.get("name") and "label" not in attrs:
            attrs["label"] = _value(data["name"])  # Gephi shows the label: the name, not the id
        g.add_node(_value(node), **attrs)
    if graph.is_multigraph():
        for u, v, key, data in graph.edges(keys=True, data=True):
            g.add_edge(_value(u), _value(v), key=_value(key), **_attrs(data))
    else:
        for u, v, data in graph.edges(data=True):
            g.add_edge(_value(u), _value(v), **_attrs(data))
    writer = nx.write_graphml if fmt == "graphml" else nx.write_gexf
    with atomic_output(path) as fh:
        try:
            writer(g, fh)
        except (nx.NetworkXError, TypeError, ValueError) as exc:
            raise SinkError(f"cannot write {path} as {fmt}: {exc}") from None


def _value(val: object) -> Any:
    if isinstance(val, list | tuple | set):
        return xml_safe(" | ".join(str(x) for x in val))
    if val is None:
        return ""
    if isinstance(val, str):
        return xml_safe(val)
    return val


def _attrs(data: dict[str, object]) -> dict[str, Any]:
    return {xml_safe(str(k)): _value(v) for k, v in data.items()}
