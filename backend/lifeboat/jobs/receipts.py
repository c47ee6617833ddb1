"""Receipts: the JSON record of a finished job, written to ``receipts/<job id>.json``."""

from __future__ import annotations

import asyncio
import uuid

import msgspec
import structlog

from lifeboat.core.errors import Conflict, Unavailable
from lifeboat.db.access import connection, transaction
from lifeboat.jobs.models import TERMINAL_STATUSES, JobDetail, Receipt, ReceiptStep
from lifeboat.jobs.queries import load_finished_job_details, load_job_detail
from lifeboat.store.objects import ObjectStore, ObjectStoreError

log = structlog.get_logger("lifeboat.receipts")

# uploads of one batch in flight at once (the S3 client's connection pool holds 10)
UPLOADS_IN_FLIGHT = 4


def receipt_key(job_id: uuid.UUID | str) -> str:
    """Where a job's receipt lives in the object store."""
    return f"receipts/{job_id}.json"


async def build_receipt(job_id: uuid.UUID) -> Receipt:
    """The receipt of a finished job, from the ledger."""
    async with transaction() as conn:
        detail = await load_job_detail(conn, job_id)
    if detail.job.status not in TERMINAL_STATUSES:
        raise Conflict(f"Job {job_id} is {detail.job.status}; a receipt exists once it ends.")
    return receipt_of(detail)


def receipt_of(detail: JobDetail) -> Receipt:
    """The receipt of a finished job's detail."""
    job = detail.job

    def names(effect: str) -> list[str]:
        return [s.name for s in detail.steps if s.effect == effect]

    return Receipt(
        job_id=job.id,
        kind=job.kind,
        status=job.status,
        dry_run=job.dry_run,
        params=job.params,
        plan=detail.plan,
        steps=[
            ReceiptStep(
                position=s.position,
                name=s.name,
                status=s.status,
                effect=s.effect,
                attempts=s.attempts,
                started_at=s.started_at,
                finished_at=s.finished_at,
                error=s.error,
            )
            for s in detail.steps
        ],
        effects_done=names("done"),
        effects_not_done=names("not_done"),
        effects_unknown=names("unknown"),
        effects_compensated=names("compensated"),
        reason=job.reason,
        created_by=job.created_by,
        created_by_name=job.created_by_name,
        created_at=job.created_at,
        approved_by=job.approved_by,
        started_at=job.started_at,
        finished_at=job.finished_at,
        cancel_requested_by=job.cancel_requested_by,
        cancel_reason=job.cancel_reason,
        error=job.error,
        request_id=job.request_id,
        correlation_id=job.correlation_id,
    )


async def store_receipt(job_id: uuid.UUID, store: ObjectStore) -> str:
    """Write the receipt of a finished job to the object store and link it from the job."""
    receipt = await build_receipt(job_id)
    key = receipt_key(job_id)
    await store.put_bytes(key, msgspec.json.encode(receipt), content_type="application/json")
    async with transaction() as conn:
        await conn.execute("update job set receipt_key = $2 where id = $1", job_id, key)
    return key


async def store_receipts(job_ids: list[uuid.UUID], store: ObjectStore) -> list[uuid.UUID]:
    """Write the receipts of several finished jobs and link them, with three reads and one
    update for the whole batch; returns the jobs whose receipt was stored. A failed upload is
    logged and left unlinked (the API writes it on first read); jobs not finished are skipped."""
    async with connection() as conn:
        details = await load_finished_job_details(conn, job_ids)
    slots = asyncio.Semaphore(UPLOADS_IN_FLIGHT)

    async def upload(job_id: uuid.UUID, detail: JobDetail) -> uuid.UUID | None:
        async with slots:
            try:
                await store.put_bytes(
                    receipt_key(job_id),
                    msgspec.json.encode(receipt_of(detail)),
                    content_type="application/json",
                )
            except Exception as exc:
                log.warning("receipt_not_stored", job_id=str(job_id), error=str(exc).splitlines()[0][:200])
                return None
        return job_id

    stored = [
        job_id
        for job_id in await asyncio.gather(*(upload(i, d) for i, d in details.items()))
        if job_id is not None
    ]
    if stored:
        async with connection() as conn:
            await conn.execute(
                """
                update job set receipt_key = k.key
                from unnest($1::uuid[], $2::text[]) as k(id, key)
                where job.id = k.id
                """,
                stored,
                [receipt_key(i) for i in stored],
            )
    return stored


async def fetch_receipt(job_id: uuid.UUID, store: ObjectStore) -> bytes:
    """The stored receipt; written now when the job ended but its receipt was never stored
    (for example, the worker died between finishing the job and uploading it). An object store
    that does not answer is a 503: the job is finished, only its receipt cannot be served yet."""
    async with transaction() as conn:
        row = await conn.fetchrow("select status, receipt_key from job where id = $1", job_id)
    try:
        if row is not None and row["receipt_key"]:
            data = await store.get_bytes(row["receipt_key"])
            if data is not None:
                return data
        key = await store_receipt(job_id, store)  # raises NotFound / Conflict as appropriate
        data = await store.get_bytes(key)
    except ObjectStoreError as exc:
        log.warning("receipt_unavailable", job_id=str(job_id), error=str(exc).splitlines()[0][:200])
        raise Unavailable("The object store does not answer; the receipt can be read once it does.") from exc
    if data is None:
        raise Unavailable("The receipt was written but cannot be read back yet; try again.")
    return data
