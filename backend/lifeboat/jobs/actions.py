"""Actions on an existing job: cancel and approve, each allowed only to someone holding the
role the job's kind needs in this environment (a refusal is audited).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

import asyncpg
import msgspec

from lifeboat.core.errors import Conflict, Forbidden, NotFound
from lifeboat.db.access import connection, transaction
from lifeboat.db.engine import decode_jsonb
from lifeboat.jobs.definitions import CancelContext, JobKind, KindRegistry, action_role
from lifeboat.jobs.ledger import append_job_event
from lifeboat.jobs.models import TERMINAL_STATUSES, JobDetail
from lifeboat.jobs.queries import get_job, load_job_detail
from lifeboat.jobs.receipts import store_receipts
from lifeboat.jobs.service import Actor, AuditSink
from lifeboat.store.objects import ObjectStore


@dataclass(frozen=True)
class ActionAuthority:
    """What authorizing an action on an existing job needs: the registry (the job's kind, hence
    the role that kind requires) and whether the acting principal holds a role in this
    environment (the API passes a check of its bindings)."""

    registry: KindRegistry
    environment: str
    holds_role: Callable[[str], bool]


async def _locked_job(conn: asyncpg.Connection, job_id: uuid.UUID) -> asyncpg.Record:
    row = await conn.fetchrow("select * from job where id = $1 for update", job_id)
    if row is None:
        raise NotFound(f"No job {job_id}.")
    return row


_ACTION_VERBS = {"cancel": "Cancelling", "approve": "Approving"}


async def require_action_role(
    job_id: uuid.UUID,
    *,
    action: str,
    authority: ActionAuthority,
    actor: Actor,
    reason: str,
    audit: AuditSink,
) -> JobKind | None:
    """The job's kind, when the actor holds the role that kind needs (``action_role``) in this
    environment; otherwise the refusal is audited (outcome ``denied``) and 403. 404 when missing.
    A job's kind never changes, so checking before the action's own transaction is exact."""
    async with connection() as conn:
        kind_name: str | None = await conn.fetchval("select kind from job where id = $1", job_id)
    if kind_name is None:
        raise NotFound(f"No job {job_id}.")
    kind = authority.registry.get(kind_name)
    role = action_role(kind)
    if authority.holds_role(role):
        return kind
    async with transaction():
        await audit(
            actor_id=actor.id,
            actor_name=actor.name,
            action=f"job.{action}",
            target=f"job:{job_id}",
            reason=reason,
            details={"kind": kind_name, "required_role": role},
            outcome="denied",
        )
    raise Forbidden(
        f"{_ACTION_VERBS.get(action, action)} a {kind_name!r} job needs the {role} role in "
        f"{authority.environment!r} (the role that creates it)."
    )


async def cancel_job(
    job_id: uuid.UUID,
    *,
    actor: Actor,
    reason: str,
    audit: AuditSink,
    authority: ActionAuthority,
    store: ObjectStore,
) -> JobDetail:
    """Cancel a job (see ``_cancel_job``); a job that ended at once gets its receipt now (the
    cancel is committed: a failed upload is logged and written on the receipt's first read)."""
    detail = await _cancel_job(job_id, actor=actor, reason=reason, audit=audit, authority=authority)
    if detail.job.status in TERMINAL_STATUSES:
        await store_receipts([job_id], store)
        detail = await get_job(job_id)
    return detail


async def _cancel_job(
    job_id: uuid.UUID, *, actor: Actor, reason: str, audit: AuditSink, authority: ActionAuthority
) -> JobDetail:
    """Cancel a job: a job no worker holds ends ``cancelled`` at once; a running one becomes
    ``cancelling`` and its worker stops at the next step boundary (asking the running step to stop).

    Only someone holding the kind's own role may (``require_action_role``); the kind's
    ``on_cancel`` records the cancel where the kind's users look, in the same transaction."""
    kind = await require_action_role(
        job_id, action="cancel", authority=authority, actor=actor, reason=reason, audit=audit
    )
    async with transaction() as conn:
        row = await _locked_job(conn, job_id)
        status = row["status"]
        if status in TERMINAL_STATUSES:
            raise Conflict(f"Job {job_id} already ended ({status}); nothing to cancel.")
        if status in ("pending", "awaiting_approval") and row["lease_owner"] is None:
            await conn.execute(
                """
                update job set status = 'cancelled', finished_at = now(), updated_at = now(),
                  cancel_requested_at = now(), cancel_requested_by = $2, cancel_reason = $3
                where id = $1
                """,
                job_id,
                actor.id,
                reason,
            )
            await conn.execute(
                "update job_step set status = 'cancelled' where job_id = $1 and status = 'pending'", job_id
            )
            await append_job_event(conn, job_id, "job.cancelled", {"status": "cancelled", "by": actor.id})
            new_status = "cancelled"
        elif status == "cancelling":
            new_status = status
        else:
            await conn.execute(
                """
                update job set status = 'cancelling', updated_at = now(), cancel_requested_at = now(),
                  cancel_requested_by = $2, cancel_reason = $3
                where id = $1
                """,
                job_id,
                actor.id,
                reason,
            )
            await append_job_event(conn, job_id, "job.cancelling", {"status": "cancelling", "by": actor.id})
            new_status = "cancelling"
        if new_status != status and kind is not None and kind.on_cancel is not None:
            attempts: int = await conn.fetchval(
                "select coalesce(sum(attempts), 0)::int from job_step where job_id = $1", job_id
            )
            await kind.on_cancel(
                CancelContext(
                    job_id=str(job_id),
                    params=msgspec.convert(decode_jsonb(row["params"]), kind.params_type),
                    from_status=status,
                    actor_id=actor.id,
                    actor_name=actor.name,
                    reason=reason,
                    attempts=attempts,
                )
            )
        await audit(
            actor_id=actor.id,
            actor_name=actor.name,
            action="job.cancel",
            target=f"job:{job_id}",
            reason=reason,
            details={"kind": row["kind"], "from": status, "to": new_status},
        )
        return await load_job_detail(conn, job_id)


async def approve_job(
    job_id: uuid.UUID, *, actor: Actor, reason: str, audit: AuditSink, authority: ActionAuthority
) -> JobDetail:
    """A second admin approves a job awaiting approval; it becomes claimable. Self-approval is 403,
    and so is approving a kind whose own role the approver does not hold."""
    await require_action_role(
        job_id, action="approve", authority=authority, actor=actor, reason=reason, audit=audit
    )
    async with transaction() as conn:
        row = await _locked_job(conn, job_id)
        if row["status"] != "awaiting_approval":
            raise Conflict(f"Job {job_id} is {row['status']}, not awaiting approval.")
        if row["created_by"] == actor.id:
            raise Forbidden("A job must be approved by someone other than the one who created it.")
        await conn.execute(
            """
            update job set status = 'pending', approved_by = $2, approved_by_name = $3,
              approved_at = now(), updated_at = now(), run_after = now()
            where id = $1
            """,
            job_id,
            actor.id,
            actor.name,
        )
        await append_job_event(conn, job_id, "job.approved", {"status": "pending", "by": actor.id})
        await audit(
            actor_id=actor.id,
            actor_name=actor.name,
            action="job.approve",
            target=f"job:{job_id}",
            reason=reason,
            details={"created_by": row["created_by"]},
        )
        return await load_job_detail(conn, job_id)
