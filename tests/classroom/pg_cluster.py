"""A throwaway PostgreSQL cluster for the poll store's tests and benchmark.

``initdb`` refuses to run as root, so as root the cluster belongs to an
unprivileged user (``nobody`` unless ``BACKPROP_PG_USER`` names another). It
listens on a unix socket in its own temp folder only (no TCP port), trusts
local connections, and is deleted by :meth:`PgCluster.stop` (also at exit).

Usage::

    cluster = start_cluster()
    try:
        url = cluster.create_database("polls")  # postgresql+psycopg://postgres@/polls?host=...
    finally:
        cluster.stop()
"""

from __future__ import annotations

import atexit
import glob
import os
import pwd
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["PgCluster", "PgUnavailable", "find_bin_dir", "start_cluster"]

SUPERUSER = "postgres"


class PgUnavailable(RuntimeError):
    """PostgreSQL's server programs are missing or the cluster would not start."""


def _version(path: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", path)) or (0,)


def find_bin_dir() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``: Debian's newest, else on PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb and shutil.which("pg_ctl") else None


def _owner() -> pwd.struct_passwd | None:
    """The unprivileged account to run the server as, or None when not root."""
    if os.geteuid() != 0:
        return None
    name = os.environ.get("BACKPROP_PG_USER", "nobody")
    try:
        return pwd.getpwnam(name)
    except KeyError as exc:
        raise PgUnavailable(f"no user {name!r} to own the cluster (initdb refuses root)") from exc


@dataclass
class PgCluster:
    """A running throwaway cluster: its programs, folder and owner."""

    bin_dir: Path
    root: Path
    owner: pwd.struct_passwd | None
    running: bool = field(default=False)

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root

    def run(self, program: str, *args: str) -> subprocess.CompletedProcess:
        """Run one of the cluster's programs as its owner; PgUnavailable on failure."""
        as_owner = {}
        if self.owner is not None:
            as_owner = {"user": self.owner.pw_uid, "group": self.owner.pw_gid, "extra_groups": []}
        env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
        done = subprocess.run(
            [str(self.bin_dir / program), *args],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            **as_owner,
        )
        if done.returncode != 0:
            raise PgUnavailable(f"{program} failed: {(done.stderr or done.stdout).strip()}")
        return done

    def url(self, dbname: str = "postgres") -> str:
        """SQLAlchemy URL of ``dbname`` over the cluster's unix socket."""
        return f"postgresql+psycopg://{SUPERUSER}@/{dbname}?host={self.socket_dir}"

    def create_database(self, dbname: str) -> str:
        """Create ``dbname`` (letters, digits, underscores) and return its URL."""
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", dbname):
            raise ValueError(f"database name {dbname!r}: use lower-case letters, digits, _")
        self.run("createdb", "-h", str(self.socket_dir), "-U", SUPERUSER, dbname)
        return self.url(dbname)

    def stop(self) -> None:
        """Stop the server (immediately: nothing here is worth keeping) and delete it all."""
        if self.running:
            try:
                self.run("pg_ctl", "-D", str(self.data_dir), "-m", "immediate", "-w", "stop")
            except (PgUnavailable, subprocess.TimeoutExpired):
                pass
            self.running = False
        shutil.rmtree(self.root, ignore_errors=True)


def _settings(cluster: PgCluster, fsync: bool, max_connections: int) -> str:
    lines = [
        "listen_addresses = ''",
        f"unix_socket_directories = '{cluster.socket_dir}'",
        f"max_connections = {max_connections}",
    ]
    if not fsync:  # tests: speed over durability
        lines += ["fsync = off", "synchronous_commit = off", "full_page_writes = off"]
    return "\n# throwaway cluster\n" + "\n".join(lines) + "\n"


def start_cluster(*, fsync: bool = False, max_connections: int = 200) -> PgCluster:
    """Create and start a cluster in a new temp folder.

    Parameters
    ----------
    fsync : bool
        Keep PostgreSQL's durable defaults (True, for a benchmark) or turn
        fsync and synchronous commit off (False, for tests).
    max_connections : int
        The server's connection limit.

    Raises
    ------
    PgUnavailable
        If the server programs are missing or the cluster does not start.
    """
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise PgUnavailable("PostgreSQL server programs (initdb, pg_ctl) not found")
    owner = _owner()
    root = Path(tempfile.mkdtemp(prefix="bpl-pg-"))  # short: a socket path has < 108 chars
    if owner is not None:
        os.chown(root, owner.pw_uid, owner.pw_gid)
    cluster = PgCluster(bin_dir, root, owner)
    atexit.register(cluster.stop)
    try:
        cluster.run(
            "initdb", "-D", str(cluster.data_dir), "-U", SUPERUSER, "--auth=trust",
            "-E", "UTF8", "--locale=C", "--no-sync",
        )  # fmt: skip
        with open(cluster.data_dir / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write(_settings(cluster, fsync, max_connections))
        log = str(root / "server.log")
        cluster.run("pg_ctl", "-D", str(cluster.data_dir), "-l", log, "-w", "-t", "60", "start")
        cluster.running = True
    except BaseException:
        cluster.stop()
        raise
    return cluster
