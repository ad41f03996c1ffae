"""A lecture hall's worth of load on the class poll's store.

For each back end (SQLite in a temp file; PostgreSQL in a throwaway cluster
with its durable defaults, started like the tests do, see
tests/classroom/pg_cluster.py): one host creates a room and opens a question;
N students (default 300, one thread each, as Streamlit runs one thread per
session) all vote at once, then read the room state every 3 s; the host reads
the tally every second; for ``--duration`` seconds (default 60).

Prints votes lost (300 minus what the final tally and each voter's stored
vote confirm; must be 0), errors, p50/p95 latency of each store call, and CPU
time per student: this process (store and simulated clients) and, for
PostgreSQL, the server's processes.

Usage: ``python bench/poll_load.py [--duration 60] [--students 300]
[--backend sqlite|postgresql|both]``
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from classroom import PollStore  # noqa: E402
from lessons.questions import QUESTIONS  # noqa: E402
from tests.classroom.pg_cluster import PgCluster, start_cluster  # noqa: E402

STATE_EVERY_S = 3.0
TALLY_EVERY_S = 1.0


class Recorder:
    """Latencies per store call and the errors seen, shared by all threads."""

    def __init__(self) -> None:
        self.seconds: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        self.lock = threading.Lock()

    def call(self, name: str, fn, *args):
        start = time.perf_counter()
        try:
            return fn(*args)
        except Exception as exc:  # a benchmark counts failures instead of stopping
            with self.lock:
                self.errors.append(f"{name}: {type(exc).__name__}: {exc}")
            return None
        finally:
            elapsed = time.perf_counter() - start
            with self.lock:
                self.seconds[name].append(elapsed)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def server_cpu(cluster: PgCluster | None) -> float:
    """CPU seconds (user + system) of the PostgreSQL server and its backends so far."""
    if cluster is None:
        return 0.0
    pid = int((cluster.data_dir / "postmaster.pid").read_text().split()[0])
    total = 0.0
    procs = [psutil.Process(pid)]
    procs += procs[0].children(recursive=True)
    for proc in procs:
        try:
            times = proc.cpu_times()
            total += times.user + times.system + times.children_user + times.children_system
        except psutil.NoSuchProcess:
            pass
    return total


def simulate(store: PollStore, students: int, duration: float, seed: int = 0) -> dict:
    """Run one host and ``students`` students against ``store``; return the figures."""
    qid, question = next(iter(QUESTIONS.items()))
    room = store.create_room()
    store.open_question(room.code, room.host_token, qid)
    rec = Recorder()
    rng = random.Random(seed)
    plans = [
        (f"student-{i:05d}", rng.choice(question.options), rng.uniform(0, STATE_EVERY_S))
        for i in range(students)
    ]
    start_line = threading.Barrier(students + 2)
    clock: dict[str, float] = {}

    def student(voter_id: str, choice: str, phase: float) -> None:
        start_line.wait()
        rec.call("vote", store.vote, room.code, qid, voter_id, choice)
        next_read = clock["start"] + phase
        while next_read < clock["end"]:
            time.sleep(max(next_read - time.perf_counter(), 0.0))
            rec.call("state", store.state, room.code)
            next_read += STATE_EVERY_S

    def host() -> None:
        start_line.wait()
        next_read = clock["start"]
        while next_read < clock["end"]:
            time.sleep(max(next_read - time.perf_counter(), 0.0))
            rec.call("tally", store.tally, room.code, qid)
            next_read += TALLY_EVERY_S

    threads = [threading.Thread(target=student, args=plan, daemon=True) for plan in plans]
    threads.append(threading.Thread(target=host, daemon=True))
    for thread in threads:
        thread.start()
    cpu_before = time.process_time()
    clock["start"] = time.perf_counter()
    clock["end"] = clock["start"] + duration
    start_line.wait()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - clock["start"]
    cpu = time.process_time() - cpu_before
    return {
        "room": room,
        "qid": qid,
        "plans": plans,
        "rec": rec,
        "cpu": cpu,
        "wall": wall,
    }


def votes_lost(store: PollStore, result: dict) -> int:
    """Students whose vote is missing from the tally or stored wrongly."""
    room, qid, plans = result["room"], result["qid"], result["plans"]
    expected: dict[str, int] = defaultdict(int)
    for _, choice, _ in plans:
        expected[choice] += 1
    tally = store.tally(room.code, qid)
    short = sum(max(expected[o] - tally.get(o, 0), 0) for o in expected)
    wrong = sum(store.vote_of(room.code, qid, v) != choice for v, choice, _ in plans)
    return max(short, wrong)


def report(name: str, store: PollStore, result: dict, students: int, server: float) -> None:
    rec: Recorder = result["rec"]
    print(f"\n{name}: {students} students, {result['wall']:.1f} s")
    print(f"  votes lost: {votes_lost(store, result)} (must be 0); errors: {len(rec.errors)}")
    for line in sorted(set(rec.errors))[:5]:
        print(f"    {line}")
    print(f"  {'call':<6} {'count':>7} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9}")
    for call in ("vote", "state", "tally"):
        ms = [s * 1000 for s in rec.seconds[call]]
        if ms:
            p50, p95 = percentile(ms, 50), percentile(ms, 95)
            print(f"  {call:<6} {len(ms):>7} {p50:>9.2f} {p95:>9.2f} {max(ms):>9.2f}")
    cpu = result["cpu"]
    print(
        f"  CPU, this process (store + simulated clients): {cpu:.2f} s, "
        f"{cpu / students * 1000:.1f} ms per student"
    )
    if server:
        print(
            f"  CPU, PostgreSQL server processes: {server:.2f} s, "
            f"{server / students * 1000:.1f} ms per student"
        )


def run_sqlite(students: int, duration: float) -> None:
    with tempfile.TemporaryDirectory(prefix="bpl-bench-") as folder:
        store = PollStore(f"sqlite:///{Path(folder) / 'polls.sqlite3'}")
        try:
            result = simulate(store, students, duration)
            report("SQLite (WAL, one file)", store, result, students, 0.0)
        finally:
            store.dispose()


def run_postgresql(students: int, duration: float) -> None:
    cluster = start_cluster(fsync=True, max_connections=100)
    try:
        store = PollStore(cluster.create_database("bench"))
        try:
            before = server_cpu(cluster)
            result = simulate(store, students, duration)
            server = server_cpu(cluster) - before
            report("PostgreSQL (throwaway cluster, unix socket)", store, result, students, server)
        finally:
            store.dispose()
    finally:
        cluster.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds (default 60)")
    parser.add_argument("--students", type=int, default=300, help="default 300")
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    print(
        f"Poll load: {args.students} students vote once then read the state every "
        f"{STATE_EVERY_S:g} s; the host reads the tally every {TALLY_EVERY_S:g} s; "
        f"{args.duration:g} s per back end. psutil sees {psutil.cpu_count()} CPU(s)."
    )
    if args.backend in ("sqlite", "both"):
        run_sqlite(args.students, args.duration)
    if args.backend in ("postgresql", "both"):
        run_postgresql(args.students, args.duration)


if __name__ == "__main__":
    main()
