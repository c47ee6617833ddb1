"""``make bench-jobs``: our job engine against procrastinate and pgqueuer, side by side.

One run, one PostgreSQL server, the same worker concurrency for all three; each engine gets a
fresh database (created and dropped by its runner) and runs in its own process, one after the
other: ours in the project's ``.venv`` (``bench_jobs_lifeboat.py``), the peers in a throwaway
venv (``requirements-peers.txt``, created with uv under the temp directory and reused while the
requirements are unchanged) via ``bench_jobs_peers.py``.

Measured (see ``_bench_common.py``): one-step no-op throughput over ``--jobs`` jobs enqueued in
bulk before the worker starts (capped at ``--max-s`` seconds per engine: a capped engine reports
the rate of the jobs it finished), then enqueue-to-start latency p50/p99 at half of *our* peak,
the same rate for every engine. Ours also reports the step transition inside a two-step job.

Prints a table and the ratios against the issue's goals; writes the raw results as JSON
(``--json``, default ``$TMPDIR/lifeboat-bench/jobs-latest.json``). Absolute numbers depend on
the machine and its load; only ratios from one run mean anything.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
RESULT_PREFIX = "BENCH_RESULT "
REQUIREMENTS = HERE / "requirements-peers.txt"

# The goals: throughput ratios (ours / peer) and our p99 at half of peak load.
GOAL_VS_PROCRASTINATE = 1.0
GOAL_VS_PGQUEUER = 0.5
GOAL_P99_MS = 50.0


def default_server_url() -> str:
    return (
        os.environ.get("BENCH_DATABASE_URL")
        or os.environ.get("LIFEBOAT_TEST_DATABASE_URL")
        or "postgresql://postgres@127.0.0.1:5432/postgres"
    )


def peers_python(venv: Path) -> Path:
    """The throwaway venv's interpreter, (re)created when the requirements changed."""
    python = venv / "bin" / "python"
    digest = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    stamp = venv / ".requirements.sha256"
    if python.exists() and stamp.exists() and stamp.read_text() == digest:
        return python
    uv = shutil.which("uv")
    print(f"creating the peers' venv in {venv} …", flush=True)
    shutil.rmtree(venv, ignore_errors=True)
    if uv:
        subprocess.run([uv, "venv", "--quiet", "--python", sys.executable, str(venv)], check=True)
        subprocess.run(
            [uv, "pip", "install", "--quiet", "--python", str(python), "-r", str(REQUIREMENTS)], check=True
        )
    else:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "-r", str(REQUIREMENTS)], check=True)
    stamp.write_text(digest)
    return python


def run_engine(
    python: Path, script: str, engine: str, args: argparse.Namespace, rate: float | None
) -> dict[str, Any]:
    """Run one engine's runner; returns its result (raises with its stderr when it failed)."""
    command = [
        str(python),
        str(HERE / script),
        "--engine",
        engine,
        "--server-url",
        args.server_url,
        "--jobs",
        str(args.jobs),
        "--concurrency",
        str(args.concurrency),
        "--latency-s",
        str(args.latency_s),
        "--max-s",
        str(args.max_s),
    ]
    if rate is not None:
        command += ["--rate", f"{rate:.3f}"]
    if args.profile and engine == "lifeboat":
        command.append("--profile")
    print(f"running {engine} …", flush=True)
    started = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    lines = [line for line in proc.stdout.splitlines() if line.startswith(RESULT_PREFIX)]
    if proc.returncode != 0 or not lines:
        sys.stderr.write(proc.stderr[-6000:])
        raise SystemExit(f"{engine}: the benchmark runner failed (exit {proc.returncode})")
    result: dict[str, Any] = json.loads(lines[-1][len(RESULT_PREFIX) :])
    result["runner_s"] = round(time.perf_counter() - started, 1)
    return result


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def report(results: list[dict[str, Any]]) -> tuple[str, dict[str, Any]]:
    """The side-by-side table and the ratios against the goals."""
    by_name = {r["engine"]: r for r in results}
    ours = by_name["lifeboat"]
    rows = [("engine", "version", "jobs/s", "completed", "rate/s", "p50 ms", "p99 ms", "failed")]
    for r in results:
        t, lat = r["throughput"], r["latency"]
        completed = f"{t['completed']}/{t['jobs']}" + (" (capped)" if t["capped"] else "")
        rows.append(
            (
                r["engine"],
                r["version"],
                f"{t['jobs_per_s']:.1f}",
                completed,
                f"{lat['rate_per_s']:.1f}",
                f"{lat.get('p50_ms', float('nan')):.1f}",
                f"{lat.get('p99_ms', float('nan')):.1f}",
                str(r["failed_jobs"]),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))

    ratios: dict[str, Any] = {}
    ours_tp = ours["throughput"]["jobs_per_s"]
    for peer, goal in (("procrastinate", GOAL_VS_PROCRASTINATE), ("pgqueuer", GOAL_VS_PGQUEUER)):
        if peer in by_name:
            ratio = ours_tp / by_name[peer]["throughput"]["jobs_per_s"]
            ratios[f"throughput_vs_{peer}"] = {"ratio": round(ratio, 3), "goal": goal, "pass": ratio >= goal}
            lat_ratio = ours["latency"]["p99_ms"] / by_name[peer]["latency"]["p99_ms"]
            ratios[f"p99_vs_{peer}"] = {"ratio": round(lat_ratio, 3)}
    p99 = ours["latency"]["p99_ms"]
    ratios["p99_at_half_peak_ms"] = {"value": p99, "goal": GOAL_P99_MS, "pass": p99 < GOAL_P99_MS}

    lines.append("")
    lines.append("ratios (ours / peer, same run):")
    for peer in ("procrastinate", "pgqueuer"):
        key = f"throughput_vs_{peer}"
        if key in ratios:
            r = ratios[key]
            lines.append(
                f"  throughput vs {peer:<13} {r['ratio']:6.3f}x   goal >= {r['goal']:.1f}x   {verdict(r['pass'])}"
            )
    for peer in ("procrastinate", "pgqueuer"):
        key = f"p99_vs_{peer}"
        if key in ratios:
            lines.append(f"  p99 latency vs {peer:<12} {ratios[key]['ratio']:6.3f}x   (lower is better)")
    r = ratios["p99_at_half_peak_ms"]
    lines.append(
        f"  our p99 enqueue->start at {ours['latency']['rate_per_s']:.0f}/s (half our peak): "
        f"{r['value']:.1f} ms   goal < {GOAL_P99_MS:.0f} ms   {verdict(r['pass'])}"
    )
    tp = ours["throughput"]
    if "receipts_at_drain" in tp:
        with_receipts = tp.get("jobs_per_s_with_receipts")
        lines.append(
            f"  our receipts written when the queue drained: {tp['receipts_at_drain']}/{tp['completed']}; "
            + (
                f"throughput counting every receipt written: {with_receipts:.1f} jobs/s"
                if with_receipts
                else f"only {tp['receipts_written']} written after 120 s"
            )
        )
        if with_receipts and "procrastinate" in by_name:
            ratio = with_receipts / by_name["procrastinate"]["throughput"]["jobs_per_s"]
            ratios["throughput_with_receipts_vs_procrastinate"] = {"ratio": round(ratio, 3)}
            lines.append(f"  that throughput vs procrastinate {ratio:6.3f}x")
    step = ours.get("extra", {}).get("step_transition")
    if step and step.get("n"):
        lines.append(
            f"  our step->step transition inside a job at {step['rate_per_s']:.0f} jobs/s: "
            f"p50 {step['p50_ms']:.1f} ms, p99 {step['p99_ms']:.1f} ms"
        )
    return "\n".join(lines), ratios


def print_profile(profile: dict[str, Any]) -> None:
    print("\nprofile of our worker at peak (per job):")
    for label, data in profile.items():
        print(
            f"  {label:<24} {data['jobs_per_s']:7.1f} jobs/s  cpu {data['worker_cpu_ms_per_job']:6.2f} ms"
            f"  db calls {sum(data['db_calls_per_job'].values()):5.1f}"
        )
        phases = ", ".join(f"{k} {v:.1f}" for k, v in data["phases_ms_per_job"].items())
        print(f"    phases (ms, wall, overlapping): {phases}")
        calls = ", ".join(f"{k} {v:.1f}" for k, v in data["db_calls_per_job"].items())
        print(f"    db calls: {calls}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--server-url", default=default_server_url())
    parser.add_argument("--jobs", type=int, default=int(os.environ.get("BENCH_JOBS", "10000")))
    parser.add_argument("--concurrency", type=int, default=int(os.environ.get("BENCH_CONCURRENCY", "8")))
    parser.add_argument("--latency-s", type=float, default=float(os.environ.get("BENCH_LATENCY_S", "10")))
    parser.add_argument("--max-s", type=float, default=float(os.environ.get("BENCH_MAX_S", "60")))
    parser.add_argument("--engines", default="lifeboat,procrastinate,pgqueuer")
    parser.add_argument("--profile", action="store_true", default=os.environ.get("BENCH_PROFILE") == "1")
    parser.add_argument(
        "--peers-venv", type=Path, default=Path(tempfile.gettempdir()) / "lifeboat-bench" / "peers-venv"
    )
    parser.add_argument(
        "--json", type=Path, default=Path(tempfile.gettempdir()) / "lifeboat-bench" / "jobs-latest.json"
    )
    args = parser.parse_args()
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    if "lifeboat" not in engines:
        raise SystemExit("--engines must include lifeboat (the latency rate is half of its peak)")

    started = time.perf_counter()
    peers = [e for e in engines if e != "lifeboat"]
    python = peers_python(args.peers_venv) if peers else None
    ours = run_engine(ROOT / ".venv" / "bin" / "python", "bench_jobs_lifeboat.py", "lifeboat", args, None)
    results = [ours]
    rate = ours["latency"]["rate_per_s"]
    for engine in peers:
        assert python is not None
        results.append(run_engine(python, "bench_jobs_peers.py", engine, args, rate))

    table, ratios = report(results)
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    print(f"\njob engines: {args.jobs} one-step no-op jobs, concurrency {args.concurrency}, {machine}")
    print(table)
    profile = ours.get("extra", {}).get("profile")
    if profile:
        print_profile(profile)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps(
            {
                "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "machine": machine,
                "jobs": args.jobs,
                "concurrency": args.concurrency,
                "results": results,
                "ratios": ratios,
            },
            indent=2,
        )
    )
    print(f"\nraw results: {args.json}  (took {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
