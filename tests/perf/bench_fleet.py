"""``make bench-fleet``: the fleet health snapshot against its slowest single probe, same run.

What runs where:

- **The fleet**: ``lifeboat sim`` in a *separate process* (the real CLI, ``--print-json``, no
  NATS: tenants spread statically), ``--services`` services split evenly over both sites and
  the four kinds. A separate process so that the simulated services do not share an event loop
  (nor the GIL) with the code under measurement: with one loop, every service's answer would
  queue behind the snapshot's own work and the benchmark would measure the simulator. Faults
  are set through the simulator's control API, as an operator would.
- **The code under measurement**: the real Litestar app (``create_app``) in this process, on
  a fresh, migrated database on the local PostgreSQL (dropped afterwards), driven through
  ``httpx.ASGITransport``: ``GET /api/v1/fleet`` with a viewer API token goes through the
  authentication middleware, the permission guard, the registry read, ``FleetProber`` (the
  concurrent probes over loopback TCP to the simulator) and msgspec serialisation, exactly as
  ``lifeboat serve`` runs it minus uvicorn's socket (constant per request, and not what the
  issue asks about). The services are registered through ``POST /api/v1/fleet/services``.
- **The reference**: in the same run, between snapshot rounds, every service is probed alone,
  one after the other, with ``FleetProber.probe([service])`` (the snapshot's code path for a
  one-service fleet, on a separate prober so the API's history is untouched). Its maximum (and
  p99) is the "slowest single probe"; the sum of one pass is the sequential reference.

Ratios printed: snapshot p50 / slowest single probe, snapshot p99 / slowest single probe (about
1 = fully concurrent; about ``services`` = sequential), and sequential sum / snapshot p50 (the
speed-up concurrency buys). A second scenario makes a few services hang (accept, never answer)
and shows the snapshot bounded by the per-call timeout. CPU time per snapshot of this process
and of the simulator is reported, because on a small machine the bound is CPU, not waiting.

Prints a table, the ratios and one ``BENCH_RESULT {json}`` line; writes the raw results to
``--json`` (default ``$TMPDIR/lifeboat-bench/fleet-latest.json``). Only ratios from one run mean
anything; the test suite never asserts a time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import json
import os
import platform
import pstats
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from litestar import Litestar

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bench_common import RESULT_PREFIX, percentile, summarise_ms, with_database

from lifeboat.app import create_app, start_resources, stop_resources
from lifeboat.auth.models import ApiTokenCreate
from lifeboat.auth.service import create_api_token, system_principal
from lifeboat.core.logging import configure_logging
from lifeboat.core.outbound import LOOPBACK_ALLOW, OutboundPolicy
from lifeboat.db.migrate import run_migrations
from lifeboat.fleet.models import FleetService
from lifeboat.fleet.prober import FleetProber
from lifeboat.fleet.protocol import SERVICE_KINDS
from lifeboat.fleet.registry import all_services
from lifeboat.settings import load_settings

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SNAPSHOT = "/api/v1/fleet"
REGISTER = "/api/v1/fleet/services"
SIM_START_S = 120.0
TENANTS = 36
WARMUP_ROUNDS = 3
CLK_TCK = os.sysconf("SC_CLK_TCK")


def default_server_url() -> str:
    return (
        os.environ.get("BENCH_DATABASE_URL")
        or os.environ.get("LIFEBOAT_TEST_DATABASE_URL")
        or "postgresql://postgres@127.0.0.1:5432/postgres"
    )


def default_nats_url() -> str:
    return os.environ.get("LIFEBOAT_TEST_NATS_URL") or "nats://127.0.0.1:4222"


def per_site_counts(services: int) -> dict[str, int]:
    """``services`` split over two sites and the four kinds (as evenly as possible)."""
    per_site = max(1, services // 2)
    base, extra = divmod(per_site, len(SERVICE_KINDS))
    return {kind: base + (1 if i < extra else 0) for i, kind in enumerate(SERVICE_KINDS)}


# --- the simulator process -----------------------------------------------------------------------


class SimProcess:
    """``lifeboat sim`` as a child process: its services, control URL and CPU time."""

    def __init__(self, proc: asyncio.subprocess.Process, doc: dict[str, Any], secret: str) -> None:
        self.proc = proc
        self.services: list[dict[str, Any]] = doc["services"]
        self.control_url: str = doc["control_url"]
        self._secret = secret

    def cpu_s(self) -> float:
        """User + system CPU seconds the simulator has used so far (Linux /proc)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK

    async def set_fault(self, http: httpx.AsyncClient, name: str, fault: str, **params: Any) -> None:
        response = await http.put(
            f"{self.control_url}/services/{name}/faults/{fault}",
            json=params,
            headers={"Authorization": f"Bearer {self._secret}"},
        )
        response.raise_for_status()

    async def clear_faults(self, http: httpx.AsyncClient, name: str) -> None:
        response = await http.delete(
            f"{self.control_url}/services/{name}/faults",
            headers={"Authorization": f"Bearer {self._secret}"},
        )
        response.raise_for_status()


@contextlib.asynccontextmanager
async def sim_process(counts: dict[str, int], secret: str) -> AsyncIterator[SimProcess]:
    """Start ``lifeboat sim`` (no NATS: static placement) and stop it with SIGTERM after."""
    spec = ",".join(f"{kind}={n}" for kind, n in counts.items())
    env = {k: v for k, v in os.environ.items() if k not in ("LIFEBOAT_NATS_URL", "LIFEBOAT_FLEET_SECRET")}
    env["LIFEBOAT_FLEET_SECRET"] = secret  # through the environment, not the process list
    with tempfile.TemporaryFile() as stderr:
        proc = await asyncio.create_subprocess_exec(
            str(ROOT / ".venv" / "bin" / "lifeboat"),
            "sim",
            "--services",
            spec,
            "--tenants",
            str(TENANTS),
            "--print-json",
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=stderr,
        )
        try:
            assert proc.stdout is not None
            try:
                line = await asyncio.wait_for(proc.stdout.readline(), SIM_START_S)
            except TimeoutError:
                line = b""
            if not line:
                stderr.seek(0)
                sys.stderr.write(stderr.read().decode(errors="replace")[-4000:])
                raise SystemExit("lifeboat sim did not start")
            yield SimProcess(proc, json.loads(line), secret)
        finally:
            if proc.returncode is None:
                proc.terminate()
                try:
                    await asyncio.wait_for(proc.wait(), 20)
                except TimeoutError:
                    proc.kill()
                    await proc.wait()


# --- the app under measurement -------------------------------------------------------------------


@contextlib.asynccontextmanager
async def fresh_database(server_url: str) -> AsyncIterator[str]:
    name = f"bench_fleet_{secrets.token_hex(4)}"
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


@contextlib.asynccontextmanager
async def running_app(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    """The app's resources opened in this loop, and an HTTP client on it (as the tests do)."""
    await start_resources(app)
    try:
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://bench.local") as client:
            yield client
    finally:
        await stop_resources(app)


async def token(role: str) -> dict[str, str]:
    created = await create_api_token(
        ApiTokenCreate(name=f"bench-{role}", role=role, reason="fleet benchmark"),  # type: ignore[arg-type]
        actor=system_principal("bench"),
    )
    return {"Authorization": f"Bearer {created.secret}"}


async def register(client: httpx.AsyncClient, headers: dict[str, str], sim: SimProcess) -> None:
    """Register every simulated service through the API (one audited POST each)."""
    for info in sim.services:
        response = await client.post(
            REGISTER,
            headers=headers,
            json={
                "name": info["name"],
                "kind": info["kind"],
                "site": info["site"],
                "environment": "bench",
                "base_url": info["base_url"],
                "reason": "fleet benchmark",
            },
        )
        if response.status_code != 201:
            raise SystemExit(f"registering {info['name']}: {response.status_code} {response.text[:300]}")


# --- measurement ---------------------------------------------------------------------------------


class Snapshots:
    """Timed ``GET /api/v1/fleet`` rounds and what each answered."""

    def __init__(self) -> None:
        self.wall_s: list[float] = []
        self.cpu_s: list[float] = []
        self.sim_cpu_s: list[float] = []
        self.in_snapshot_probe_ms: list[float] = []  # every service's probe_latency_ms
        self.slowest_in_snapshot_ms: list[float] = []  # per round
        self.health: dict[str, int] = {}
        self.errors: dict[str, int] = {}

    async def take(self, client: httpx.AsyncClient, headers: dict[str, str], sim: SimProcess) -> None:
        cpu, sim_cpu = time.process_time(), sim.cpu_s()
        started = time.perf_counter()
        response = await client.get(SNAPSHOT, headers=headers)
        wall = time.perf_counter() - started
        self.cpu_s.append(time.process_time() - cpu)
        self.sim_cpu_s.append(sim.cpu_s() - sim_cpu)
        if response.status_code != 200:
            raise SystemExit(f"GET {SNAPSHOT}: {response.status_code} {response.text[:300]}")
        self.wall_s.append(wall)
        body = response.json()
        latencies = [s["probe_latency_ms"] for s in body["services"]]
        self.in_snapshot_probe_ms.extend(latencies)
        self.slowest_in_snapshot_ms.append(max(latencies, default=0.0))
        for entry in body["services"]:
            self.health[entry["health"]] = self.health.get(entry["health"], 0) + 1
            if entry["last_error"]:
                # "health: timeout: no answer within 2s (gave up after 2.00s)" -> "health: timeout"
                key = ": ".join(entry["last_error"].split(": ")[:2])
                self.errors[key] = self.errors.get(key, 0) + 1


class SingleProbes:
    """Each service probed alone, one after the other (passes over the whole fleet)."""

    def __init__(self) -> None:
        self.wall_s: list[float] = []
        self.calls_ms: list[float] = []  # probe_latency_ms: the four calls only
        self.pass_sums_s: list[float] = []
        self.pass_calls_sums_s: list[float] = []
        self.not_ok = 0

    async def run_pass(self, prober: FleetProber, services: Sequence[FleetService]) -> None:
        total = calls = 0.0
        for service in services:
            started = time.perf_counter()
            snapshot = await prober.probe([service])
            wall = time.perf_counter() - started
            total += wall
            calls += snapshot.services[0].probe_latency_ms / 1000
            self.wall_s.append(wall)
            self.calls_ms.append(snapshot.services[0].probe_latency_ms)
            if snapshot.services[0].health != "ok":
                self.not_ok += 1
        self.pass_sums_s.append(total)
        self.pass_calls_sums_s.append(calls)


def ms(values: Sequence[float], q: float) -> float:
    return round(percentile(values, q) * 1000, 1)


async def scenario_healthy(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    sim: SimProcess,
    services: Sequence[FleetService],
    args: argparse.Namespace,
) -> dict[str, Any]:
    """Snapshot rounds with sequential single-probe passes spread between them."""
    snaps, singles = Snapshots(), SingleProbes()
    reference = FleetProber(
        secret=args.secret, timeout_s=args.timeout, outbound=OutboundPolicy.parse(LOOPBACK_ALLOW)
    )
    pass_before = {round(i * args.rounds / args.passes) for i in range(args.passes)}
    for index in range(args.rounds):
        if index in pass_before:
            await singles.run_pass(reference, services)
        await snaps.take(client, headers, sim)
        print(f"  round {index + 1}/{args.rounds}: {snaps.wall_s[-1] * 1000:7.1f} ms", flush=True)
    slowest = max(singles.wall_s)
    single_p99 = percentile(singles.wall_s, 99)
    seq_sum = statistics.median(singles.pass_sums_s)
    calls_sum = statistics.median(singles.pass_calls_sums_s)
    p50, p99 = percentile(snaps.wall_s, 50), percentile(snaps.wall_s, 99)
    return {
        "rounds": args.rounds,
        "snapshot": summarise_ms(snaps.wall_s),
        "snapshot_health": snaps.health,
        "snapshot_errors": snaps.errors,
        "snapshot_cpu_ms": {
            "bench_process_p50": ms(snaps.cpu_s, 50),
            "simulator_p50": ms(snaps.sim_cpu_s, 50),
        },
        "in_snapshot_probe_latency": summarise_ms([v / 1000 for v in snaps.in_snapshot_probe_ms]),
        "single_probe": {**summarise_ms(singles.wall_s), "not_ok": singles.not_ok},
        "single_probe_calls_only": summarise_ms([v / 1000 for v in singles.calls_ms]),
        "sequential_sum_s": {
            "passes": len(singles.pass_sums_s),
            "median": round(seq_sum, 3),
            "min": round(min(singles.pass_sums_s), 3),
            "max": round(max(singles.pass_sums_s), 3),
        },
        "sequential_calls_only_sum_s": {
            "median": round(calls_sum, 3),
            "min": round(min(singles.pass_calls_sums_s), 3),
            "max": round(max(singles.pass_calls_sums_s), 3),
        },
        "ratios": {
            "snapshot_p50_over_slowest_single": round(p50 / slowest, 2),
            "snapshot_p99_over_slowest_single": round(p99 / slowest, 2),
            "snapshot_p50_over_single_p99": round(p50 / single_p99, 2),
            "sequential_sum_over_snapshot_p50": round(seq_sum / p50, 2),
            "sequential_calls_only_sum_over_snapshot_p50": round(calls_sum / p50, 2),
        },
    }


async def scenario_faulty(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    sim: SimProcess,
    args: argparse.Namespace,
) -> dict[str, Any]:
    """Some services made unreachable through the simulator's control API, then healed."""
    names = sorted(info["name"] for info in sim.services)
    step = max(1, len(names) // args.faulty)
    broken = names[::step][: args.faulty]
    snaps = Snapshots()
    async with httpx.AsyncClient(timeout=10) as control:
        for name in broken:
            await sim.set_fault(control, name, "unreachable", mode=args.fault_mode)
        try:
            for index in range(args.fault_rounds):
                await snaps.take(client, headers, sim)
                print(
                    f"  round {index + 1}/{args.fault_rounds} ({len(broken)} {args.fault_mode}): "
                    f"{snaps.wall_s[-1] * 1000:7.1f} ms",
                    flush=True,
                )
        finally:
            for name in broken:
                await sim.clear_faults(control, name)
    return {
        "rounds": args.fault_rounds,
        "faulty": broken,
        "fault": f"unreachable(mode={args.fault_mode})",
        "probe_timeout_s": args.timeout,
        "snapshot": summarise_ms(snaps.wall_s),
        "snapshot_health": snaps.health,
        "snapshot_errors": snaps.errors,
        "snapshot_cpu_ms": {
            "bench_process_p50": ms(snaps.cpu_s, 50),
            "simulator_p50": ms(snaps.sim_cpu_s, 50),
        },
        "ratios": {
            "snapshot_p50_over_timeout": round(percentile(snaps.wall_s, 50) / args.timeout, 2),
            "snapshot_p99_over_timeout": round(percentile(snaps.wall_s, 99) / args.timeout, 2),
        },
    }


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


async def profile_snapshots(
    client: httpx.AsyncClient, headers: dict[str, str], sim: SimProcess, rounds: int
) -> dict[str, Any]:
    """cProfile over ``rounds`` snapshots: own CPU time by package and the top functions."""
    snaps = Snapshots()
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        for _ in range(rounds):
            await snaps.take(client, headers, sim)
    finally:
        profiler.disable()
    stats = pstats.Stats(profiler)
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    total = sum(entry[2] for entry in raw.values()) or 1.0
    by_package: dict[str, float] = {}
    for (filename, _, _), entry in raw.items():
        key = package_of(filename)
        by_package[key] = by_package.get(key, 0.0) + entry[2]
    top = sorted(raw.items(), key=lambda item: item[1][2], reverse=True)[:15]
    return {
        "rounds": rounds,
        "snapshot_under_profiler": summarise_ms(snaps.wall_s),
        "own_time_share_by_package": {
            k: round(v / total, 3) for k, v in sorted(by_package.items(), key=lambda kv: -kv[1])[:12]
        },
        "top_functions_own_time_share": {
            f"{Path(f).name}:{line}({name})": round(entry[2] / total, 3) for (f, line, name), entry in top
        },
    }


# --- report --------------------------------------------------------------------------------------


def row(label: str, stats: dict[str, Any]) -> str:
    if not stats.get("n"):
        return f"  {label:<44} (none)"
    return (
        f"  {label:<44} {stats['n']:>6}  {stats['p50_ms']:>9.1f}  {stats['p90_ms']:>9.1f}"
        f"  {stats['p99_ms']:>9.1f}  {stats['max_ms']:>9.1f}"
    )


def report(result: dict[str, Any]) -> str:
    h = result["healthy"]
    lines = [
        "",
        f"fleet snapshot: {result['services']} simulated services ({result['per_site']} per site), "
        f"probe timeout {result['probe_timeout_s']:g} s, {result['machine']}",
        f"load average at start {result['loadavg_start']}, at end {result['loadavg_end']}",
        "",
        f"  {'':<44} {'n':>6}  {'p50 ms':>9}  {'p90 ms':>9}  {'p99 ms':>9}  {'max ms':>9}",
        row("snapshot GET /api/v1/fleet", h["snapshot"]),
        row("single probe, alone (probe([s]) end to end)", h["single_probe"]),
        row("single probe, alone: its 4 calls only", h["single_probe_calls_only"]),
        row("each service's probe inside the snapshot", h["in_snapshot_probe_latency"]),
        f"  sequential sum of one pass: median {h['sequential_sum_s']['median'] * 1000:.0f} ms "
        f"(min {h['sequential_sum_s']['min'] * 1000:.0f}, max {h['sequential_sum_s']['max'] * 1000:.0f}, "
        f"{h['sequential_sum_s']['passes']} passes); of the 4 calls only: median "
        f"{h['sequential_calls_only_sum_s']['median'] * 1000:.0f} ms",
        f"  snapshot health: {h['snapshot_health']}  single probes not ok: {h['single_probe']['not_ok']}",
        f"  CPU per snapshot (p50): this process {h['snapshot_cpu_ms']['bench_process_p50']:.0f} ms, "
        f"simulator {h['snapshot_cpu_ms']['simulator_p50']:.0f} ms",
        "",
        "ratios (same run):",
        f"  snapshot p50 / slowest single probe     {h['ratios']['snapshot_p50_over_slowest_single']:8.2f}x"
        "   (1 = as fast as probing one service; ~services = sequential)",
        f"  snapshot p99 / slowest single probe     {h['ratios']['snapshot_p99_over_slowest_single']:8.2f}x",
        f"  snapshot p50 / single probe p99         {h['ratios']['snapshot_p50_over_single_p99']:8.2f}x",
        f"  sequential sum / snapshot p50           {h['ratios']['sequential_sum_over_snapshot_p50']:8.2f}x"
        "   (the speed-up concurrency buys)",
        f"  sequential sum, calls only / snap. p50  {h['ratios']['sequential_calls_only_sum_over_snapshot_p50']:8.2f}x",
    ]
    if h["snapshot_errors"]:
        lines.append(f"  errors seen in healthy snapshots: {h['snapshot_errors']}")
    f = result.get("faulty")
    if f:
        lines += [
            "",
            f"with {len(f['faulty'])} services {f['fault']} (per-call timeout {f['probe_timeout_s']:g} s):",
            f"  {'':<44} {'n':>6}  {'p50 ms':>9}  {'p90 ms':>9}  {'p99 ms':>9}  {'max ms':>9}",
            row("snapshot GET /api/v1/fleet", f["snapshot"]),
            f"  snapshot health: {f['snapshot_health']}",
            f"  errors: {f['snapshot_errors']}",
            f"  snapshot p50 / per-call timeout {f['ratios']['snapshot_p50_over_timeout']:.2f}x, "
            f"p99 / timeout {f['ratios']['snapshot_p99_over_timeout']:.2f}x",
        ]
    p = result.get("profile")
    if p:
        lines += ["", f"profile ({p['rounds']} snapshots under cProfile; share of own CPU time):"]
        lines += [f"  {k:<40} {v * 100:5.1f}%" for k, v in p["own_time_share_by_package"].items()]
        lines.append("  top functions:")
        lines += [f"  {k:<60} {v * 100:5.1f}%" for k, v in p["top_functions_own_time_share"].items()]
    return "\n".join(lines)


async def run(args: argparse.Namespace) -> dict[str, Any]:
    counts = per_site_counts(args.services)
    args.secret = secrets.token_urlsafe(24)
    loadavg_start = [round(x, 2) for x in os.getloadavg()]
    print(f"starting lifeboat sim ({sum(counts.values()) * 2} services) …", flush=True)
    async with sim_process(counts, args.secret) as sim, fresh_database(args.server_url) as db_url:
        settings = load_settings(
            env={},
            environment="bench",
            database_url=db_url,
            database_pool_size=4,
            nats_url=args.nats_url,
            # The snapshot never touches the object store; a closed port keeps SeaweedFS out of the run.
            s3_endpoint_url="http://127.0.0.1:9",
            s3_access_key_id="bench",
            s3_secret_access_key="bench",  # not a secret: nothing listens there
            fleet_secret=args.secret,
            fleet_probe_timeout_s=args.timeout,
            outbound_allow=LOOPBACK_ALLOW,  # the simulator is on loopback
            log_level="warning",
        )
        app = create_app(settings)
        async with running_app(app) as client:
            admin, viewer = await token("admin"), await token("viewer")
            await register(client, admin, sim)
            services = await all_services()
            assert len(services) == len(sim.services), "every simulated service is registered"
            warm = Snapshots()
            for _ in range(WARMUP_ROUNDS):
                await warm.take(client, viewer, sim)
            print(
                f"healthy fleet: {args.rounds} snapshot rounds, {args.passes} sequential passes …", flush=True
            )
            healthy = await scenario_healthy(client, viewer, sim, services, args)
            faulty = None
            if args.faulty > 0 and args.fault_rounds > 0:
                print(f"faulty fleet: {args.faulty} services unreachable ({args.fault_mode}) …", flush=True)
                faulty = await scenario_faulty(client, viewer, sim, args)
            profile = None
            if args.profile:
                print("profiling snapshots …", flush=True)
                profile = await profile_snapshots(client, viewer, sim, rounds=5)
    return {
        "benchmark": "fleet_snapshot",
        "services": len(sim.services),
        "per_site": counts,
        "probe_timeout_s": args.timeout,
        "probe_concurrency": app.state.fleet_prober.concurrency,
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "loadavg_start": loadavg_start,
        "loadavg_end": [round(x, 2) for x in os.getloadavg()],
        "healthy": healthy,
        "faulty": faulty,
        "profile": profile,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--services", type=int, default=int(os.environ.get("BENCH_FLEET_SERVICES", "200")))
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_FLEET_ROUNDS", "30")))
    parser.add_argument("--passes", type=int, default=3, help="sequential single-probe passes over the fleet")
    parser.add_argument(
        "--timeout", type=float, default=2.0, help="per-call probe timeout (the default setting)"
    )
    parser.add_argument(
        "--faulty", type=int, default=5, help="services made unreachable in scenario 2 (0: skip)"
    )
    parser.add_argument("--fault-mode", choices=["hang", "refuse"], default="hang")
    parser.add_argument("--fault-rounds", type=int, default=10)
    parser.add_argument("--profile", action="store_true", default=os.environ.get("BENCH_PROFILE") == "1")
    parser.add_argument("--server-url", default=default_server_url())
    parser.add_argument("--nats-url", default=default_nats_url())
    parser.add_argument(
        "--json", type=Path, default=Path(tempfile.gettempdir()) / "lifeboat-bench" / "fleet-latest.json"
    )
    args = parser.parse_args()
    if args.services < 2 or args.rounds < 1 or args.passes < 1 or args.timeout <= 0:
        parser.error("need --services >= 2, --rounds >= 1, --passes >= 1, --timeout > 0")
    args.passes = min(args.passes, args.rounds)
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
