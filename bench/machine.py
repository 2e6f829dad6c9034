"""What every benchmark records beside its figures: the machine, the versions, a table, a JSON file.

    from machine import machine_info, print_table, save_results
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_info() -> dict[str, Any]:
    """nproc, RAM, CPU model, OS, Python, spaCy, model and graphbuild versions, load average."""
    info: dict[str, Any] = {
        "nproc": os.cpu_count(),
        "cpu": _cpu_model(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    try:
        import psutil

        info["ram_gb"] = round(psutil.virtual_memory().total / 2**30, 1)
    except ImportError:
        pass
    with contextlib.suppress(OSError):
        info["loadavg_1m"] = round(os.getloadavg()[0], 2)
    from importlib import metadata

    for mod in ("spacy", "graphbuild", "dask", "distributed", "pyoxigraph", "neo4j"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            info[mod] = metadata.version(mod)
    try:
        from graphbuild.config import Config
        from graphbuild.nlp.model import resolve_model_name

        name = resolve_model_name(Config().model)
        import spacy.util

        info["model"] = f"{name} {spacy.util.get_package_version(name) or ''}".strip()
    except Exception:  # the machine block must never stop a benchmark
        pass
    return info


def print_table(rows: list[dict[str, Any]], columns: list[str]) -> None:
    widths = {c: max(len(c), *(len(_fmt(r.get(c, ""))) for r in rows)) for c in columns}
    print("  ".join(c.ljust(widths[c]) for c in columns))
    print("  ".join("-" * widths[c] for c in columns))
    for r in rows:
        print("  ".join(_fmt(r.get(c, "")).ljust(widths[c]) for c in columns))


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:,.2f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def save_results(name: str, payload: dict[str, Any]) -> Path:
    """``bench/results/<name>.json`` with the machine block added."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps({"machine": machine_info(), **payload}, indent=2) + "\n", encoding="utf-8")
    print(f"\nresults: {path}", file=sys.stderr)
    return path
