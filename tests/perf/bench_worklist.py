"""``make bench-worklist``: ``GET /api/v1/restore/worklist`` against two peer routes, same run.

What runs where:

- **The catalog** (this process, on a fresh migrated database on the local PostgreSQL, dropped
  afterwards): ``--groups`` groups of ``--servers / --groups`` servers (every 40th not live),
  ``--consumers`` API tokens with the restore-consumer role, their capability registrations and
  ``--declarations`` declarations (about 3/5 group-wide, the rest server-specific, some that win
  over a group-wide one, some disabled, some that the consumer cannot serve: gaps) — all through
  the restore service functions the API calls (``create_group``, ``create_server``,
  ``register_capabilities``, ``declare_replica``: validated and audited as through HTTP, minus the
  HTTP round trips). Backup runs are bulk-inserted with one ``insert … select from unnest(…)``
  (``--runs`` per server and backup type, the latest failed on every 7th server, none at all on
  every 25th: "latest successful snapshot" is real work and some items have none); the rows are
  exactly what ``report_backup_run`` inserts, without its 16,000 audit rows, which the worklist
  never reads.
- **The server** (a separate process, ``--serve`` mode of this file): the real app from
  ``create_app(load_settings())`` — what ``lifeboat serve`` builds, from the same ``LIFEBOAT_*``
  environment (default pool size, default log level ``info``: one JSON access line per request,
  written to a temporary file) — run by ``uvicorn.run`` with ``lifeboat serve``'s options, one
  process. Two peer routes are registered on *that* app only for the benchmark (never in the
  product): ``GET /bench/minimal`` returns a small constant dict, ``GET /bench/one-query`` runs one
  ``select`` through the same Piccolo engine / asyncpg pool as the worklist and returns the small
  row. Both declare the worklist's permission (restore:consume), so they go through the same
  middleware stack, the same bearer-token authentication (one token lookup per request) and the
  same guard; the ratio isolates the worklist's own work.
- **The load generator** (this process): aiohttp (lighter per request than httpx, so less of the
  2-core machine goes to the client), ``--connections`` concurrent connections, closed loop, each
  target for ``--duration`` seconds per round, ``--rounds`` rounds with the targets interleaved (the
  order rotates every round); requests rotate over the consumers' tokens for every target.
  Targets: the worklist (200), the worklist with ``If-None-Match`` = the consumer's current ETag
  (304), the minimal handler, the one-query handler. Reported: requests/s, p50/p90/p99 latency,
  the server's CPU time per request (Linux /proc) — the least load-sensitive number on a shared
  machine — and the ratios worklist/peer.
- **Where the time goes**: statement timing of the worklist's parts in this process (the SQL
  through Piccolo, the same SQL on bare asyncpg, its server-side execution time from EXPLAIN
  ANALYZE, building the structs, encoding, the ETag) and, with ``--profile``, a second server run
  under cProfile (started after the app's resources, dumped at shutdown) loaded with the worklist
  only: own CPU time by package and the top functions.

Prints a table, the ratios and one ``BENCH_RESULT {json}`` line; writes the raw results to
``--json`` (default ``$TMPDIR/lifeboat-bench/worklist-latest.json``). Only ratios from one run mean
anything; the test suite never asserts a time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import pstats
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
import msgspec

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bench_common import RESULT_PREFIX, percentile, summarise_ms, with_database

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
WORKLIST = "/api/v1/restore/worklist"
MINIMAL = "/bench/minimal"
ONE_QUERY = "/bench/one-query"
PROFILE_ENV = "BENCH_WORKLIST_CPROFILE"
READY_S = 60.0
CLK_TCK = os.sysconf("SC_CLK_TCK")
BACKUP_TYPES = ("postgres", "files")
COMBOS = (("postgres", "verify"), ("files", "verify"), ("postgres", "analytics"))
ENVIRONMENT = "bench"


def default_server_url() -> str:
    return (
        os.environ.get("BENCH_DATABASE_URL")
        or os.environ.get("LIFEBOAT_TEST_DATABASE_URL")
        or "postgresql://postgres@127.0.0.1:5432/postgres"
    )


def default_nats_url() -> str:
    return os.environ.get("LIFEBOAT_TEST_NATS_URL") or "nats://127.0.0.1:4222"


# --- the server process (``--serve``) ------------------------------------------------------------


def build_bench_app() -> Any:
    """``lifeboat serve``'s app plus the two peer routes (benchmark only, never the product)."""
    from litestar import Request, get

    from lifeboat.app import create_app
    from lifeboat.core.authz import perm
    from lifeboat.db.access import fetch_rows
    from lifeboat.restore.permissions import RESTORE_CONSUME
    from lifeboat.settings import load_settings

    @get(MINIMAL, opt=perm(RESTORE_CONSUME), include_in_schema=False, sync_to_thread=False)
    def bench_minimal() -> dict[str, Any]:
        return {"ok": True, "service": "lifeboat", "peer": "minimal"}

    @get(ONE_QUERY, opt=perm(RESTORE_CONSUME), include_in_schema=False)
    async def bench_one_query(request: Request[Any, Any, Any]) -> dict[str, Any]:
        # One select through the worklist's path (restore.sql.raw on the app's asyncpg pool).
        rows = await fetch_rows(
            "select consumer_id, agent_version, last_seen_at from restore_consumer where consumer_id = $1",
            request.scope["user"].id,
        )
        return rows[0] if rows else {}

    app = create_app(load_settings())
    app.register(bench_minimal)
    app.register(bench_one_query)
    profile_path = os.environ.get(PROFILE_ENV)
    if profile_path:
        import cProfile

        profiler = cProfile.Profile()

        async def start_profile(_: Any) -> None:
            profiler.enable()

        async def stop_profile(_: Any) -> None:
            profiler.disable()
            profiler.dump_stats(profile_path)

        # After the resources opened, before they close: the profile holds requests only.
        app.on_startup.append(start_profile)
        app.on_shutdown.insert(0, stop_profile)
    return app


def serve(port: int) -> None:
    import uvicorn

    from lifeboat.core.logging import configure_logging
    from lifeboat.settings import load_settings

    settings = load_settings()
    configure_logging(settings.log_level, settings.log_format)
    uvicorn.run(  # lifeboat serve's options
        build_bench_app(),
        host="127.0.0.1",
        port=port,
        log_config=None,
        access_log=False,
        lifespan="on",
        proxy_headers=True,
        server_header=False,
    )


# --- the catalog -------------------------------------------------------------------------------------


@dataclass
class Consumer:
    id: str
    name: str
    headers: dict[str, str]


@dataclass
class Catalog:
    consumers: list[Consumer]
    groups: int
    servers: int
    not_live: int
    declarations: int
    declarations_skipped: int
    disabled: int
    gaps: int
    runs: int
    setup_s: float = 0.0


@contextlib.asynccontextmanager
async def fresh_database(server_url: str) -> AsyncIterator[str]:
    from lifeboat.db.migrate import run_migrations

    name = f"bench_worklist_{secrets.token_hex(4)}"
    admin = await asyncpg.connect(with_database(server_url, "postgres"))
    try:
        await admin.execute(f'create database "{name}"')
    finally:
        await admin.close()
    url = with_database(server_url, name)
    try:
        await run_migrations(url)
        yield url
    finally:
        admin = await asyncpg.connect(with_database(server_url, "postgres"))
        try:
            await admin.execute(f'drop database if exists "{name}" with (force)')
        finally:
            await admin.close()


def server_name(group: int, index: int) -> str:
    return f"srv-{group:02d}-{index:04d}"


async def build_catalog(db_url: str, args: argparse.Namespace) -> Catalog:
    """Groups, servers, consumers, capabilities and declarations through the service functions;
    backup runs in bulk (see the module docstring)."""
    from lifeboat.auth.models import ApiTokenCreate, Principal, RoleBinding
    from lifeboat.auth.service import create_api_token, system_principal
    from lifeboat.core.errors import Conflict
    from lifeboat.db.engine import Database
    from lifeboat.piccolo_app import TABLES
    from lifeboat.restore.catalog import servers as server_service
    from lifeboat.restore.catalog import service as group_service
    from lifeboat.restore.catalog.models import BackupGroupCreate, ServerCreate
    from lifeboat.restore.replicas import consumers as consumer_service
    from lifeboat.restore.replicas import service as replica_service
    from lifeboat.restore.replicas.models import Capability, CapabilityRegistration, ReplicaCreate

    started = time.perf_counter()
    admin = system_principal("bench")
    db = Database(db_url, pool_size=6)
    await db.start(TABLES)
    try:
        size = args.servers // args.groups
        for g in range(args.groups):
            await group_service.create_group(
                BackupGroupCreate(
                    name=f"grp-{g:02d}",
                    bucket="lifeboat-backups",
                    prefix=f"repos/grp-{g:02d}",
                    region="us-east-1",
                    endpoint="http://127.0.0.1:8333",
                    password_ref="env:LIFEBOAT_REPO_PASSWORD_BENCH",
                    reason="worklist benchmark",
                ),
                actor=admin,
                secrets_dir=None,
            )

        async def add_servers(g: int) -> None:
            for i in range(size):
                await server_service.create_server(
                    ServerCreate(
                        name=server_name(g, i),
                        group=f"grp-{g:02d}",
                        live=i % 40 != 39,
                        reason="worklist benchmark",
                    ),
                    actor=admin,
                )

        await asyncio.gather(*(add_servers(g) for g in range(args.groups)))
        print(f"  {args.groups * size} servers in {time.perf_counter() - started:.0f} s", flush=True)

        consumers: list[Consumer] = []
        for c in range(args.consumers):
            name = f"bench-consumer-{c:02d}"
            created = await create_api_token(
                ApiTokenCreate(name=name, role="restore-consumer", reason="worklist benchmark"),
                actor=admin,
            )
            consumer = Consumer(
                id=f"token:{created.token.id}",
                name=name,
                headers={"Authorization": f"Bearer {created.secret}"},
            )
            consumers.append(consumer)
            # Every consumer verifies postgres and files; even ones also do analytics on postgres
            # (so an analytics declaration on an odd consumer is a gap).
            capabilities = [Capability(intent="verify", backup_types=["postgres", "files"])]
            if c % 2 == 0:
                capabilities.append(Capability(intent="analytics", backup_types=["postgres"]))
            principal = Principal(
                id=consumer.id,
                kind="token",
                name=name,
                bindings=[RoleBinding(role="restore-consumer", environment="*")],
            )
            await consumer_service.register_capabilities(
                principal, CapabilityRegistration(agent_version="bench-1.0", capabilities=capabilities)
            )

        group_wide = args.declarations * 3 // 5
        made = skipped = disabled = gaps = 0
        for d in range(args.declarations):
            c = d % args.consumers
            if d < group_wide:
                backup_type, intent = COMBOS[(d // 10) % len(COMBOS)]
                group, server = (d * 3) % args.groups, None
            else:
                # Server-specific: on the consumer's own group-wide group for half of them (the
                # specific one wins there), elsewhere for the others.
                backup_type, intent = "postgres", "verify"
                group = (d * 3 + (0 if d % 2 == 0 else 1)) % args.groups
                server = server_name(group, (d * 7) % size)
            enabled = d % 25 != 24
            try:
                await replica_service.declare_replica(
                    ReplicaCreate(
                        consumer_id=consumers[c].id,
                        group=f"grp-{group:02d}",
                        server=server,
                        backup_type=backup_type,
                        intent=intent,
                        enabled=enabled,
                        reason="worklist benchmark",
                    ),
                    actor=admin,
                    environment=ENVIRONMENT,
                )
            except Conflict:  # the same scope again (small custom sizes)
                skipped += 1
                continue
            made += 1
            disabled += not enabled
            gaps += intent == "analytics" and c % 2 == 1

        runs = await insert_backup_runs(db_url, args)
    finally:
        await db.stop()
    return Catalog(
        consumers=consumers,
        groups=args.groups,
        servers=args.groups * size,
        not_live=args.groups * sum(1 for i in range(size) if i % 40 == 39),
        declarations=made,
        declarations_skipped=skipped,
        disabled=disabled,
        gaps=gaps,
        runs=runs,
        setup_s=round(time.perf_counter() - started, 1),
    )


async def insert_backup_runs(db_url: str, args: argparse.Namespace) -> int:
    """``--runs`` runs per server and backup type, one day apart (the latest failed on every 7th
    server, no runs on every 25th), in one statement; then ANALYZE, as autovacuum would."""
    conn = await asyncpg.connect(db_url)
    try:
        servers = await conn.fetch("select id, name from restore_server order by name")
        base = datetime(2026, 11, 1, 1, 0, tzinfo=UTC)
        now = datetime.now(UTC)
        cols: dict[str, list[Any]] = {k: [] for k in ("id", "server", "type", "snap", "status", "start")}
        for index, row in enumerate(servers):
            if index % 25 == 0:
                continue
            for backup_type in BACKUP_TYPES:
                for k in range(args.runs):
                    cols["id"].append(uuid.uuid4())
                    cols["server"].append(row["id"])
                    cols["type"].append(backup_type)
                    cols["snap"].append(f"{row['name']}-{backup_type}-{k:03d}")
                    latest = k == args.runs - 1
                    cols["status"].append("failed" if latest and index % 7 == 0 else "succeeded")
                    cols["start"].append(base + timedelta(days=k, minutes=index % 60))
        await conn.execute(
            """
            insert into restore_backup_run
              (id, server, backup_type, snapshot_id, status, started_at, finished_at, size_bytes,
               details, reported_at, reported_by)
            select id, server, backup_type, snap, status, start, start + interval '5 minutes',
                   1048576, null, $7, 'bench-backup-agent'
            from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
              as t(id, server, backup_type, snap, status, start)
            """,
            cols["id"],
            cols["server"],
            cols["type"],
            cols["snap"],
            cols["status"],
            cols["start"],
            now,
        )
        await conn.execute("analyze")
        return len(cols["id"])
    finally:
        await conn.close()


# --- the server as a child process ---------------------------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class ServerProcess:
    proc: subprocess.Popen[bytes]
    base_url: str
    log_path: Path

    def cpu_s(self) -> float:
        """User + system CPU seconds the server has used so far (Linux /proc)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK


@contextlib.contextmanager
def server_process(
    db_url: str, args: argparse.Namespace, *, profile: Path | None = None
) -> Iterator[ServerProcess]:
    """``--serve`` in a child process with the LIFEBOAT_* environment ``lifeboat serve`` reads."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIFEBOAT_") and k != PROFILE_ENV}
    env.update(
        {
            "LIFEBOAT_ENVIRONMENT": ENVIRONMENT,
            "LIFEBOAT_DATABASE_URL": db_url,
            "LIFEBOAT_NATS_URL": args.nats_url,
            # The worklist never touches the object store; a closed port keeps S3 out of the run.
            "LIFEBOAT_S3_ENDPOINT_URL": "http://127.0.0.1:9",
            "LIFEBOAT_S3_ACCESS_KEY_ID": "bench",
            "LIFEBOAT_S3_SECRET_ACCESS_KEY": "bench",  # not a secret: nothing listens there
            "LIFEBOAT_SESSION_SECRET": secrets.token_urlsafe(32),
            "LIFEBOAT_AUDIT_KEY": secrets.token_urlsafe(32),  # serve refuses to start without one
            "LIFEBOAT_LOG_FORMAT": "json",
            "LIFEBOAT_GIT_SHA": "bench",
        }
    )
    if profile is not None:
        env[PROFILE_ENV] = str(profile)
    log_dir = Path(tempfile.gettempdir()) / "lifeboat-bench"
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"worklist-server-{port}.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--serve", "--port", str(port)],
            env=env,
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = ServerProcess(proc, f"http://127.0.0.1:{port}", log_path)
    failed = True
    try:
        wait_healthy(server)
        yield server
        failed = False
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)  # uvicorn's graceful shutdown runs on_shutdown
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        if failed:
            sys.stderr.write(log_tail(log_path))
        lines = sum(1 for _ in log_path.open("rb"))
        log_path.unlink(missing_ok=True)
        print(f"  server stopped ({lines} log lines)", flush=True)


def log_tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) + "\n"
    except OSError:
        return "(no server log)\n"


def wait_healthy(server: ServerProcess) -> None:
    import urllib.request

    deadline = time.monotonic() + READY_S
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise SystemExit(f"the server exited with {server.proc.returncode}:\n{log_tail(server.log_path)}")
        try:
            with urllib.request.urlopen(server.base_url + "/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"the server was not healthy after {READY_S:.0f} s:\n{log_tail(server.log_path)}")


# --- load ------------------------------------------------------------------------------------------


@dataclass
class Target:
    key: str
    label: str
    path: str
    expect: int
    conditional: bool = False


TARGETS = (
    Target("worklist_200", "worklist (200, full body)", WORKLIST, 200),
    Target("worklist_304", "worklist (304, If-None-Match)", WORKLIST, 304, conditional=True),
    Target("minimal", "minimal JSON handler", MINIMAL, 200),
    Target("one_query", "one-query handler", ONE_QUERY, 200),
)


@dataclass
class Sample:
    latencies: list[float] = field(default_factory=list)
    wall_s: float = 0.0
    server_cpu_s: float = 0.0
    client_cpu_s: float = 0.0
    errors: dict[str, int] = field(default_factory=dict)
    bytes: int = 0
    round_rps: list[float] = field(default_factory=list)

    def add(self, other: Sample) -> None:
        self.latencies += other.latencies
        self.wall_s += other.wall_s
        self.server_cpu_s += other.server_cpu_s
        self.client_cpu_s += other.client_cpu_s
        self.bytes += other.bytes
        for k, v in other.errors.items():
            self.errors[k] = self.errors.get(k, 0) + v
        if other.wall_s:
            self.round_rps.append(len(other.latencies) / other.wall_s)


def request_headers(target: Target, consumer: Consumer, etags: dict[str, str]) -> dict[str, str]:
    if target.conditional:
        return {**consumer.headers, "If-None-Match": etags[consumer.id]}
    return consumer.headers


async def closed_loop(
    session: aiohttp.ClientSession,
    server: ServerProcess,
    target: Target,
    consumers: Sequence[Consumer],
    etags: dict[str, str],
    connections: int,
    seconds: float,
) -> Sample:
    """``connections`` workers, each sending the next request as soon as the previous answered."""
    sample = Sample()
    url = server.base_url + target.path
    stop_at = 0.0

    async def worker(index: int) -> None:
        n = index
        while time.perf_counter() < stop_at:
            consumer = consumers[n % len(consumers)]
            n += connections
            started = time.perf_counter()
            try:
                async with session.get(url, headers=request_headers(target, consumer, etags)) as response:
                    body = await response.read()
                    status = response.status
            except aiohttp.ClientError as exc:
                key = type(exc).__name__
                sample.errors[key] = sample.errors.get(key, 0) + 1
                continue
            sample.latencies.append(time.perf_counter() - started)
            sample.bytes += len(body)
            if status != target.expect:
                key = f"HTTP {status}"
                sample.errors[key] = sample.errors.get(key, 0) + 1

    cpu, client_cpu = server.cpu_s(), time.process_time()
    started = time.perf_counter()
    stop_at = started + seconds
    await asyncio.gather(*(worker(i) for i in range(connections)))
    sample.wall_s = time.perf_counter() - started
    sample.server_cpu_s = server.cpu_s() - cpu
    sample.client_cpu_s = time.process_time() - client_cpu
    return sample


async def current_etags(
    session: aiohttp.ClientSession, server: ServerProcess, consumers: Sequence[Consumer]
) -> tuple[dict[str, str], list[int], list[int]]:
    """Each consumer's worklist ETag, item count and body size (checks the 304 path once)."""
    etags: dict[str, str] = {}
    items: list[int] = []
    sizes: list[int] = []
    for consumer in consumers:
        async with session.get(server.base_url + WORKLIST, headers=consumer.headers) as response:
            body = await response.read()
            if response.status != 200:
                raise SystemExit(f"GET {WORKLIST}: {response.status} {body[:300]!r}")
            etags[consumer.id] = response.headers["ETag"]
            items.append(len(json.loads(body)["items"]))
            sizes.append(len(body))
        headers = {**consumer.headers, "If-None-Match": etags[consumer.id]}
        async with session.get(server.base_url + WORKLIST, headers=headers) as response:
            if response.status != 304:
                raise SystemExit(f"GET {WORKLIST} with If-None-Match: {response.status}, expected 304")
        for path in (MINIMAL, ONE_QUERY):
            async with session.get(server.base_url + path, headers=consumer.headers) as response:
                if response.status != 200:
                    raise SystemExit(f"GET {path}: {response.status} {(await response.read())[:300]!r}")
    return etags, items, sizes


def summarise(sample: Sample) -> dict[str, Any]:
    n = len(sample.latencies)
    return {
        **summarise_ms(sample.latencies),
        "seconds": round(sample.wall_s, 1),
        "rps": round(n / sample.wall_s, 1) if sample.wall_s else 0.0,
        "rps_per_round": [round(r, 1) for r in sample.round_rps],
        "server_cpu_ms_per_req": round(sample.server_cpu_s / n * 1000, 3) if n else None,
        "client_cpu_ms_per_req": round(sample.client_cpu_s / n * 1000, 3) if n else None,
        "server_cpu_share": round(sample.server_cpu_s / sample.wall_s, 2) if sample.wall_s else None,
        "bytes_per_response": round(sample.bytes / n) if n else 0,
        "errors": sample.errors,
    }


async def measure(server: ServerProcess, catalog: Catalog, args: argparse.Namespace) -> dict[str, Any]:
    connector = aiohttp.TCPConnector(limit=args.connections, force_close=False)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        etags, items, sizes = await current_etags(session, server, catalog.consumers)
        for target in TARGETS:  # warm-up: connections, caches, the planner's statistics
            await closed_loop(
                session, server, target, catalog.consumers, etags, args.connections, args.warmup
            )
        totals = {t.key: Sample() for t in TARGETS}
        for r in range(args.rounds):
            order = TARGETS[r % len(TARGETS) :] + TARGETS[: r % len(TARGETS)]
            for target in order:
                sample = await closed_loop(
                    session, server, target, catalog.consumers, etags, args.connections, args.duration
                )
                totals[target.key].add(sample)
                print(
                    f"  round {r + 1}/{args.rounds} {target.label:<30} "
                    f"{len(sample.latencies) / sample.wall_s:8.1f} req/s  "
                    f"p99 {percentile(sample.latencies, 99) * 1000 if sample.latencies else 0:7.1f} ms",
                    flush=True,
                )
        after, _, _ = await current_etags(session, server, catalog.consumers)
    results = {key: summarise(sample) for key, sample in totals.items()}
    w, w304, mini, one = (results[k] for k in ("worklist_200", "worklist_304", "minimal", "one_query"))
    return {
        "targets": results,
        "worklist_items": {"min": min(items), "median": statistics.median(items), "max": max(items)},
        "worklist_bytes": {"min": min(sizes), "median": statistics.median(sizes), "max": max(sizes)},
        "etags_stable": after == etags,
        "ratios": {
            "worklist_rps_over_minimal": round(w["rps"] / mini["rps"], 4),
            "worklist_rps_over_one_query": round(w["rps"] / one["rps"], 4),
            "worklist_p99_over_minimal": round(w["p99_ms"] / mini["p99_ms"], 2),
            "worklist_p99_over_one_query": round(w["p99_ms"] / one["p99_ms"], 2),
            "worklist304_rps_over_minimal": round(w304["rps"] / mini["rps"], 4),
            "worklist304_rps_over_one_query": round(w304["rps"] / one["rps"], 4),
            "worklist304_p99_over_one_query": round(w304["p99_ms"] / one["p99_ms"], 2),
            "worklist_server_cpu_over_minimal": round(
                w["server_cpu_ms_per_req"] / mini["server_cpu_ms_per_req"], 2
            ),
            "worklist_server_cpu_over_one_query": round(
                w["server_cpu_ms_per_req"] / one["server_cpu_ms_per_req"], 2
            ),
        },
    }


# --- where the time goes -------------------------------------------------------------------------


async def time_parts(db_url: str, catalog: Catalog, repeats: int) -> dict[str, Any]:
    """The worklist's parts timed one after the other in this process, for the largest worklist."""
    from lifeboat.db.access import fetch_rows
    from lifeboat.db.engine import Database
    from lifeboat.piccolo_app import TABLES
    from lifeboat.restore.replicas import worklist as service
    from lifeboat.restore.replicas.api import worklist_etag
    from lifeboat.restore.replicas.consumers import touch_consumer

    db = Database(db_url, pool_size=2)
    await db.start(TABLES)
    try:
        sizes = {c.id: len((await service.worklist(c.id)).items) for c in catalog.consumers}
        consumer = max(sizes, key=lambda k: sizes[k])
        parts: dict[str, list[float]] = {
            k: [] for k in ("touch", "sql_piccolo", "sql_asyncpg", "build", "etag", "encode", "total")
        }
        sql = service._WORKLIST_SQL
        plan_ms: list[float] = []
        async with db.pool.acquire() as conn:
            for _ in range(repeats):
                t0 = time.perf_counter()
                await touch_consumer(consumer)
                t1 = time.perf_counter()
                rows = await fetch_rows(service._WORKLIST_SQL, consumer)
                t2 = time.perf_counter()
                await conn.fetch(sql, consumer)
                t3 = time.perf_counter()
                work = await service.worklist(consumer)
                t4 = time.perf_counter()
                worklist_etag(work)
                t5 = time.perf_counter()
                msgspec.json.encode(work)
                t6 = time.perf_counter()
                parts["touch"].append(t1 - t0)
                parts["sql_piccolo"].append(t2 - t1)
                parts["sql_asyncpg"].append(t3 - t2)
                parts["total"].append(t4 - t3)
                parts["etag"].append(t5 - t4)
                parts["encode"].append(t6 - t5)
                b0 = time.perf_counter()
                parts["build"].append(_build_items(rows) - b0)
                explained = await conn.fetchval("explain (analyze, format json) " + sql, consumer)
                plan_ms.append(json.loads(explained)[0]["Execution Time"] / 1000)
            plan_text = await conn.fetch("explain (analyze, costs off, timing off) " + sql, consumer)
        parts["sql_server_execution"] = plan_ms
    finally:
        await db.stop()
    return {
        "consumer_items": sizes[consumer],
        "repeats": repeats,
        "p50_ms": {k: round(statistics.median(v) * 1000, 2) for k, v in parts.items()},
        "plan": [r[0] for r in plan_text],
    }


def _build_items(rows: list[dict[str, Any]]) -> float:
    """Build the worklist items exactly as ``service.worklist`` does; returns perf_counter after."""
    from lifeboat.restore.catalog.models import BackupRepository
    from lifeboat.restore.replicas.models import WorklistItem, WorklistSnapshot
    from lifeboat.restore.replicas.worklist import SNAPSHOT_MISSING_REASON

    [
        WorklistItem(
            declaration_id=str(r["declaration_id"]),
            server=r["server_name"],
            group=r["group_name"],
            backup_type=r["backup_type"],
            intent=r["intent"],
            snapshot=(
                WorklistSnapshot(id=r["snapshot_id"], finished_at=r["finished_at"])
                if r["snapshot_id"] is not None
                else None
            ),
            snapshot_missing_reason=SNAPSHOT_MISSING_REASON if r["snapshot_id"] is None else None,
            repository=BackupRepository(
                bucket=r["bucket"], prefix=r["prefix"], region=r["region"], endpoint=r["endpoint"]
            ),
        )
        for r in rows
    ]
    return time.perf_counter()


def package_of(filename: str) -> str:
    """Where a profiled function lives: a third-party package, a lifeboat package or the stdlib."""
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    if "/lifeboat/" in filename:
        return "lifeboat." + filename.split("/lifeboat/", 1)[1].split("/", 1)[0].removesuffix(".py")
    if filename.startswith(("~", "<")):
        return "builtins (C)"
    parts = filename.split("/python3.11/", 1)
    return "stdlib " + parts[-1].split("/", 1)[0].removesuffix(".py")


INCLUSIVE = {
    "service.py:worklist": ("restore/replicas/worklist.py", "worklist"),
    "api.py:worklist_etag": ("restore/replicas/api.py", "worklist_etag"),
    "guards.py:_authenticate": ("auth/guards.py", "_authenticate"),
}


async def profile_worklist(db_url: str, catalog: Catalog, args: argparse.Namespace) -> dict[str, Any]:
    """A second server under cProfile, loaded with the worklist (200) only."""
    path = Path(tempfile.gettempdir()) / "lifeboat-bench" / f"worklist-{secrets.token_hex(4)}.pstats"
    with server_process(db_url, args, profile=path) as server:
        connector = aiohttp.TCPConnector(limit=args.connections)
        async with aiohttp.ClientSession(connector=connector) as session:
            etags, _, _ = await current_etags(session, server, catalog.consumers)
            sample = await closed_loop(
                session, server, TARGETS[0], catalog.consumers, etags, args.connections, args.duration
            )
    stats = pstats.Stats(str(path))
    path.unlink(missing_ok=True)
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    # The event loop's wait in epoll is idle time, not work: left out of the shares.
    idle = sum(e[2] for (f, _, n), e in raw.items() if "epoll" in n and "poll" in n)
    total = (sum(entry[2] for entry in raw.values()) - idle) or 1.0
    by_package: dict[str, float] = {}
    for (filename, _, name), entry in raw.items():
        if "epoll" in name and "poll" in name:
            continue
        key = package_of(filename)
        by_package[key] = by_package.get(key, 0.0) + entry[2]
    top = sorted(
        ((k, e) for k, e in raw.items() if not ("epoll" in k[2] and "poll" in k[2])),
        key=lambda item: item[1][2],
        reverse=True,
    )[:15]
    inclusive = {}
    for label, (suffix, name) in INCLUSIVE.items():
        hits = [e for (f, _, n), e in raw.items() if f.endswith(suffix) and n == name]
        if hits:
            inclusive[label] = round(sum(e[3] for e in hits) / total, 3)
    return {
        "requests": len(sample.latencies),
        "rps_under_profiler": round(len(sample.latencies) / sample.wall_s, 1),
        "own_time_share_by_package": {
            k: round(v / total, 3) for k, v in sorted(by_package.items(), key=lambda kv: -kv[1])[:14]
        },
        "top_functions_own_time_share": {
            f"{Path(f).name}:{line}({name})": round(entry[2] / total, 3) for (f, line, name), entry in top
        },
        "inclusive_share_per_resume": inclusive,
        "profiled_cpu_s": round(total, 2),
        "idle_in_epoll_s": round(idle, 2),
    }


# --- report ----------------------------------------------------------------------------------------


def report(result: dict[str, Any]) -> str:
    m = result["measure"]
    cat = result["catalog"]
    lines = [
        "",
        f"restore worklist: {cat['servers']} servers in {cat['groups']} groups ({cat['not_live']} not live), "
        f"{cat['declarations']} declarations ({cat['disabled']} disabled, {cat['gaps']} gaps), "
        f"{cat['consumers']} consumers, {cat['runs']} backup runs",
        f"worklist items per consumer: {m['worklist_items']}, body bytes: {m['worklist_bytes']}",
        f"{result['connections']} connections, {result['rounds']} rounds x {result['duration_s']:g} s per target, "
        f"{result['machine']}",
        f"load average at start {result['loadavg_start']}, at end {result['loadavg_end']}",
        "",
        f"  {'':<32} {'req/s':>9} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'srv CPU ms/req':>15} {'errors':>8}",
    ]
    for target in TARGETS:
        t = m["targets"][target.key]
        lines.append(
            f"  {target.label:<32} {t['rps']:>9.1f} {t.get('p50_ms', 0):>8.1f} {t.get('p90_ms', 0):>8.1f} "
            f"{t.get('p99_ms', 0):>8.1f} {t['server_cpu_ms_per_req'] or 0:>15.2f} "
            f"{sum(t['errors'].values()):>8}"
        )
    r = m["ratios"]
    lines += [
        "",
        "ratios (same run, same server process):",
        f"  worklist req/s / minimal req/s        {r['worklist_rps_over_minimal']:8.3f}",
        f"  worklist req/s / one-query req/s      {r['worklist_rps_over_one_query']:8.3f}",
        f"  worklist p99 / minimal p99            {r['worklist_p99_over_minimal']:8.2f}x",
        f"  worklist p99 / one-query p99          {r['worklist_p99_over_one_query']:8.2f}x",
        f"  worklist 304 req/s / one-query req/s  {r['worklist304_rps_over_one_query']:8.3f}",
        f"  worklist 304 p99 / one-query p99      {r['worklist304_p99_over_one_query']:8.2f}x",
        f"  server CPU per request: worklist / minimal {r['worklist_server_cpu_over_minimal']:.1f}x, "
        f"/ one-query {r['worklist_server_cpu_over_one_query']:.1f}x",
        f"  ETags unchanged across the run: {m['etags_stable']}",
    ]
    parts = result.get("parts")
    if parts:
        lines += [
            "",
            f"worklist parts, one after the other, p50 of {parts['repeats']} ({parts['consumer_items']} items):",
        ]
        lines += [f"  {k:<24} {v:8.2f} ms" for k, v in parts["p50_ms"].items()]
    p = result.get("profile")
    if p:
        lines += [
            "",
            f"profile (worklist only, {p['requests']} requests under cProfile, {p['rps_under_profiler']} req/s; "
            "share of own CPU time):",
        ]
        lines += [f"  {k:<40} {v * 100:5.1f}%" for k, v in p["own_time_share_by_package"].items()]
        lines.append("  inclusive (coroutine resumes summed: CPU spent inside, callees included):")
        lines += [f"  {k:<40} {v * 100:5.1f}%" for k, v in p["inclusive_share_per_resume"].items()]
        lines.append("  top functions:")
        lines += [f"  {k:<60} {v * 100:5.1f}%" for k, v in p["top_functions_own_time_share"].items()]
    return "\n".join(lines)


async def run(args: argparse.Namespace) -> dict[str, Any]:
    loadavg_start = [round(x, 2) for x in os.getloadavg()]
    async with fresh_database(args.server_url) as db_url:
        print("building the catalog …", flush=True)
        catalog = await build_catalog(db_url, args)
        print(f"  catalog ready in {catalog.setup_s:.0f} s ({catalog.runs} backup runs)", flush=True)
        with server_process(db_url, args) as server:
            print(f"measuring against {server.base_url} …", flush=True)
            measured = await measure(server, catalog, args)
        print("timing the worklist's parts …", flush=True)
        parts = await time_parts(db_url, catalog, repeats=args.part_repeats)
        profile = None
        if args.profile:
            print("profiling the worklist in a second server …", flush=True)
            profile = await profile_worklist(db_url, catalog, args)
    return {
        "benchmark": "restore_worklist",
        "catalog": {
            "groups": catalog.groups,
            "servers": catalog.servers,
            "not_live": catalog.not_live,
            "consumers": len(catalog.consumers),
            "declarations": catalog.declarations,
            "declarations_skipped": catalog.declarations_skipped,
            "disabled": catalog.disabled,
            "gaps": catalog.gaps,
            "runs": catalog.runs,
            "setup_s": catalog.setup_s,
        },
        "connections": args.connections,
        "rounds": args.rounds,
        "duration_s": args.duration,
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "loadavg_start": loadavg_start,
        "loadavg_end": [round(x, 2) for x in os.getloadavg()],
        "measure": measured,
        "parts": parts,
        "profile": profile,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--servers", type=int, default=int(os.environ.get("BENCH_WORKLIST_SERVERS", "2000")))
    parser.add_argument("--groups", type=int, default=10)
    parser.add_argument("--declarations", type=int, default=50)
    parser.add_argument("--consumers", type=int, default=20)
    parser.add_argument("--runs", type=int, default=4, help="backup runs per server and backup type")
    parser.add_argument("--duration", type=float, default=float(os.environ.get("BENCH_DURATION", "10")))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds per target before the rounds")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--part-repeats", type=int, default=20)
    parser.add_argument("--profile", action="store_true", default=os.environ.get("BENCH_PROFILE") == "1")
    parser.add_argument("--server-url", default=default_server_url())
    parser.add_argument("--nats-url", default=default_nats_url())
    parser.add_argument(
        "--json", type=Path, default=Path(tempfile.gettempdir()) / "lifeboat-bench" / "worklist-latest.json"
    )
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.port)
        return
    if args.groups < 1 or args.servers < args.groups * 2 or args.consumers < 1 or args.declarations < 1:
        parser.error("need --groups >= 1, --servers >= 2 x groups, --consumers >= 1, --declarations >= 1")
    if args.duration <= 0 or args.rounds < 1 or args.connections < 1 or args.runs < 1:
        parser.error("need --duration > 0, --rounds >= 1, --connections >= 1, --runs >= 1")
    from lifeboat.core.logging import configure_logging

    configure_logging("warning", "json", stream=sys.stderr)
    started = time.perf_counter()
    result = asyncio.run(run(args))
    result["took_s"] = round(time.perf_counter() - started, 1)
    print(report(result))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2))
    print(f"\nraw results: {args.json}  (took {result['took_s']:.0f} s)")
    sys.stdout.write(RESULT_PREFIX + json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
