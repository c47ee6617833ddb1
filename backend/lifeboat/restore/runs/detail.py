"""Reading restore runs: one run decision first (seed 004's resolver over the run, its job, its
evidence and the caller), and a page of runs with their decisions."""

from __future__ import annotations

import uuid

import asyncpg
import msgspec

from lifeboat.core.authz import PrincipalLike, allows
from lifeboat.core.pagination import CursorPosition, InvalidCursor, clamp_limit, decode_cursor, encode_cursor
from lifeboat.db.access import transaction
from lifeboat.jobs import external
from lifeboat.jobs.permissions import JOBS_READ
from lifeboat.restore.runs.access import (
    parse_run_id,
    reads_every_run,
    to_evidence,
    to_run,
    to_verification,
    visible_run,
)
from lifeboat.restore.runs.decision import (
    DecisionBlock,
    EvidenceFacts,
    OperationFacts,
    RestoreRunFacts,
    RunCounts,
    ViewerScope,
    resolve_restore_decision,
)
from lifeboat.restore.runs.models import (
    Evidence,
    RestoreRun,
    RestoreRunDetail,
    RestoreRunListItem,
    RestoreRunPage,
    RunDecisionSummary,
)


def decide(
    run_row: asyncpg.Record,
    run: RestoreRun,
    evidence: list[Evidence],
    job_status: str | None,
    principal: PrincipalLike,
    environment: str,
) -> DecisionBlock:
    """The decision block of one run for this caller (seed 004's resolver over its facts)."""
    counts = run.counts
    facts = RestoreRunFacts(
        id=run.id,
        status=run.status,
        environment=run_row["environment"],
        operation_id=run.job_id,
        counts=msgspec.convert(msgspec.to_builtins(counts), RunCounts) if counts is not None else None,
        has_item_rows=False,
    )
    operation = (
        OperationFacts(
            id=run.job_id,
            status=job_status,  # type: ignore[arg-type]  # a JobStatus, a subset of OperationStatus
            environment=run_row["environment"],
            visible_to_viewer=allows(JOBS_READ, principal, environment),
        )
        if job_status is not None
        else None
    )
    evidence_facts = [
        EvidenceFacts(
            id=e.id,
            state=e.state,
            environment=run_row["environment"],
            operation_id=e.job_id,
            visible_to_viewer=True,  # the caller may read the run, so its evidence
            created_at=e.created_at,
        )
        for e in evidence
    ]
    return resolve_restore_decision(
        facts, operation, evidence_facts, ViewerScope(environment=environment, authorized=True)
    )


async def run_detail(
    conn: asyncpg.Connection, run_row: asyncpg.Record, principal: PrincipalLike, environment: str
) -> RestoreRunDetail:
    """The run's detail for this caller, re-read in ``conn``: decision, run, evidence, verification."""
    run_row = await conn.fetchrow("select * from restore_run where id = $1", run_row["id"]) or run_row
    run = to_run(run_row)
    evidence_rows = await conn.fetch(
        "select * from restore_evidence where run = $1 order by created_at desc, id desc", run_row["id"]
    )
    verification_row = await conn.fetchrow("select * from restore_verification where run = $1", run_row["id"])
    job_status = await external.job_status(conn, run_row["job_id"])
    evidence = [to_evidence(r) for r in evidence_rows]
    return RestoreRunDetail(
        decision=decide(run_row, run, evidence, job_status, principal, environment),
        run=run,
        job_id=run.job_id,
        evidence=evidence,
        verification=to_verification(verification_row) if verification_row is not None else None,
    )


async def get_run(run_id: uuid.UUID | str, *, principal: PrincipalLike, environment: str) -> RestoreRunDetail:
    """One run, decision first (404 when the caller may not read it)."""
    parsed = run_id if isinstance(run_id, uuid.UUID) else parse_run_id(run_id)
    async with transaction() as conn:
        row = await visible_run(conn, parsed, principal, environment)
        return await run_detail(conn, row, principal, environment)


async def list_runs(
    *,
    principal: PrincipalLike,
    environment: str,
    server: str | None = None,
    group: str | None = None,
    status: str | None = None,
    limit: int | None = None,
    cursor: str | None = None,
) -> RestoreRunPage:
    """Runs newest first; a consumer sees only its own."""
    size = clamp_limit(limit)
    position = decode_cursor(cursor)
    after: uuid.UUID | None = None
    if position is not None:
        try:
            after = uuid.UUID(position.id)
        except ValueError as exc:
            raise InvalidCursor() from exc
    only = None if reads_every_run(principal, environment) else principal.id
    async with transaction() as conn:
        rows = await conn.fetch(
            """
            select * from restore_run
            where ($1::text is null or consumer_id = $1)
              and ($2::text is null or server_name = $2)
              and ($3::text is null or group_name = $3)
              and ($4::text is null or status = $4)
              and ($5::uuid is null or id < $5)
            order by id desc
            limit $6
            """,
            only,
            server,
            group,
            status,
            after,
            size + 1,
        )
        page = rows[:size]
        # The page's decisions in two more queries (not one detail per run).
        evidence_rows = await conn.fetch(
            "select * from restore_evidence where run = any($1::uuid[]) order by created_at desc, id desc",
            [r["id"] for r in page],
        )
        job_statuses = await external.job_statuses(conn, [r["job_id"] for r in page])
    evidence_by_run: dict[str, list[Evidence]] = {}
    for row in evidence_rows:
        evidence_by_run.setdefault(str(row["run"]), []).append(to_evidence(row))
    job_status = {str(job_id): status for job_id, status in job_statuses.items()}
    items: list[RestoreRunListItem] = []
    for row in page:
        run = to_run(row)
        block = decide(
            row, run, evidence_by_run.get(run.id, []), job_status.get(run.job_id), principal, environment
        )
        items.append(
            RestoreRunListItem(
                **msgspec.structs.asdict(run),
                decision=RunDecisionSummary(state=block.state, label=block.label, reason=block.reason),
            )
        )
    next_cursor = None
    if len(rows) > size and items:
        next_cursor = encode_cursor(CursorPosition(key=items[-1].id, id=items[-1].id))
    return RestoreRunPage(items=items, next_cursor=next_cursor)
