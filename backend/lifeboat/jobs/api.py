"""Job routes: create (idempotent), plan, list, get, receipt, events (SSE), cancel, approve, engine.

Permissions are declared through ``lifeboat.core.authz`` (this package imports no domain); the
principal, the registry, the audit sink and the settings are injected by name (the app provides
them, ``lifeboat.dependencies``); the principal as a ``PrincipalLike``.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import msgspec
import structlog
from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, HeaderParameter, JSONBody, QueryParameter, SkipValidation
from litestar.response import ServerSentEvent, ServerSentEventMessage
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from lifeboat.core.authz import PrincipalLike, has_role, perm
from lifeboat.core.errors import Forbidden, Unprocessable, problem_responses
from lifeboat.core.pagination import CursorQuery
from lifeboat.core.text import FILTER_TEXT_PATTERN
from lifeboat.jobs import actions, queries, service
from lifeboat.jobs.definitions import KindRegistry
from lifeboat.jobs.metrics import EVENT_STREAMS
from lifeboat.jobs.models import (
    TERMINAL_STATUSES,
    EngineChange,
    EngineState,
    JobCreate,
    JobDetail,
    JobEventMessage,
    JobFilter,
    JobPage,
    JobPlan,
    JobReasonBody,
    Receipt,
)
from lifeboat.jobs.permissions import ENGINE_ADMIN, JOBS_READ, JOBS_RUN
from lifeboat.jobs.receipts import fetch_receipt
from lifeboat.settings import Settings
from lifeboat.store.objects import ObjectStore

if TYPE_CHECKING:
    # What the create and plan bodies are to the type checker; to Litestar, the union of the
    # registered kinds' create structs that ``job_controller`` puts in the signature namespace.
    JobCreateBody = JobCreate

log = structlog.get_logger(__name__)

IDEMPOTENT_REPLAYED_HEADER = "Idempotent-Replayed"
SSE_HEARTBEAT_S = 15.0
SSE_POLL_S = 0.25

Limit = Annotated[int | None, QueryParameter(ge=1, le=500, required=False, description="Page size.")]
CursorParam = CursorQuery
IdempotencyKey = Annotated[
    str,
    HeaderParameter(
        name="Idempotency-Key",
        min_length=1,
        max_length=255,
        description="Required. Same key + same request returns the original job.",
    ),
]
LastEventId = Annotated[
    str | None,
    HeaderParameter(name="Last-Event-ID", required=False, description="Resume after this event id."),
]


# Provided by the app (``lifeboat.dependencies``); trusted, so not validated.
Principal = NamedDependency[SkipValidation[PrincipalLike]]
Registry = NamedDependency[SkipValidation[KindRegistry]]
AuditSink = NamedDependency[SkipValidation[service.AuditSink]]
AppSettings = NamedDependency[SkipValidation[Settings]]


def _actor(principal: PrincipalLike) -> service.Actor:
    return service.Actor(id=principal.id, name=principal.name)


def _store(request: Request[Any, Any, Any]) -> ObjectStore:
    store: ObjectStore = request.app.state.store
    return store


def _authority(principal: PrincipalLike, registry: KindRegistry, environment: str) -> actions.ActionAuthority:
    """The registry and the caller's roles in this environment, for an action on an existing job."""
    return actions.ActionAuthority(
        registry=registry,
        environment=environment,
        holds_role=lambda role: has_role(principal, role, environment),
    )


def _require_kind_role(
    principal: PrincipalLike, registry: KindRegistry, environment: str, data: JobCreate
) -> None:
    kind = service.resolve_kind(registry, service.kind_name_of(data))
    if kind.external:
        raise Unprocessable(f"Job kind {kind.name!r} is external: it is created by its domain's API.")
    if not has_role(principal, kind.min_role, environment):
        raise Forbidden(f"Job kind {kind.name!r} needs the {kind.min_role} role in {environment!r}.")


class JobController(Controller):
    """The job routes; mounted through ``job_controller`` (which names the create body)."""

    path = "/api/v1/jobs"
    tags = ["jobs"]

    @post(
        "/",
        operation_id="create_job",
        summary="Create a job (Idempotency-Key required; 409 names the job holding the scope)",
        opt=perm(JOBS_RUN),
        status_code=HTTP_201_CREATED,
        responses={
            HTTP_200_OK: ResponseSpec(
                data_container=JobDetail,
                description="Replay of an earlier request with this Idempotency-Key: the original job "
                "(header Idempotent-Replayed: true)",
                generate_examples=False,
            ),
            **problem_responses(400, 401, 403, 409, 412, 422),
        },
    )
    async def create_job(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[JobCreateBody],
        idempotency_key: IdempotencyKey,
        principal: Principal,
        job_registry: Registry,
        job_audit: AuditSink,
        settings: AppSettings,
    ) -> Response[JobDetail]:
        _require_kind_role(principal, job_registry, settings.environment, data)
        created = await service.create_job(
            data,
            registry=job_registry,
            actor=_actor(principal),
            idempotency_key=idempotency_key,
            audit=job_audit,
            store=_store(request),
        )
        if created.replayed:
            return Response(
                created.detail, status_code=HTTP_200_OK, headers={IDEMPOTENT_REPLAYED_HEADER: "true"}
            )
        return Response(created.detail, status_code=HTTP_201_CREATED)

    @post(
        "/plan",
        operation_id="plan_job",
        summary="The deterministic plan of a job request (steps, what each touches, gates); creates nothing",
        opt=perm(JOBS_READ),
        status_code=HTTP_200_OK,
        responses=problem_responses(400, 401, 403, 503),
    )
    async def plan_job(self, data: JSONBody[JobCreateBody], job_registry: Registry) -> JobPlan:
        return await service.plan_job(data, job_registry)

    @get(
        "/",
        operation_id="list_jobs",
        summary="List jobs, newest first",
        opt=perm(JOBS_READ),
        responses=problem_responses(400, 401, 403, 422),
    )
    async def list_jobs(
        self,
        kind: Annotated[str | None, QueryParameter(required=False, pattern=FILTER_TEXT_PATTERN)] = None,
        status: Annotated[str | None, QueryParameter(required=False, pattern=FILTER_TEXT_PATTERN)] = None,
        lock_scope: Annotated[
            str | None,
            QueryParameter(
                name="scope", required=False, pattern=FILTER_TEXT_PATTERN, description="Lock scope."
            ),
        ] = None,
        created_by: Annotated[str | None, QueryParameter(required=False, pattern=FILTER_TEXT_PATTERN)] = None,
        since: Annotated[datetime | None, QueryParameter(required=False)] = None,
        correlation_id: Annotated[
            str | None,
            QueryParameter(
                required=False,
                max_length=128,
                pattern=FILTER_TEXT_PATTERN,
                description="Jobs created by requests of this correlation id.",
            ),
        ] = None,
        limit: Limit = None,
        cursor: CursorParam = None,
    ) -> JobPage:
        filters = JobFilter(
            kind=kind,
            status=status,
            scope=lock_scope,
            created_by=created_by,
            since=since,
            correlation_id=correlation_id,
        )
        return await queries.list_jobs(filters, limit=limit, cursor=cursor)

    @get(
        "/engine",
        operation_id="get_job_engine",
        summary="The job engine's state: paused or not, queue size",
        opt=perm(JOBS_READ),
        responses=problem_responses(401, 403),
    )
    async def get_engine(self) -> EngineState:
        return await queries.get_engine_state()

    @post(
        "/engine",
        operation_id="set_job_engine",
        summary="Pause or resume the job engine (a paused engine claims no mutating job)",
        opt=perm(ENGINE_ADMIN),
        status_code=HTTP_200_OK,
        responses=problem_responses(400, 401, 403),
    )
    async def set_engine(
        self, data: JSONBody[EngineChange], principal: Principal, job_audit: AuditSink
    ) -> EngineState:
        return await service.set_engine_paused(
            data.paused, actor=_actor(principal), reason=data.reason, audit=job_audit
        )

    @get(
        "/{job_id:uuid}",
        operation_id="get_job",
        summary="A job with its plan, steps, attempts and receipt link",
        opt=perm(JOBS_READ),
        responses=problem_responses(400, 401, 403, 404),
    )
    async def get_job(self, job_id: FromPath[uuid.UUID]) -> JobDetail:
        return await queries.get_job(job_id)

    @get(
        "/{job_id:uuid}/receipt",
        operation_id="get_job_receipt",
        summary="The receipt of a finished job (as stored in the object store)",
        opt=perm(JOBS_READ),
        media_type="application/json",
        responses={
            **problem_responses(400, 401, 403, 404, 409, 503),
            # served as stored (bytes), declared as what it is
            HTTP_200_OK: ResponseSpec(
                data_container=Receipt, description="The job's receipt", generate_examples=False
            ),
        },
    )
    async def get_receipt(
        self, request: Request[Any, Any, Any], job_id: FromPath[uuid.UUID]
    ) -> Response[bytes]:
        data = await fetch_receipt(job_id, _store(request))
        return Response(data, media_type="application/json")

    @get(
        "/{job_id:uuid}/events",
        operation_id="stream_job_events",
        summary="Server-Sent Events: every state change and step log line; resumable with Last-Event-ID",
        opt=perm(JOBS_READ),
        responses={
            **problem_responses(400, 401, 403, 404),
            HTTP_200_OK: ResponseSpec(
                data_container=JobEventMessage,
                media_type="text/event-stream",
                description="An event stream: one JobEventMessage per event (heartbeat comments between them)",
                generate_examples=False,
            ),
        },
    )
    async def stream_events(
        self, job_id: FromPath[uuid.UUID], settings: AppSettings, last_event_id: LastEventId = None
    ) -> ServerSentEvent:
        await queries.job_status(job_id)  # 404 before the stream starts
        after = int(last_event_id) if last_event_id and last_event_id.isdigit() else 0
        return ServerSentEvent(job_event_stream(job_id, after, heartbeat_s=settings.sse_heartbeat_s))

    @post(
        "/{job_id:uuid}/cancel",
        operation_id="cancel_job",
        summary="Cancel a job (cooperative: the running step is asked to stop; compensations run); "
        "needs the role that creates the job's kind (403 otherwise, audited)",
        opt=perm(JOBS_RUN),
        status_code=HTTP_200_OK,
        responses=problem_responses(400, 401, 403, 404, 409),
    )
    async def cancel_job(
        self,
        request: Request[Any, Any, Any],
        job_id: FromPath[uuid.UUID],
        data: JSONBody[JobReasonBody],
        principal: Principal,
        job_registry: Registry,
        job_audit: AuditSink,
        settings: AppSettings,
    ) -> JobDetail:
        return await actions.cancel_job(
            job_id,
            actor=_actor(principal),
            reason=data.reason,
            audit=job_audit,
            authority=_authority(principal, job_registry, settings.environment),
            store=_store(request),
        )

    @post(
        "/{job_id:uuid}/approve",
        operation_id="approve_job",
        summary="Approve a job awaiting approval (a second admin; self-approval is 403)",
        opt=perm(ENGINE_ADMIN),
        status_code=HTTP_200_OK,
        responses=problem_responses(400, 401, 403, 404, 409),
    )
    async def approve_job(
        self,
        job_id: FromPath[uuid.UUID],
        data: JSONBody[JobReasonBody],
        principal: Principal,
        job_registry: Registry,
        job_audit: AuditSink,
        settings: AppSettings,
    ) -> JobDetail:
        return await actions.approve_job(
            job_id,
            actor=_actor(principal),
            reason=data.reason,
            audit=job_audit,
            authority=_authority(principal, job_registry, settings.environment),
        )


def job_controller(create_body: Any) -> type[Controller]:
    """The jobs controller whose create and plan bodies are ``create_body``: the union of every
    registered kind's create struct (``lifeboat.jobs.kinds.create_union``), built by the
    composition root; this package knows no domain's kind."""
    return type("JobController", (JobController,), {"signature_namespace": {"JobCreateBody": create_body}})


async def job_event_stream(
    job_id: uuid.UUID, after: int, *, heartbeat_s: float = SSE_HEARTBEAT_S
) -> AsyncIterator[ServerSentEventMessage]:
    """Events after ``after`` until the job has ended and everything is sent; a heartbeat comment
    every ``heartbeat_s`` while idle (proxies keep the connection). Stops, releasing everything,
    when the client goes (the server cancels the stream); ``EVENT_STREAMS`` counts open ones."""
    last_sent = time.monotonic()
    EVENT_STREAMS.count += 1
    try:
        while True:
            status = await queries.job_status(job_id)
            events = await queries.list_job_events(job_id, after_seq=after)
            for event in events:
                after = event.seq
                yield ServerSentEventMessage(
                    data=msgspec.json.encode(event).decode(), event=event.type, id=str(event.seq)
                )
                last_sent = time.monotonic()
            if not events and status in TERMINAL_STATUSES:
                return
            if time.monotonic() - last_sent >= heartbeat_s:
                yield ServerSentEventMessage(comment="heartbeat", data=None)
                last_sent = time.monotonic()
            if not events:
                await asyncio.sleep(SSE_POLL_S)
    finally:
        EVENT_STREAMS.count -= 1
        log.debug("job_event_stream_closed", job_id=str(job_id), last_seq=after)
