"""A real Neo4j Community server for tests and benchmarks, started from the Maven-built launcher.

The launcher (``tests/neo4j_launcher``) runs Neo4j embedded with the Bolt connector on a free
loopback port, authentication on, data in a throwaway folder. It prints ``BOLT_URI=...`` when it
accepts logins and stops when its stdin closes, so a crashed test run never leaves it behind.

>>> server = start_neo4j("a-password")            # doctest: +SKIP
>>> server.uri                                     # doctest: +SKIP
'bolt://127.0.0.1:40123'
>>> server.stop()                                  # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

LAUNCHER_DIR = Path(__file__).resolve().parent / "neo4j_launcher"
TARGET = LAUNCHER_DIR / "target"
JAR = TARGET / "neo4j-launcher.jar"
LIB = TARGET / "lib"
# Class-data-sharing archive of the launcher's classes: written on the first clean stop, then
# reused; it cuts JVM startup by about a third. The JVM ignores it if it does not match.
CDS_ARCHIVE = TARGET / "neo4j-launcher.jsa"
USER = "neo4j"
BOLT_PREFIX = "BOLT_URI="


class Neo4jStartError(RuntimeError):
    """The launcher could not be built, or the server did not come up in time."""


def java_executable() -> str | None:
    """``$JAVA_HOME/bin/java`` when set, else ``java`` on PATH, else None."""
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def _sources() -> list[Path]:
    return [LAUNCHER_DIR / "pom.xml", *sorted((LAUNCHER_DIR / "src").rglob("*.java"))]


def launcher_is_stale() -> bool:
    """True when the jar or its libraries are missing or older than the pom/Java sources."""
    if not JAR.is_file() or not LIB.is_dir() or not any(LIB.glob("neo4j-*.jar")):
        return True
    built = JAR.stat().st_mtime
    return any(p.stat().st_mtime > built for p in _sources())


def build_launcher(*, force: bool = False, timeout: float = 900.0) -> Path:
    """Build the launcher with Maven when it is missing or stale; returns the jar path.

    Maven resolves into the default local repository (``~/.m2``), so only the first build
    downloads. A file lock keeps concurrent test runs from building at the same time.
    """
    TARGET.mkdir(parents=True, exist_ok=True)
    with open(TARGET / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not force and not launcher_is_stale():
            return JAR
        mvn = shutil.which("mvn")
        if mvn is None:
            raise Neo4jStartError("Maven (mvn) is not on PATH; it is needed once to build "
                                  f"{LAUNCHER_DIR.relative_to(LAUNCHER_DIR.parents[1])}")
        cmd = [mvn, "-q", "-B", "-Dstyle.color=never", "-f", str(LAUNCHER_DIR / "pom.xml"),
               "package"]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            raise Neo4jStartError(f"Maven build of the Neo4j launcher timed out after {timeout:.0f}s") from exc
        if proc.returncode != 0 or not JAR.is_file():
            tail = _tail_text(proc.stdout + proc.stderr, 40)
            raise Neo4jStartError(f"Maven build of the Neo4j launcher failed ({' '.join(cmd)}):\n{tail}")
        with contextlib.suppress(FileNotFoundError):
            CDS_ARCHIVE.unlink()  # built for the old jar
        return JAR


@dataclass
class Neo4jServer:
    """A running launcher process. ``stop()`` is idempotent; the object is a context manager."""

    uri: str
    user: str
    password: str
    process: subprocess.Popen[str]
    data_dir: Path
    log_path: Path
    startup_seconds: float
    _owns_data_dir: bool = True
    _cds_tmp: Path | None = None
    _stopped: bool = field(default=False, repr=False)

    def __enter__(self) -> Neo4jServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def log_tail(self, lines: int = 40) -> str:
        return _log_tail(self.log_path, self.data_dir, lines)

    def stop(self, timeout: float = 60.0) -> None:
        """Close stdin (the launcher shuts Neo4j down cleanly), escalate if it hangs."""
        if self._stopped:
            return
        self._stopped = True
        proc = self.process
        with contextlib.suppress(OSError):
            if proc.stdin:
                proc.stdin.close()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if self._cds_tmp is not None:
            # Keep the class-data archive only if the JVM finished writing it.
            if proc.returncode == 0 and self._cds_tmp.is_file():
                os.replace(self._cds_tmp, CDS_ARCHIVE)
            else:
                with contextlib.suppress(FileNotFoundError):
                    self._cds_tmp.unlink()
        if self._owns_data_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)


def jvm_options(*, heap: str = "1g", fast_start: bool = True) -> list[str]:
    """JVM flags: bounded heap, JVM warnings to stderr (stdout carries only BOLT_URI)."""
    opts = [f"-Xmx{heap}", "-Xms256m", "-XX:+UseParallelGC", "-Xlog:disable",
            "-Xlog:all=warning:stderr"]
    if fast_start:
        # C1 only: starts in about half the CPU time; fine for tests, not for benchmarks.
        opts.append("-XX:TieredStopAtLevel=1")
    return opts


def start_neo4j(
    password: str,
    *,
    port: int = 0,
    data_dir: str | Path | None = None,
    heap: str = "1g",
    fast_start: bool = True,
    timeout: float = 180.0,
    build: bool = True,
    in_memory: bool = True,
) -> Neo4jServer:
    """Start a Neo4j server and return once a driver can log in to it.

    ``port=0`` picks a free port. ``fast_start`` trades peak speed for startup time (use
    ``False`` for benchmarks). Without ``data_dir`` the data goes to a fresh temporary folder,
    on ``/dev/shm`` when ``in_memory`` and it exists (commits then cost no disk flush).
    Raises :class:`Neo4jStartError` with the Java log tail on failure.
    """
    java = java_executable()
    if java is None:
        raise Neo4jStartError("java is not on PATH (Java 17+ is needed for the Neo4j test server)")
    if build:
        build_launcher()
    elif not JAR.is_file():
        raise Neo4jStartError(f"{JAR} is missing; run tests/neo4j_launcher/prepare.sh")

    owns = data_dir is None
    shm = Path("/dev/shm")
    tmp_root = str(shm) if in_memory and shm.is_dir() and os.access(shm, os.W_OK) else None
    home = Path(tempfile.mkdtemp(prefix="graphbuild-neo4j-", dir=tmp_root)) if owns else Path(data_dir)
    home.mkdir(parents=True, exist_ok=True)
    log_path = home / "launcher.log"

    cmd = [java, *jvm_options(heap=heap, fast_start=fast_start)]
    cds_tmp = None
    if CDS_ARCHIVE.is_file() and CDS_ARCHIVE.stat().st_mtime >= JAR.stat().st_mtime:
        cmd.append(f"-XX:SharedArchiveFile={CDS_ARCHIVE}")
    else:
        cds_tmp = TARGET / f"neo4j-launcher.jsa.{os.getpid()}.{time.monotonic_ns()}.tmp"
        cmd.append(f"-XX:ArchiveClassesAtExit={cds_tmp}")
    cmd += ["-jar", str(JAR), "--data-dir", str(home / "neo4j"), "--port", str(port)]

    env = {**os.environ, "NEO4J_PASSWORD": password}
    started = time.monotonic()
    log = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 - handed to the child
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
                                env=env, text=True, start_new_session=True)
    finally:
        log.close()

    server = Neo4jServer("", USER, password, proc, home, log_path, 0.0, owns, cds_tmp)
    try:
        server.uri = _wait_for_bolt_line(proc, started + timeout)
        _wait_for_login(server.uri, password, started + timeout)
    except BaseException as exc:
        message = f"{exc}\n--- Neo4j launcher log (tail) ---\n{server.log_tail()}"
        server.stop(timeout=20)
        if isinstance(exc, Neo4jStartError):
            raise Neo4jStartError(message) from None
        raise
    server.startup_seconds = time.monotonic() - started
    return server


def _wait_for_bolt_line(proc: subprocess.Popen[str], deadline: float) -> str:
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put(line.strip())
        lines.put(None)

    threading.Thread(target=pump, name="neo4j-launcher-stdout", daemon=True).start()
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise Neo4jStartError("Neo4j did not report its Bolt address in time")
        try:
            line = lines.get(timeout=min(remaining, 1.0))
        except queue.Empty:
            continue
        if line is None:
            proc.wait(timeout=30)
            raise Neo4jStartError(f"the Neo4j launcher exited with code {proc.returncode} before it was ready")
        if line.startswith(BOLT_PREFIX):
            return line[len(BOLT_PREFIX):]


def _wait_for_login(uri: str, password: str, deadline: float) -> None:
    import neo4j

    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            with neo4j.GraphDatabase.driver(uri, auth=(USER, password), connection_timeout=5) as driver:
                driver.verify_connectivity()
                return
        except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired, OSError) as exc:
            last = exc
            time.sleep(0.2)
    raise Neo4jStartError(f"Neo4j at {uri} did not accept a login in time: {last}")


def _tail_text(text: str, lines: int) -> str:
    return "\n".join(text.splitlines()[-lines:])


def _log_tail(log_path: Path, data_dir: Path, lines: int) -> str:
    parts = []
    for path in (log_path, data_dir / "neo4j" / "logs" / "debug.log"):
        with contextlib.suppress(OSError):
            parts.append(f"[{path.name}]\n" + _tail_text(path.read_text(errors="replace"), lines))
    return "\n".join(parts) or "(no log written)"
