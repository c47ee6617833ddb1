"""The reference restore agent (``lifeboat agent restore``), built only on the generated client.

It is what an outside restore consumer would write from the published contract alone
(docs/protocols/restore-agent.md): register capabilities, poll the worklist with ETag, and for
each item with a snapshot open a run (an Idempotency-Key derived from declaration, server and
snapshot, so a restart resumes the same run instead of opening another), get short-lived
read-only credentials, prove them against the S3 repository (list the prefix, read a small
object, check that listing outside the prefix is refused), upload a JSON evidence report and
post the verification. It imports ``lifeboat_client`` and third-party packages only (an
import-linter contract checks it), and it never logs a credential, a password or its token.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

import click
import httpx
import structlog

from lifeboat_client import AuthenticatedClient
from lifeboat_client.api.restore import (
    get_restore_worklist,
    issue_restore_credentials,
    open_restore_run,
    register_restore_capabilities,
    report_restore_verification,
    update_restore_run,
)
from lifeboat_client.models.capability import Capability
from lifeboat_client.models.capability_registration import CapabilityRegistration
from lifeboat_client.models.consumer import Consumer
from lifeboat_client.models.evidence import Evidence
from lifeboat_client.models.problem import Problem
from lifeboat_client.models.restore_credentials import RestoreCredentials
from lifeboat_client.models.restore_credentials_request import RestoreCredentialsRequest
from lifeboat_client.models.restore_run_counts import RestoreRunCounts
from lifeboat_client.models.restore_run_detail import RestoreRunDetail
from lifeboat_client.models.restore_run_open import RestoreRunOpen
from lifeboat_client.models.restore_run_patch import RestoreRunPatch
from lifeboat_client.models.restore_run_patch_status_type_0 import RestoreRunPatchStatusType0
from lifeboat_client.models.verification_report import VerificationReport
from lifeboat_client.models.verification_report_details_type_0 import VerificationReportDetailsType0
from lifeboat_client.models.verification_report_outcome import VerificationReportOutcome
from lifeboat_client.models.worklist import Worklist
from lifeboat_client.models.worklist_item import WorklistItem
from lifeboat_client.types import UNSET, Response

log = structlog.get_logger("lifeboat.agent.restore")
T = TypeVar("T")

AGENT_NAME = "lifeboat-reference-restore-agent"
TOKEN_ENV = "LIFEBOAT_AGENT_TOKEN"
#: What the probe reads of one object at most (a small proof, not a restore of the repository).
READ_MAX_BYTES = 64 * 1024
#: Listing stops after this many objects (the count is then a lower bound, ``truncated``).
LIST_MAX_OBJECTS = 10_000
TERMINAL = frozenset({"succeeded", "failed", "cancelled"})


def agent_version() -> str:
    """``lifeboat-reference-restore-agent/<installed version>``."""
    try:
        version = metadata.version("lifeboat")
    except metadata.PackageNotFoundError:
        version = "0+unknown"
    return f"{AGENT_NAME}/{version}"


class AgentError(RuntimeError):
    """Lifeboat answered a call in a way the agent cannot go on from (the message names the call,
    the status and the problem type and detail; never a secret)."""

    def __init__(self, call: str, status: int, problem: Problem | None = None) -> None:
        self.call = call
        self.status = status
        self.problem_type = problem.type_ if problem is not None else None
        detail = f": {problem.type_}: {problem.detail}" if problem is not None else ""
        super().__init__(f"{call} answered {status}{detail}")


@dataclass(frozen=True)
class AgentConfig:
    """What the agent talks to and what it says it can do."""

    url: str
    token: str = field(repr=False)
    intents: tuple[str, ...] = ("verify",)
    backup_types: tuple[str, ...] = ("postgres", "files")
    evidence_dir: Path | None = None
    timeout_s: float = 30.0


@dataclass
class AgentState:
    """What the agent remembers between cycles of one process: the worklist's ETag and items,
    and the runs it finished (by idempotency key), so that a 304 costs nothing."""

    etag: str | None = None
    items: list[WorklistItem] = field(default_factory=list)
    finished: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class ItemOutcome:
    """What one worklist item came to in a cycle."""

    server: str
    backup_type: str
    intent: str
    snapshot_id: str | None
    result: str  # succeeded | failed | already-done | no-snapshot | deferred | withdrawn | error
    run_id: str | None = None
    evidence_sha256: str | None = None
    detail: str = ""


@dataclass(frozen=True)
class CycleReport:
    """One cycle: whether the worklist changed (200) or not (304), and each item's outcome."""

    worklist_changed: bool
    items: list[ItemOutcome]

    @property
    def ok(self) -> bool:
        """True when no item failed, erred or had to be deferred."""
        return all(item.result not in ("failed", "deferred", "error") for item in self.items)

    def to_json(self) -> dict[str, Any]:
        return {
            "worklist_changed": self.worklist_changed,
            "items": [item.__dict__ for item in self.items],
        }


def idempotency_key(item: WorklistItem, snapshot_id: str) -> str:
    """One key per (declaration, server, backup type, intent, snapshot): a restarted agent
    replays the run it opened before instead of opening a second one."""
    material = "\n".join((item.declaration_id, item.server, item.backup_type, item.intent, snapshot_id))
    return "restore-agent-" + hashlib.sha256(material.encode()).hexdigest()[:40]


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _expect(response: Response[Any], call: str, wanted: type[T], *statuses: int) -> T:
    """The parsed body when the status is one of ``statuses`` and of type ``wanted``; else AgentError."""
    parsed = response.parsed
    if int(response.status_code) in statuses and isinstance(parsed, wanted):
        return parsed
    raise AgentError(call, int(response.status_code), parsed if isinstance(parsed, Problem) else None)


# --- the S3 probe: what "restore" means for the reference agent -------------------------------


async def probe_repository(credentials: RestoreCredentials) -> dict[str, Any]:
    """Use the issued credentials against the repository: list the prefix, read the start of one
    object (``config`` when the repository has one, else the first key), and check that listing
    outside the prefix is refused. Returns the checks (counts, timings, sha256; no secret)."""
    import aioboto3  # heavy: imported when a probe runs
    from aiobotocore.config import AioConfig
    from botocore.exceptions import BotoCoreError, ClientError

    repo = credentials.repository
    prefix = repo.prefix.strip("/")
    issued = credentials.credentials
    session = aioboto3.Session()
    config = AioConfig(
        s3={"addressing_style": "path"},
        retries={"max_attempts": 2, "mode": "standard"},
        connect_timeout=5,
        read_timeout=15,
    )

    def failure(exc: Exception) -> str:
        if isinstance(exc, ClientError):
            return str(exc.response.get("Error", {}).get("Code") or "ClientError")
        return type(exc).__name__

    listing: dict[str, Any] = {"ok": False, "objects": 0, "bytes": 0, "truncated": False, "pages": 0}
    read: dict[str, Any] = {"ok": False}
    outside: dict[str, Any] = {"ok": False}
    keys: list[tuple[str, int]] = []
    async with session.client(
        "s3",
        endpoint_url=repo.endpoint or None,
        region_name=repo.region or None,
        aws_access_key_id=issued.access_key_id,
        aws_secret_access_key=issued.secret_access_key,
        aws_session_token=issued.session_token,
        config=config,
    ) as s3:
        started = time.monotonic()
        try:
            token: str | None = None
            while True:
                kwargs: dict[str, Any] = {"Bucket": repo.bucket, "Prefix": f"{prefix}/", "MaxKeys": 1000}
                if token:
                    kwargs["ContinuationToken"] = token
                page = await s3.list_objects_v2(**kwargs)
                listing["pages"] += 1
                for entry in page.get("Contents", []):
                    keys.append((str(entry["Key"]), int(entry.get("Size", 0))))
                token = page.get("NextContinuationToken") if page.get("IsTruncated") else None
                if token is None:
                    break
                if len(keys) >= LIST_MAX_OBJECTS:
                    listing["truncated"] = True
                    break
            listing.update(ok=True, objects=len(keys), bytes=sum(size for _, size in keys))
        except (ClientError, BotoCoreError, OSError) as exc:
            listing["error"] = failure(exc)
        listing["seconds"] = round(time.monotonic() - started, 3)

        if listing["ok"] and not keys:
            read = {"ok": True, "skipped": "no object under the prefix"}
        elif keys:
            chosen = next((k for k in keys if k[0] == f"{prefix}/config"), keys[0])
            started = time.monotonic()
            try:
                got = await s3.get_object(
                    Bucket=repo.bucket, Key=chosen[0], Range=f"bytes=0-{READ_MAX_BYTES - 1}"
                )
                async with got["Body"] as body:
                    data: bytes = await body.read()
                read = {
                    "ok": True,
                    "key": chosen[0],
                    "object_size": chosen[1],
                    "bytes_read": len(data),
                    "sha256": hashlib.sha256(data).hexdigest(),
                }
            except (ClientError, BotoCoreError, OSError) as exc:
                read = {"ok": False, "key": chosen[0], "error": failure(exc)}
            read["seconds"] = round(time.monotonic() - started, 3)

        # The credentials are scoped to the prefix: the bucket's root must be refused.
        try:
            await s3.list_objects_v2(Bucket=repo.bucket, MaxKeys=1)
            outside = {"ok": False, "error": "listing outside the repository prefix was allowed"}
        except ClientError as exc:
            code = failure(exc)
            outside = {"ok": code == "AccessDenied", "error_code": code}
        except (BotoCoreError, OSError) as exc:
            outside = {"ok": False, "error": failure(exc)}
    return {"list_prefix": listing, "read_object": read, "outside_prefix_refused": outside}


# --- one worklist item ------------------------------------------------------------------------


class RestoreAgent:
    """One agent: a Lifeboat client, its configuration and what it remembers between cycles."""

    def __init__(
        self, config: AgentConfig, client: AuthenticatedClient, state: AgentState | None = None
    ) -> None:
        self.config = config
        self.client = client
        self.state = state or AgentState()

    async def register(self) -> Consumer:
        """Register the configured intents x backup types (replace semantics)."""
        body = CapabilityRegistration(
            agent_version=agent_version(),
            capabilities=[
                Capability(intent=intent, backup_types=list(self.config.backup_types))
                for intent in self.config.intents
            ],
        )
        response = await register_restore_capabilities.asyncio_detailed(client=self.client, body=body)
        return _expect(response, "POST /api/v1/restore/capabilities", Consumer, 200)

    async def pull_worklist(self) -> bool:
        """Refresh the worklist (If-None-Match); False when it did not change (304)."""
        response = await get_restore_worklist.asyncio_detailed(
            client=self.client, if_none_match=self.state.etag or UNSET
        )
        if int(response.status_code) == 304:
            return False
        worklist = _expect(response, "GET /api/v1/restore/worklist", Worklist, 200)
        self.state.etag = response.headers.get("etag")
        self.state.items = list(worklist.items)
        return True

    async def cycle(self) -> CycleReport:
        """One cycle: register, pull the worklist, work every item that has a snapshot."""
        await self.register()
        changed = await self.pull_worklist()
        outcomes = []
        for item in self.state.items:
            try:
                outcomes.append(await self.work(item))
            except AgentError as exc:  # one item's refusal does not stop the others
                log.warning(
                    "restore_agent_item_error", server=item.server, intent=item.intent, error=str(exc)
                )
                snapshot_id = item.snapshot.id if item.snapshot is not None else None
                outcomes.append(self._outcome(item, snapshot_id, "error", detail=str(exc)))
        report = CycleReport(worklist_changed=changed, items=outcomes)
        log.info(
            "restore_agent_cycle",
            worklist_changed=changed,
            items=len(outcomes),
            results={o.result: sum(1 for x in outcomes if x.result == o.result) for o in outcomes},
        )
        return report

    async def work(self, item: WorklistItem) -> ItemOutcome:
        """Open (or resume) the run of one item, restore, report evidence and verification."""
        snapshot = item.snapshot
        if snapshot is None:
            return self._outcome(item, None, "no-snapshot", detail=item.snapshot_missing_reason or "")
        key = idempotency_key(item, snapshot.id)
        if key in self.state.finished:
            return self._outcome(item, snapshot.id, "already-done", detail="finished earlier by this agent")
        opened = await open_restore_run.asyncio_detailed(
            client=self.client,
            idempotency_key=key,
            body=RestoreRunOpen(
                declaration_id=item.declaration_id,
                server=item.server,
                backup_type=item.backup_type,
                intent=item.intent,
                snapshot_id=snapshot.id,
            ),
        )
        detail = _expect(opened, "POST /api/v1/restore/runs", RestoreRunDetail, 200, 201)
        run_id = detail.run.id
        bound = log.bind(run_id=run_id, server=item.server, backup_type=item.backup_type, intent=item.intent)
        status = str(detail.run.status)
        if detail.verification is not None or status == "cancelled":
            self.state.finished.add(key)
            return self._outcome(item, snapshot.id, "already-done", run_id=run_id, detail=f"run is {status}")
        if status in TERMINAL:
            # A previous process reported the run but not its verification: close the loop.
            has_evidence = any(str(e.state) == "active" for e in detail.evidence)
            ok = status == "succeeded" and has_evidence
            await self._verify(
                run_id,
                snapshot.id,
                ok,
                started_at=detail.run.created_at,
                finished_at=detail.run.finished_at or _utcnow(),
                details={"resumed": True, "reason": "verification reported after an agent restart"},
            )
            self.state.finished.add(key)
            bound.info("restore_agent_verification_resumed", ok=ok)
            return self._outcome(item, snapshot.id, "succeeded" if ok else "failed", run_id=run_id)

        issued = await issue_restore_credentials.asyncio_detailed(
            client=self.client,
            body=RestoreCredentialsRequest(
                server=item.server, backup_type=item.backup_type, intent=item.intent
            ),
        )
        credentials = issued.parsed
        if not (int(issued.status_code) == 200 and isinstance(credentials, RestoreCredentials)):
            problem = credentials if isinstance(credentials, Problem) else None
            kind = problem.type_.rsplit(":", 1)[-1] if problem is not None else str(int(issued.status_code))
            if problem is not None and kind == "no-covering-declaration":
                # The declaration was withdrawn between the worklist and now: nothing to restore.
                await self._patch(
                    run_id,
                    RestoreRunPatch(status=RestoreRunPatchStatusType0.CANCELLED, message=problem.detail),
                )
                self.state.finished.add(key)
                bound.info("restore_agent_item_withdrawn")
                return self._outcome(item, snapshot.id, "withdrawn", run_id=run_id, detail=problem.detail)
            # Rate limit, broker down: the run stays queued and the next cycle resumes it.
            bound.warning(
                "restore_agent_credentials_unavailable", status=int(issued.status_code), problem=kind
            )
            return self._outcome(item, snapshot.id, "deferred", run_id=run_id, detail=f"credentials: {kind}")

        await self._patch(
            run_id,
            RestoreRunPatch(status=RestoreRunPatchStatusType0.RUNNING, message="probing the repository"),
        )
        started_at = _utcnow()
        started = time.monotonic()
        checks = await probe_repository(credentials)
        duration = round(time.monotonic() - started, 3)
        finished_at = _utcnow()
        ok = all(bool(check.get("ok")) for check in checks.values())
        failed_checks = [name for name, check in checks.items() if not check.get("ok")]
        report = {
            "agent": agent_version(),
            "run_id": run_id,
            "job_id": detail.job_id,
            "declaration_id": item.declaration_id,
            "server": item.server,
            "group": item.group,
            "backup_type": item.backup_type,
            "intent": item.intent,
            "snapshot": {"id": snapshot.id, "finished_at": snapshot.finished_at.isoformat()},
            "repository": {
                "bucket": credentials.repository.bucket,
                "prefix": credentials.repository.prefix,
                "region": credentials.repository.region,
                "endpoint": credentials.repository.endpoint,
            },
            # an identifier that ties the S3 access log to the audited issue (not a secret)
            "credentials": {
                "access_key_id": credentials.credentials.access_key_id,
                "expires_at": credentials.credentials.expires_at.isoformat(),
            },
            "checks": checks,
            "outcome": "success" if ok else "failure",
            "failed_checks": failed_checks,
            "started_at": started_at.isoformat(),
            "finished_at": finished_at.isoformat(),
            "duration_seconds": duration,
        }
        data = json.dumps(report, indent=2, sort_keys=True).encode() + b"\n"
        sha256 = hashlib.sha256(data).hexdigest()
        if self.config.evidence_dir is not None:
            self.config.evidence_dir.mkdir(parents=True, exist_ok=True)
            (self.config.evidence_dir / f"{run_id}.json").write_bytes(data)
        evidence = await self._upload_evidence(run_id, data, file_name=f"{run_id}.json")
        if evidence.sha256 != sha256:
            raise AgentError(f"POST /api/v1/restore/runs/{run_id}/evidence stored another sha256", 201)
        listing, read = checks["list_prefix"], checks["read_object"]
        counts = RestoreRunCounts(
            items_total=int(listing["objects"]) if listing.get("ok") else None,
            items_restored=1 if read.get("sha256") else 0,
            items_failed=0 if ok else len(failed_checks),
            bytes_restored=int(read.get("bytes_read", 0)),
            duration_seconds=duration,
        )
        message = (
            f"listed {listing['objects']} objects under {credentials.repository.prefix}/"
            if ok
            else f"repository probe failed: {', '.join(failed_checks)}"
        )
        final = RestoreRunPatchStatusType0.SUCCEEDED if ok else RestoreRunPatchStatusType0.FAILED
        await self._patch(run_id, RestoreRunPatch(status=final, counts=counts, message=message))
        await self._verify(
            run_id,
            snapshot.id,
            ok,
            started_at=started_at,
            finished_at=finished_at,
            details={
                "evidence_sha256": sha256,
                "failed_checks": failed_checks,
                "objects": listing["objects"],
            },
        )
        self.state.finished.add(key)
        bound.info("restore_agent_item_done", ok=ok, evidence_sha256=sha256, objects=listing["objects"])
        return self._outcome(
            item,
            snapshot.id,
            "succeeded" if ok else "failed",
            run_id=run_id,
            evidence_sha256=sha256,
            detail=message,
        )

    async def _upload_evidence(self, run_id: str, data: bytes, *, file_name: str) -> Evidence:
        """POST the evidence as multipart/form-data (its part keeps ``application/json``).

        Sent through the generated client's own HTTP client and parsed with its ``Evidence``
        model: the generated ``upload_restore_evidence`` sends every body as
        ``application/octet-stream`` (the contract declares one media type so the generated code
        stays importable), and this agent wants its report stored as ``application/json``."""
        response = await self.client.get_async_httpx_client().post(
            f"/api/v1/restore/runs/{run_id}/evidence",
            files={"file": (file_name, data, "application/json")},
        )
        call = "POST /api/v1/restore/runs/{id}/evidence"
        if response.status_code not in (200, 201):
            problem = None
            with contextlib.suppress(ValueError, KeyError, TypeError):
                problem = Problem.from_dict(response.json())
            raise AgentError(call, response.status_code, problem)
        return Evidence.from_dict(response.json())

    async def _patch(self, run_id: str, patch: RestoreRunPatch) -> RestoreRunDetail:
        response = await update_restore_run.asyncio_detailed(run_id, client=self.client, body=patch)
        return _expect(response, "PATCH /api/v1/restore/runs/{id}", RestoreRunDetail, 200)

    async def _verify(
        self,
        run_id: str,
        snapshot_id: str,
        ok: bool,
        *,
        started_at: datetime,
        finished_at: datetime,
        details: dict[str, Any],
    ) -> RestoreRunDetail:
        extra = VerificationReportDetailsType0()
        extra.additional_properties = dict(details)
        response = await report_restore_verification.asyncio_detailed(
            run_id,
            client=self.client,
            body=VerificationReport(
                outcome=VerificationReportOutcome.SUCCESS if ok else VerificationReportOutcome.FAILURE,
                snapshot_id=snapshot_id,
                started_at=started_at,
                finished_at=max(finished_at, started_at),
                details=extra,
            ),
        )
        return _expect(response, "POST /api/v1/restore/runs/{id}/verification", RestoreRunDetail, 200, 201)

    @staticmethod
    def _outcome(item: WorklistItem, snapshot_id: str | None, result: str, **extra: Any) -> ItemOutcome:
        return ItemOutcome(
            server=item.server,
            backup_type=item.backup_type,
            intent=item.intent,
            snapshot_id=snapshot_id,
            result=result,
            **extra,
        )


def make_client(config: AgentConfig) -> AuthenticatedClient:
    """The generated client with the agent's bearer token."""
    return AuthenticatedClient(
        base_url=config.url.rstrip("/"),
        token=config.token,
        timeout=httpx.Timeout(config.timeout_s),
        headers={"User-Agent": agent_version()},
    )


async def run_cycle(config: AgentConfig, state: AgentState | None = None) -> CycleReport:
    """One agent cycle with a client of its own (what ``--once`` and ``lifeboat dev`` run)."""
    async with make_client(config) as client:
        return await RestoreAgent(config, client, state).cycle()


async def run_agent(config: AgentConfig, *, interval_s: float, stop: asyncio.Event) -> None:
    """Cycle every ``interval_s`` seconds until ``stop`` is set; a failed cycle is logged and
    retried at the next tick (the worklist's ETag makes an idle tick one 304)."""
    state = AgentState()
    async with make_client(config) as client:
        agent = RestoreAgent(config, client, state)
        while not stop.is_set():
            try:
                await agent.cycle()
            except (AgentError, httpx.HTTPError) as exc:
                log.warning(
                    "restore_agent_cycle_failed",
                    error=str(exc) if isinstance(exc, AgentError) else type(exc).__name__,
                )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=interval_s)


# --- the command --------------------------------------------------------------------------------


def _slugs(value: str) -> tuple[str, ...]:
    items = tuple(part.strip() for part in value.split(",") if part.strip())
    if not items:
        raise click.BadParameter("give at least one value (comma separated)")
    return items


@click.command("restore")
@click.option(
    "--url",
    envvar="LIFEBOAT_AGENT_URL",
    default="http://127.0.0.1:8000",
    show_default=True,
    help="Lifeboat's base URL.",
)
@click.option(
    "--token", envvar=TOKEN_ENV, required=True, help=f"A restore-consumer API token (or {TOKEN_ENV})."
)
@click.option("--once", is_flag=True, help="Run one cycle and exit (status 1 when an item failed).")
@click.option(
    "--interval",
    "interval_s",
    type=click.FloatRange(min=1),
    default=60.0,
    show_default=True,
    help="Seconds between cycles.",
)
@click.option("--intents", default="verify", show_default=True, help="Intents to register (comma separated).")
@click.option(
    "--backup-types",
    default="postgres,files",
    show_default=True,
    help="Backup types to register (comma separated).",
)
@click.option(
    "--evidence-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Also keep each evidence report here as <run id>.json.",
)
def restore_command(
    url: str,
    token: str,
    once: bool,
    interval_s: float,
    intents: str,
    backup_types: str,
    evidence_dir: Path | None,
) -> None:
    """The reference restore agent: register, poll the worklist, prove each snapshot's repository
    is readable with the issued credentials, and report runs, evidence and verification."""
    config = AgentConfig(
        url=url,
        token=token.strip(),
        intents=_slugs(intents),
        backup_types=_slugs(backup_types),
        evidence_dir=evidence_dir,
    )
    if once:
        try:
            report = asyncio.run(run_cycle(config))
        except AgentError as exc:
            raise click.ClickException(str(exc)) from exc
        except httpx.HTTPError as exc:
            raise click.ClickException(f"cannot reach Lifeboat at {url}: {type(exc).__name__}") from exc
        click.echo(json.dumps(report.to_json(), sort_keys=True))
        if not report.ok:
            raise SystemExit(1)
        return

    async def forever() -> None:
        import signal

        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await run_agent(config, interval_s=interval_s, stop=stop)

    asyncio.run(forever())


def describe(items: Sequence[ItemOutcome]) -> str:
    """A one-line summary of a cycle's outcomes, e.g. ``2 succeeded, 1 no-snapshot``."""
    counts: dict[str, int] = {}
    for item in items:
        counts[item.result] = counts.get(item.result, 0) + 1
    return ", ".join(f"{n} {result}" for result, n in sorted(counts.items())) or "nothing to do"
