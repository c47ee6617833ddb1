"""A run's verification outcome: closes the loop (ends the run's job) and feeds the server's
restore health and alerts."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta

import asyncpg

from lifeboat.core.authz import PrincipalLike
from lifeboat.core.errors import (
    Conflict,
    FieldError,
    InvalidInput,
    Unprocessable,
)
from lifeboat.core.ids import new_id
from lifeboat.db.access import transaction
from lifeboat.db.engine import decode_jsonb
from lifeboat.jobs import external
from lifeboat.jobs.definitions import JobKind
from lifeboat.restore.health.service import reconcile_server_alerts
from lifeboat.restore.runs.access import (
    audit_run,
    is_reported_snapshot,
    own_run,
    parse_run_id,
    unknown_snapshot,
)
from lifeboat.restore.runs.detail import run_detail
from lifeboat.restore.runs.models import (
    RestoreRunDetail,
    VerificationReport,
)
from lifeboat.store.objects import ObjectStore

# An agent's clock may be this far ahead of (or behind) the server's: verification times beyond
# it are refused, never believed.
VERIFICATION_CLOCK_SKEW = timedelta(minutes=5)


async def _check_verification_facts(
    conn: asyncpg.Connection, run: asyncpg.Record, report: VerificationReport
) -> None:
    """422 unless the report is about the run's own snapshot (a reported backup of its server and
    type) and its times lie between the run's opening and the server's now, give or take
    :data:`VERIFICATION_CLOCK_SKEW` (the database's clock: the one ``recorded_at`` uses)."""
    if report.snapshot_id != run["snapshot_id"]:
        raise Unprocessable(
            f"This run restores snapshot {run['snapshot_id']!r}; its verification cannot be about another.",
            errors=[FieldError(field="snapshot_id", message="differs from the run's snapshot")],
        )
    if not await is_reported_snapshot(conn, run["server_name"], run["backup_type"], report.snapshot_id):
        raise unknown_snapshot(run["server_name"], run["backup_type"], report.snapshot_id)
    now: datetime = await conn.fetchval("select now()")
    latest = now + VERIFICATION_CLOCK_SKEW
    earliest = run["created_at"] - VERIFICATION_CLOCK_SKEW
    skew_min = int(VERIFICATION_CLOCK_SKEW.total_seconds() // 60)
    for field, value in (("started_at", report.started_at), ("finished_at", report.finished_at)):
        if value > latest:
            raise Unprocessable(
                f"{field} is more than {skew_min} minutes after the server's time ({now.isoformat()}); "
                "check the agent's clock.",
                errors=[FieldError(field=field, message="in the future")],
            )
        if value < earliest:
            raise Unprocessable(
                f"{field} is before the run was opened ({run['created_at'].isoformat()}); a verification "
                "reports this run's restore.",
                errors=[FieldError(field=field, message="before the run was opened")],
            )


async def record_verification(
    run_id_text: str,
    report: VerificationReport,
    *,
    principal: PrincipalLike,
    environment: str,
    run_kind: JobKind,
    delivery_kind: JobKind,
    store: ObjectStore,
) -> tuple[RestoreRunDetail, bool]:
    """Record the verification outcome of the caller's finished run: ends its job (succeeded
    when the run succeeded and the outcome is a success, else failed) and re-evaluates the
    server's health and alerts. Returns (detail, created)."""
    run_id = parse_run_id(run_id_text)
    if report.finished_at < report.started_at:
        raise Unprocessable(
            "finished_at is before started_at.",
            errors=[FieldError(field="finished_at", message="must not be before started_at")],
        )
    details_json = json.dumps(report.details) if report.details is not None else None
    if details_json is not None and ("\\u0000" in details_json or len(details_json) > 65_536):
        raise InvalidInput(
            "details must be at most 64 KiB of JSON without NUL characters.",
            errors=[FieldError(field="details", message="too large or contains NUL")],
        )
    finished_job = False
    async with transaction() as conn:
        run = await own_run(conn, run_id, principal)
        existing = await conn.fetchrow("select * from restore_verification where run = $1", run_id)
        if existing is not None:
            same = (
                existing["outcome"] == report.outcome
                and existing["snapshot_id"] == report.snapshot_id
                and existing["started_at"] == report.started_at
                and existing["finished_at"] == report.finished_at
                and decode_jsonb(existing["details"]) == report.details
            )
            if not same:
                raise Conflict(f"Restore run {run_id} already has a different verification outcome.")
            return await run_detail(conn, run, principal, environment), False
        if run["status"] not in ("succeeded", "failed"):
            raise Conflict(
                f"Restore run {run_id} is {run['status']}: report it succeeded or failed before its verification."
            )
        await _check_verification_facts(conn, run, report)
        await conn.execute(
            """
            insert into restore_verification (id, run, server, outcome, snapshot_id, started_at,
              finished_at, details, recorded_at, recorded_by)
            values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, now(), $9)
            """,
            new_id(),
            run_id,
            run["server"],
            report.outcome,
            report.snapshot_id,
            report.started_at,
            report.finished_at,
            details_json,
            principal.id,
        )
        job_id: uuid.UUID = run["job_id"]
        if await external.job_status(conn, job_id) == "running":
            await external.finish_step(
                conn,
                job_id,
                "verify",
                kind=run_kind,
                outcome="succeeded" if report.outcome == "success" else "failed",
                error=None if report.outcome == "success" else "verification failed",
                output={"outcome": report.outcome, "snapshot_id": report.snapshot_id},
            )
            ok = run["status"] == "succeeded" and report.outcome == "success"
            finished_job = await external.finish_job(
                conn, job_id, kind=run_kind, status="succeeded" if ok else "failed"
            )
        raised: list[str] = []
        cleared: list[str] = []
        if run["server"] is not None:
            r, c = await reconcile_server_alerts(
                conn, run["server"], delivery_kind=delivery_kind, environment=environment
            )
            raised, cleared = list(r), list(c)
        await audit_run(
            principal,
            "restore.run.verification",
            run_id,
            {
                "outcome": report.outcome,
                "snapshot_id": report.snapshot_id,
                "alerts_raised": raised,
                "alerts_cleared": cleared,
            },
        )
        detail = await run_detail(conn, run, principal, environment)
    if finished_job:
        await external.write_receipt(job_id, store)
    return detail, True
