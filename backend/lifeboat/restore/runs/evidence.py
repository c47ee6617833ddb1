"""Restore run evidence: stored in the object store under ``evidence/<run id>/<sha256>``
(queued -> generating -> active; the previous active snapshot superseded), listed, and served
back checked against its sha256. Only data media types are stored or served."""

from __future__ import annotations

import hashlib
import uuid
from email.parser import BytesParser
from email.policy import HTTP

from lifeboat.core.authz import PrincipalLike
from lifeboat.core.errors import (
    Conflict,
    DomainError,
    FieldError,
    InvalidInput,
    NotFound,
    Unavailable,
)
from lifeboat.core.ids import new_id
from lifeboat.db.access import transaction
from lifeboat.jobs import external
from lifeboat.jobs.definitions import JobKind
from lifeboat.restore.runs.access import (
    audit_run,
    own_run,
    parse_run_id,
    to_evidence,
    visible_run,
)
from lifeboat.restore.runs.models import (
    Evidence,
    StoredEvidence,
)
from lifeboat.store.objects import ObjectStore, ObjectStoreError


class PayloadTooLarge(DomainError):
    status_code = 413
    code = "payload-too-large"
    title = "Request body too large"


class UnsupportedEvidenceType(DomainError):
    status_code = 415
    code = "unsupported-media-type"
    title = "Unsupported media type"


#: The only media types evidence is stored and served with: data, never a page a browser runs
#: (text/html, image/svg+xml and the like are refused with 415).
EVIDENCE_MEDIA_TYPES: frozenset[str] = frozenset(
    {"application/json", "text/plain", "application/octet-stream"}
)


def evidence_key(run_id: uuid.UUID | str, sha256: str) -> str:
    """Where a run's evidence lives in the object store."""
    return f"evidence/{run_id}/{sha256}"


def evidence_media_type(content_type: str | None) -> str:
    """The bare media type of an evidence upload (parameters dropped, lower case); 415 unless it
    is one of EVIDENCE_MEDIA_TYPES (a missing type included)."""
    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type not in EVIDENCE_MEDIA_TYPES:
        allowed = ", ".join(sorted(EVIDENCE_MEDIA_TYPES))
        raise UnsupportedEvidenceType(
            f"Evidence is stored only as {allowed} (got {media_type[:100] or 'no content type'})."
        )
    return media_type


def served_evidence_type(stored: str) -> str:
    """The type evidence is served with: its stored type when allowed, else application/octet-stream
    (rows stored before uploads were restricted may name anything)."""
    media_type = stored.split(";")[0].strip().lower()
    return media_type if media_type in EVIDENCE_MEDIA_TYPES else "application/octet-stream"


def evidence_file_name(evidence: Evidence) -> str:
    """The download name of an evidence snapshot: its id and an extension for its served type."""
    extension = {"application/json": "json", "text/plain": "txt"}.get(
        served_evidence_type(evidence.content_type), "bin"
    )
    return f"evidence-{evidence.id}.{extension}"


def evidence_from_multipart(body: bytes, content_type: str) -> tuple[bytes, str]:
    """The file part of a multipart/form-data body (the part named ``file``, else the first
    part with a filename) and its declared content type ("" when the part declares none)."""
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    )
    if not message.is_multipart():
        raise InvalidInput("The multipart body could not be parsed.")
    chosen = None
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if name == "file":
            chosen = part
            break
        if chosen is None and part.get_filename():
            chosen = part
    if chosen is None:
        raise InvalidInput(
            "Send the evidence as the multipart part named 'file'.",
            errors=[FieldError(field="file", message="missing")],
        )
    payload = chosen.get_payload(decode=True)
    data = payload if isinstance(payload, bytes) else b""
    # get_content_type() would answer text/plain for a part without one; a missing type is refused.
    return data, chosen.get_content_type() if chosen.get("content-type") else ""


async def add_evidence(
    run_id_text: str,
    data: bytes,
    content_type: str,
    *,
    principal: PrincipalLike,
    run_kind: JobKind,
    store: ObjectStore,
) -> StoredEvidence:
    """Store evidence for the caller's run: queued -> generating (uploading) -> active; the
    previous active snapshot becomes superseded. The same bytes again return the stored one.
    Only EVIDENCE_MEDIA_TYPES are stored (415 otherwise, nothing written)."""
    content_type = evidence_media_type(content_type)
    run_id = parse_run_id(run_id_text)
    sha256 = hashlib.sha256(data).hexdigest()
    key = evidence_key(run_id, sha256)
    async with transaction() as conn:
        run = await own_run(conn, run_id, principal)
        existing = await conn.fetchrow(
            "select * from restore_evidence where run = $1 and sha256 = $2", run_id, sha256
        )
        if existing is not None and existing["state"] in ("active", "superseded"):
            return StoredEvidence(evidence=to_evidence(existing), created=False)
        job_status = await external.job_status(conn, run["job_id"])
        if job_status != "running":
            raise Conflict(f"Restore run {run_id} is closed ({run['status']}); it takes no more evidence.")
        if existing is None:
            evidence_id = new_id()
            await conn.execute(
                """
                insert into restore_evidence (id, run, job_id, state, sha256, size_bytes, content_type,
                  object_key, uploaded_by, created_at, updated_at)
                values ($1, $2, $3, 'queued', $4, $5, $6, $7, $8, now(), now())
                """,
                evidence_id,
                run_id,
                run["job_id"],
                sha256,
                len(data),
                content_type,
                key,
                principal.id,
            )
            await external.start_step(conn, run["job_id"], "evidence", kind=run_kind)
        else:
            evidence_id = existing["id"]
    async with transaction() as conn:
        await conn.execute(
            "update restore_evidence set state = 'generating', updated_at = now() where id = $1 and state = 'queued'",
            evidence_id,
        )
    try:
        await store.put_bytes(key, data, content_type=content_type)
    except ObjectStoreError as exc:
        raise Unavailable("The object store did not take the evidence; send it again.") from exc
    async with transaction() as conn:
        run = await own_run(conn, run_id, principal)
        row = await conn.fetchrow("select * from restore_evidence where id = $1 for update", evidence_id)
        assert row is not None
        if row["state"] != "active":
            await conn.execute(
                """
                update restore_evidence set state = 'superseded', updated_at = now()
                where run = $1 and state = 'active'
                """,
                run_id,
            )
            await conn.execute(
                "update restore_evidence set state = 'active', updated_at = now() where id = $1", evidence_id
            )
            if await external.job_status(conn, run["job_id"]) == "running":
                await external.append_log(
                    conn,
                    run["job_id"],
                    f"evidence {sha256} stored ({len(data)} bytes)",
                    kind=run_kind,
                    step_name="evidence",
                    evidence_id=str(evidence_id),
                    sha256=sha256,
                )
                await external.finish_step(
                    conn,
                    run["job_id"],
                    "evidence",
                    kind=run_kind,
                    outcome="succeeded",
                    output={"evidence_id": str(evidence_id), "sha256": sha256},
                )
            await audit_run(
                principal,
                "restore.run.evidence",
                run_id,
                {"evidence_id": str(evidence_id), "sha256": sha256, "size_bytes": len(data)},
            )
        row = await conn.fetchrow("select * from restore_evidence where id = $1", evidence_id)
        assert row is not None
    return StoredEvidence(evidence=to_evidence(row), created=True)


async def list_evidence(run_id_text: str, *, principal: PrincipalLike, environment: str) -> list[Evidence]:
    """A run's evidence snapshots, newest first."""
    run_id = parse_run_id(run_id_text)
    async with transaction() as conn:
        await visible_run(conn, run_id, principal, environment)
        rows = await conn.fetch(
            "select * from restore_evidence where run = $1 order by created_at desc, id desc", run_id
        )
    return [to_evidence(r) for r in rows]


async def evidence_content(
    run_id_text: str, evidence_id_text: str, *, principal: PrincipalLike, environment: str, store: ObjectStore
) -> tuple[Evidence, bytes]:
    """The stored bytes of one evidence snapshot (checked against its sha256)."""
    run_id = parse_run_id(run_id_text)
    try:
        evidence_id = uuid.UUID(evidence_id_text)
    except ValueError as exc:
        raise NotFound(f"No evidence {evidence_id_text} in run {run_id}.") from exc
    async with transaction() as conn:
        await visible_run(conn, run_id, principal, environment)
        row = await conn.fetchrow(
            "select * from restore_evidence where id = $1 and run = $2 and state in ('active', 'superseded')",
            evidence_id,
            run_id,
        )
    if row is None:
        raise NotFound(f"No evidence {evidence_id} in run {run_id}.")
    try:
        data = await store.get_bytes(row["object_key"])
    except ObjectStoreError as exc:
        raise Unavailable("The object store could not be read; try again.") from exc
    if data is None or hashlib.sha256(data).hexdigest() != row["sha256"]:
        raise Unavailable(f"The stored evidence {evidence_id} is missing or does not match its sha256.")
    return to_evidence(row), data
