"""Restore runs, evidence and verification routes (restore consumers write their own runs;
viewers read every run)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, patch, post
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import OpenAPIFormat, OpenAPIMediaType, OpenAPIType, Operation, RequestBody, Schema
from litestar.params import FromPath, HeaderParameter, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from lifeboat.core.authz import perm
from lifeboat.core.errors import Unprocessable, problem_responses
from lifeboat.core.http_security import SANDBOX_CSP
from lifeboat.restore.catalog.models import GroupName, ServerName
from lifeboat.restore.health.jobs import ALERT_DELIVERY
from lifeboat.restore.http import (
    IDEMPOTENT_REPLAYED_HEADER,
    AppSettings,
    Caller,
    CursorParam,
    Limit,
    Registry,
    Store,
    registered_kind,
)
from lifeboat.restore.permissions import RESTORE_CONSUME, RUNS_READ
from lifeboat.restore.runs import detail as run_reads
from lifeboat.restore.runs import evidence as evidence_service
from lifeboat.restore.runs import service, verification
from lifeboat.restore.runs.evidence import PayloadTooLarge
from lifeboat.restore.runs.jobs import RESTORE_RUN
from lifeboat.restore.runs.models import (
    Evidence,
    RestoreRunDetail,
    RestoreRunOpen,
    RestoreRunPage,
    RestoreRunPatch,
    RunStatus,
    VerificationReport,
)

_MULTIPART = "multipart/form-data"
#: Room for the multipart envelope around the evidence file.
_MULTIPART_SLACK = 64 * 1024

IdempotencyKey = Annotated[
    str,
    HeaderParameter(
        name="Idempotency-Key",
        min_length=1,
        max_length=255,
        description="Required. Same key + same request returns the original run.",
    ),
]


async def accept_evidence_body(request: Request[Any, Any, Any]) -> None:
    """The evidence route takes the evidence media types or multipart/form-data (whose file part
    is checked once parsed); anything else is refused with 415 before the body is read."""
    content_type = request.headers.get("content-type", "")
    if content_type.split(";")[0].strip().lower() != _MULTIPART:
        evidence_service.evidence_media_type(content_type)


async def _read_capped(request: Request[Any, Any, Any], cap: int) -> bytes:
    """The request body, refused with 413 as soon as it passes ``cap`` bytes."""
    announced = request.headers.get("content-length")
    if announced is not None and announced.isdigit() and int(announced) > cap:
        raise PayloadTooLarge(f"Evidence is limited to {cap} bytes (LIFEBOAT_RESTORE_EVIDENCE_MAX_BYTES).")
    chunks: list[bytes] = []
    total = 0
    async for chunk in request.stream():
        total += len(chunk)
        if total > cap:
            raise PayloadTooLarge(
                f"Evidence is limited to {cap} bytes (LIFEBOAT_RESTORE_EVIDENCE_MAX_BYTES)."
            )
        chunks.append(chunk)
    return b"".join(chunks)


@dataclass
class EvidenceUploadOperation(Operation):
    """Documents the evidence body, which the handler streams itself (so the cap holds)."""

    def __post_init__(self) -> None:
        binary = Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY)
        self.request_body = RequestBody(
            required=True,
            description=(
                "The evidence bytes, sent with their own content type: application/json, text/plain "
                "or application/octet-stream (anything else, or none, is 415). multipart/form-data "
                "with a part named 'file' of one of those types is also accepted; it is not declared "
                "here because one operation with two body media types breaks generated clients "
                "(openapi-python-client emits code that does not import)."
            ),
            content={"application/octet-stream": OpenAPIMediaType(schema=binary)},
        )


class RestoreRunController(Controller):
    path = "/api/v1/restore/runs"
    tags = ["restore"]

    @post(
        "/",
        operation_id="open_restore_run",
        summary="Open a restore run for an item of the caller's worklist (Idempotency-Key required)",
        description=(
            "Creates the run and its external restore.run job (timeline at /api/v1/jobs/{job_id}). "
            "403 when no enabled declaration of the caller covers the server/type/intent; 422 when "
            "declaration_id is not the one the worklist names or snapshot_id is not a successful "
            "backup reported for the server and type. Same key + same body: the original "
            "run (200, Idempotent-Replayed: true); same key + different body: 422."
        ),
        opt=perm(RESTORE_CONSUME),
        status_code=HTTP_201_CREATED,
        responses={
            HTTP_200_OK: ResponseSpec(
                data_container=RestoreRunDetail,
                description="Replay of an earlier request with this Idempotency-Key: the original run",
                generate_examples=False,
            ),
            **problem_responses(400, 401, 403, 422),
        },
    )
    async def open_run(
        self,
        principal: Caller,
        settings: AppSettings,
        job_registry: Registry,
        data: JSONBody[RestoreRunOpen],
        idempotency_key: IdempotencyKey,
    ) -> Response[RestoreRunDetail]:
        opened = await service.open_run(
            data,
            principal=principal,
            idempotency_key=idempotency_key,
            environment=settings.environment,
            run_kind=registered_kind(job_registry, RESTORE_RUN),
        )
        if opened.replayed:
            return Response(
                opened.detail, status_code=HTTP_200_OK, headers={IDEMPOTENT_REPLAYED_HEADER: "true"}
            )
        return Response(opened.detail, status_code=HTTP_201_CREATED)

    @get(
        "/",
        operation_id="list_restore_runs",
        summary="List restore runs, newest first (a consumer sees only its own)",
        opt=perm(RUNS_READ),
        responses=problem_responses(400, 401, 403, 422),
    )
    async def list_runs(
        self,
        principal: Caller,
        settings: AppSettings,
        server: Annotated[ServerName | None, QueryParameter(required=False)] = None,
        group: Annotated[GroupName | None, QueryParameter(required=False)] = None,
        status: Annotated[RunStatus | None, QueryParameter(required=False)] = None,
        limit: Limit = None,
        cursor: CursorParam = None,
    ) -> RestoreRunPage:
        return await run_reads.list_runs(
            principal=principal,
            environment=settings.environment,
            server=server,
            group=group,
            status=status,
            limit=limit,
            cursor=cursor,
        )

    @get(
        "/{run_id:str}",
        operation_id="get_restore_run",
        summary="One restore run, decision first: decision, run, job_id, evidence, verification",
        opt=perm(RUNS_READ),
        responses=problem_responses(400, 401, 403, 404),
    )
    async def get_run(
        self, principal: Caller, settings: AppSettings, run_id: FromPath[str]
    ) -> RestoreRunDetail:
        return await run_reads.get_run(run_id, principal=principal, environment=settings.environment)

    @patch(
        "/{run_id:str}",
        operation_id="update_restore_run",
        summary="Report a run's status (running, succeeded, failed, cancelled), counts and message",
        opt=perm(RESTORE_CONSUME),
        status_code=HTTP_200_OK,
        responses=problem_responses(400, 401, 403, 404, 409),
    )
    async def update_run(
        self,
        principal: Caller,
        settings: AppSettings,
        job_registry: Registry,
        store: Store,
        run_id: FromPath[str],
        data: JSONBody[RestoreRunPatch],
    ) -> RestoreRunDetail:
        return await service.patch_run(
            run_id,
            data,
            principal=principal,
            environment=settings.environment,
            run_kind=registered_kind(job_registry, RESTORE_RUN),
            store=store,
        )

    @post(
        "/{run_id:str}/evidence",
        operation_id="upload_restore_evidence",
        summary="Upload evidence for a run (raw body, or multipart/form-data with a part named 'file')",
        description=(
            "Stored in the object store at evidence/<run id>/<sha256>; states queued -> generating -> "
            "active, and the run's previous active evidence becomes superseded. The same bytes again "
            "return the stored evidence (200). Larger than LIFEBOAT_RESTORE_EVIDENCE_MAX_BYTES "
            "(default 10 MiB): 413. A run whose job has ended takes no more evidence (409). Only "
            "application/json, text/plain and application/octet-stream are stored; any other type "
            "(text/html, image/svg+xml, ...), also as a multipart part, or none is 415 and nothing "
            "is stored."
        ),
        opt=perm(RESTORE_CONSUME),
        status_code=HTTP_201_CREATED,
        request_max_body_size=None,  # capped by the handler against the setting (413 problem)
        operation_class=EvidenceUploadOperation,
        before_request=accept_evidence_body,
        responses={
            HTTP_200_OK: ResponseSpec(
                data_container=Evidence,
                description="These bytes were already stored",
                generate_examples=False,
            ),
            **problem_responses(400, 401, 403, 404, 409, 413, 415, 422, 503),
        },
    )
    async def upload_evidence(
        self,
        request: Request[Any, Any, Any],
        principal: Caller,
        settings: AppSettings,
        job_registry: Registry,
        store: Store,
        run_id: FromPath[str],
    ) -> Response[Evidence]:
        # the body is streamed here (not declared as a parameter) so the cap holds while reading
        cap = settings.restore_evidence_max_bytes
        content_type = request.headers.get("content-type", "")
        media_type = content_type.split(";")[0].strip().lower()
        if media_type == _MULTIPART:
            body = await _read_capped(request, cap + _MULTIPART_SLACK)
            payload, media_type = evidence_service.evidence_from_multipart(body, content_type)
            media_type = evidence_service.evidence_media_type(media_type)
            if len(payload) > cap:
                raise PayloadTooLarge(
                    f"Evidence is limited to {cap} bytes (LIFEBOAT_RESTORE_EVIDENCE_MAX_BYTES)."
                )
        else:
            media_type = evidence_service.evidence_media_type(media_type)
            payload = await _read_capped(request, cap)
        if not payload:
            raise Unprocessable("The evidence is empty.")  # well-formed, but nothing to keep
        stored = await evidence_service.add_evidence(
            run_id,
            payload,
            media_type,
            principal=principal,
            run_kind=registered_kind(job_registry, RESTORE_RUN),
            store=store,
        )
        return Response(stored.evidence, status_code=HTTP_201_CREATED if stored.created else HTTP_200_OK)

    @get(
        "/{run_id:str}/evidence",
        operation_id="list_restore_evidence",
        summary="A run's evidence snapshots, newest first",
        opt=perm(RUNS_READ),
        responses=problem_responses(400, 401, 403, 404),
    )
    async def list_evidence(
        self, principal: Caller, settings: AppSettings, run_id: FromPath[str]
    ) -> list[Evidence]:
        return await evidence_service.list_evidence(
            run_id, principal=principal, environment=settings.environment
        )

    @get(
        "/{run_id:str}/evidence/{evidence_id:str}/content",
        operation_id="get_restore_evidence_content",
        summary="The stored bytes of one evidence snapshot (header X-Content-SHA256)",
        description=(
            "Always a download: Content-Disposition: attachment, X-Content-Type-Options: nosniff, "
            "Content-Security-Policy: sandbox, and the stored type only when it is application/json, "
            "text/plain or application/octet-stream (otherwise application/octet-stream). Read it "
            "with fetch; never navigate a browser to it."
        ),
        opt=perm(RUNS_READ),
        responses={
            HTTP_200_OK: ResponseSpec(
                data_container=bytes,
                media_type="application/octet-stream",
                description="The evidence bytes, as uploaded (served as an attachment)",
                generate_examples=False,
            ),
            **problem_responses(400, 401, 403, 404, 503),
        },
    )
    async def get_evidence_content(
        self,
        principal: Caller,
        settings: AppSettings,
        store: Store,
        run_id: FromPath[str],
        evidence_id: FromPath[str],
    ) -> Response[bytes]:
        evidence, data = await evidence_service.evidence_content(
            run_id,
            evidence_id,
            principal=principal,
            environment=settings.environment,
            store=store,
        )
        media_type = evidence_service.served_evidence_type(evidence.content_type)
        # Consumer-written bytes: a download in an opaque, script-less origin, never a page of ours.
        return Response(
            data,
            media_type=f"{media_type}; charset=utf-8" if media_type == "text/plain" else media_type,
            headers={
                "X-Content-SHA256": evidence.sha256,
                "ETag": f'"{evidence.sha256}"',
                "Content-Disposition": f'attachment; filename="{evidence_service.evidence_file_name(evidence)}"',
                "Content-Security-Policy": SANDBOX_CSP,
                "X-Content-Type-Options": "nosniff",
                "Cache-Control": "private, no-cache",
            },
        )

    @post(
        "/{run_id:str}/verification",
        operation_id="report_restore_verification",
        summary="Report the verification outcome of a finished run (closes the loop, feeds restore health)",
        description=(
            "The run must have been reported succeeded or failed (409 otherwise). Ends the run's job "
            "(succeeded only when the run succeeded and the outcome is success) and raises or clears "
            "the server's restore alerts. The same report again is a 200 replay; a different one 409. "
            "422 when snapshot_id is not the run's snapshot (a reported backup of its server and "
            "type), or a time is more than 5 minutes after the server's clock or before the run was "
            "opened (5 minutes' skew allowed). Health is ordered and aged by the server's recorded_at."
        ),
        opt=perm(RESTORE_CONSUME),
        status_code=HTTP_201_CREATED,
        responses={
            HTTP_200_OK: ResponseSpec(
                data_container=RestoreRunDetail,
                description="Replay of the recorded outcome",
                generate_examples=False,
            ),
            **problem_responses(400, 401, 403, 404, 409, 422),
        },
    )
    async def report_verification(
        self,
        principal: Caller,
        settings: AppSettings,
        job_registry: Registry,
        store: Store,
        run_id: FromPath[str],
        data: JSONBody[VerificationReport],
    ) -> Response[RestoreRunDetail]:
        detail, created = await verification.record_verification(
            run_id,
            data,
            principal=principal,
            environment=settings.environment,
            run_kind=registered_kind(job_registry, RESTORE_RUN),
            delivery_kind=registered_kind(job_registry, ALERT_DELIVERY),
            store=store,
        )
        return Response(detail, status_code=HTTP_201_CREATED if created else HTTP_200_OK)
