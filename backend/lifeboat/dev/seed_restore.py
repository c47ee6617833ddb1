"""The demo restore world of ``lifeboat dev``: backup groups in the embedded S3 bucket, servers,
backup runs, a restore consumer with capabilities and three declarations (one of them a gap),
and demo runs in the decision states an agent cycle does not produce; all through the restore
service, idempotently.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec
from litestar import Litestar

from lifeboat.auth.models import ApiTokenCreate, Principal
from lifeboat.auth.service import create_api_token, principals_with_role, system_principal
from lifeboat.core.clock import utcnow
from lifeboat.core.errors import Conflict
from lifeboat.dev import DevStartupError
from lifeboat.embedded._process import write_private_file
from lifeboat.restore.catalog import backup_runs as restore_backup_runs
from lifeboat.restore.catalog import servers as restore_servers
from lifeboat.restore.catalog import service as restore_groups
from lifeboat.restore.catalog.models import BackupGroupCreate, BackupGroupPatch, BackupRunReport, ServerCreate
from lifeboat.restore.replicas import consumers as restore_consumers
from lifeboat.restore.replicas import service as restore_replicas
from lifeboat.restore.replicas.models import Capability, CapabilityRegistration, ReplicaCreate
from lifeboat.restore.replicas.worklist import covering_declaration
from lifeboat.settings import Settings

DEMO_RESTORE_AGENT = "demo-restore-agent"
# The dev default of LIFEBOAT_SECRETS_DIR, inside the dev dir (file: password refs live there).
DEV_SECRETS_DIR = "secrets"
DEMO_RESTORE_REASON = "dev demo restore world"
# (group, prefix, backup type, servers as (name, live, backed up))
DEMO_BACKUP_GROUPS: tuple[tuple[str, str, str, tuple[tuple[str, bool, bool], ...]], ...] = (
    (
        "eu-postgres",
        "restore/eu-postgres",
        "postgres",
        (
            ("pg-eu-1", True, True),
            ("pg-eu-2", True, True),
            ("pg-eu-3", True, False),
            ("pg-eu-old", False, True),
        ),
    ),
    (
        "us-files",
        "restore/us-files",
        "files",
        (
            ("files-us-1", True, True),
            ("files-us-2", True, True),
            ("files-us-3", True, True),
            ("files-us-4", True, False),
        ),
    ),
)


def dev_secrets_dir(settings: Settings) -> Path:
    """LIFEBOAT_SECRETS_DIR, or ``<dev dir>/secrets`` (what ``dev_settings`` sets)."""
    if settings.secrets_dir:
        return Path(settings.secrets_dir).resolve()
    return Path(settings.dev_dir).resolve() / DEV_SECRETS_DIR


def _repo_password_ref(settings: Settings) -> str:
    """``file:<secrets dir>/restore-repo-password``, written once (0600) with a random password;
    a password kept in the dev dir itself by an older ``lifeboat dev`` moves there (the demo
    repositories were made with it)."""
    directory = dev_secrets_dir(settings)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = directory / "restore-repo-password"
    legacy = Path(settings.dev_dir).resolve() / "restore-repo-password"
    if not path.is_file() and legacy.is_file():
        os.replace(legacy, path)
        path.chmod(0o600)
    if not path.is_file():
        write_private_file(path, secrets.token_urlsafe(24).encode())
    return f"file:{path}"


async def _demo_restore_agent(settings: Settings, actor: Principal) -> Principal:
    """The demo restore consumer: an API token with role restore-consumer, created once; its
    secret is kept in the dev dir (0600) for a reference agent to use."""
    for principal in await principals_with_role("restore-consumer", settings.environment):
        if principal.name == DEMO_RESTORE_AGENT:
            return principal
    created = await create_api_token(
        ApiTokenCreate(name=DEMO_RESTORE_AGENT, role="restore-consumer", reason=DEMO_RESTORE_REASON),
        actor=actor,
    )
    write_private_file(Path(settings.dev_dir).resolve() / "restore-agent-token", created.secret.encode())
    for principal in await principals_with_role("restore-consumer", settings.environment):
        if principal.id == f"token:{created.token.id}":
            return principal
    raise DevStartupError("the demo restore agent's token was created but is not a restore consumer")


async def seed_demo_restore(settings: Settings) -> None:
    """Seed the demo restore world through the restore service, idempotently (a restart changes
    nothing but the repository endpoint, which follows the embedded S3 server)."""
    actor = system_principal("lifeboat dev")
    password_ref = _repo_password_ref(settings)
    secrets_dir = str(dev_secrets_dir(settings))
    now = utcnow()
    for group, prefix, backup_type, servers in DEMO_BACKUP_GROUPS:
        definition = BackupGroupCreate(
            name=group,
            bucket=settings.s3_bucket,
            prefix=prefix,
            region=settings.s3_region,
            endpoint=settings.s3_endpoint_url,
            password_ref=password_ref,
            reason=DEMO_RESTORE_REASON,
        )
        try:
            await restore_groups.create_group(definition, actor=actor, secrets_dir=secrets_dir)
        except Conflict:
            await restore_groups.patch_group(
                group,
                BackupGroupPatch(
                    endpoint=settings.s3_endpoint_url,
                    password_ref=password_ref,
                    reason="dev: follow the embedded S3 endpoint and the dev secrets dir",
                ),
                actor=actor,
                secrets_dir=secrets_dir,
            )
        for index, (server, live, backed_up) in enumerate(servers):
            with contextlib.suppress(Conflict):  # an operator changed it since: theirs wins
                await restore_servers.create_server(
                    ServerCreate(name=server, group=group, live=live, reason=DEMO_RESTORE_REASON), actor=actor
                )
            if not backed_up:
                continue  # no run reported: its worklist item says snapshot null
            runs = await restore_backup_runs.list_backup_runs(server=server, backup_type=backup_type, limit=1)
            if runs.items:
                continue
            for days_ago in (2, 1):
                finished = now - timedelta(days=days_ago, minutes=7 * index)
                await restore_backup_runs.report_backup_run(
                    BackupRunReport(
                        server=server,
                        backup_type=backup_type,
                        snapshot_id=f"{server}-{finished:%Y%m%dT%H%M%S}",
                        status="succeeded",
                        started_at=finished - timedelta(minutes=12),
                        finished_at=finished,
                        size_bytes=(3 + index) * 1_250_000_000,
                    ),
                    actor=system_principal("demo-backup-agent", role="backup-agent"),
                )
    agent = await _demo_restore_agent(settings, actor)
    consumers = (await restore_consumers.list_consumers(environment=settings.environment)).items
    if not any(consumer.id == agent.id and consumer.registered for consumer in consumers):
        await restore_consumers.register_capabilities(
            agent,
            CapabilityRegistration(
                agent_version="demo-restore-agent/0.1.0",
                capabilities=[
                    Capability(intent="verify", backup_types=["postgres"]),
                    Capability(intent="analytics", backup_types=["postgres"]),
                ],
            ),
            environment=settings.environment,
        )
    declarations: tuple[tuple[str, str | None, str, str], ...] = (
        ("eu-postgres", None, "verify", "Nightly restore check of every live EU database."),
        ("eu-postgres", "pg-eu-1", "analytics", "Analytics copy of the EU primary for the data team."),
        (
            "eu-postgres",
            "pg-eu-2",
            "disaster-recovery",
            "Warm standby restore (the agent cannot do it yet: a gap).",
        ),
    )
    for group, only_server, intent, notes in declarations:
        with contextlib.suppress(Conflict):  # already declared
            await restore_replicas.declare_replica(
                ReplicaCreate(
                    consumer_id=agent.id,
                    group=group,
                    server=only_server,
                    backup_type="postgres",
                    intent=intent,
                    notes=notes,
                    reason=DEMO_RESTORE_REASON,
                ),
                actor=actor,
                environment=settings.environment,
            )


# --- demo restore runs: one cycle of the reference agent (in the background, after the app is
# up) and a few seeded runs in the decision states an agent cycle does not produce -------------

DEMO_RESTORE_OBJECTS = ("config", "index/0001", "data/00/pack-0001")


async def _seed_demo_repositories(settings: Settings, store: Any) -> None:
    """A few objects in each demo group's repository prefix, so the agent has something to read."""
    for group, prefix, _, _ in DEMO_BACKUP_GROUPS:
        if await store.get_bytes(f"{prefix}/config") is not None:
            continue
        for name in DEMO_RESTORE_OBJECTS:
            body = f"demo repository {group}: {name}\n".encode() * (64 if name.startswith("data/") else 1)
            await store.put_bytes(f"{prefix}/{name}", body)


async def seed_demo_restore_runs(app: Litestar, settings: Settings) -> int:
    """Runs of the demo agent in the decision states the reference agent does not produce on
    its own (a failed verification, one still running, one finished without evidence, one
    cancelled), on each server's older snapshot, through the restore service. Idempotent: each
    has a fixed Idempotency-Key and a replayed one is left as it is. Returns how many it opened."""
    from lifeboat.restore.health.jobs import ALERT_DELIVERY
    from lifeboat.restore.runs import service as restore_runs
    from lifeboat.restore.runs.jobs import RESTORE_RUN
    from lifeboat.restore.runs.models import RestoreRunOpen

    registry = app.state.job_registry
    run_kind, delivery_kind = registry.get(RESTORE_RUN), registry.get(ALERT_DELIVERY)
    if run_kind is None or delivery_kind is None:
        raise DevStartupError("the restore job kinds are not registered")
    store = app.state.store
    env = settings.environment
    agent = await _demo_restore_agent(settings, system_principal("lifeboat dev"))
    # (key, server, intent, what happens)
    scenarios = (
        ("failed-verification", "pg-eu-2", "verify", "verification-failure"),
        ("in-progress", "pg-eu-1", "analytics", "running"),
        ("no-evidence", "pg-eu-1", "verify", "succeeded-without-evidence"),
        ("cancelled", "pg-eu-2", "verify", "cancelled"),
    )
    opened_count = 0
    for key, server, intent, scenario in scenarios:
        snapshots = (
            await restore_backup_runs.list_backup_runs(server=server, backup_type="postgres", limit=2)
        ).items
        coverage = await covering_declaration(agent.id, server, "postgres", intent)
        if len(snapshots) < 2 or coverage is None:
            continue  # an operator changed the demo world: leave it alone
        older = snapshots[-1]
        opened = await restore_runs.open_run(
            RestoreRunOpen(
                declaration_id=coverage.declaration_id,
                server=server,
                backup_type="postgres",
                intent=intent,
                snapshot_id=older.snapshot_id,
            ),
            principal=agent,
            idempotency_key=f"dev-demo-{key}",
            environment=env,
            run_kind=run_kind,
        )
        if opened.replayed:
            continue
        opened_count += 1
        run = _DemoRun(
            opened.detail.run.id,
            older.snapshot_id,
            opened.detail.run.created_at,  # a verification's times lie within its run
            principal=agent,
            environment=env,
            run_kind=run_kind,
            delivery_kind=delivery_kind,
            store=store,
        )
        await run.play(scenario, server)
    return opened_count


class _DemoRun:
    """One seeded demo run, reported through the restore service as its agent would."""

    def __init__(
        self,
        run_id: str,
        snapshot_id: str,
        started: datetime,
        *,
        principal: Principal,
        environment: str,
        run_kind: Any,
        delivery_kind: Any,
        store: Any,
    ) -> None:
        self.run_id, self.snapshot_id, self.started = run_id, snapshot_id, started
        self.principal, self.environment = principal, environment
        self.run_kind, self.delivery_kind, self.store = run_kind, delivery_kind, store

    async def patch(self, status: str, message: str, counts: dict[str, Any] | None = None) -> None:
        from lifeboat.restore.runs import service as restore_runs
        from lifeboat.restore.runs.models import RestoreRunPatch

        body: dict[str, Any] = {"status": status, "message": message}
        if counts:
            body["counts"] = counts
        await restore_runs.patch_run(
            self.run_id,
            msgspec.convert(body, RestoreRunPatch),
            principal=self.principal,
            environment=self.environment,
            run_kind=self.run_kind,
            store=self.store,
        )

    async def verify(self, outcome: str, details: dict[str, Any]) -> None:
        from lifeboat.restore.runs import verification
        from lifeboat.restore.runs.models import VerificationReport

        report = {
            "outcome": outcome,
            "snapshot_id": self.snapshot_id,
            "started_at": self.started,
            "finished_at": max(utcnow(), self.started),
            "details": details,
        }
        await verification.record_verification(
            self.run_id,
            msgspec.convert(report, VerificationReport),
            principal=self.principal,
            environment=self.environment,
            run_kind=self.run_kind,
            delivery_kind=self.delivery_kind,
            store=self.store,
        )

    async def play(self, scenario: str, server: str) -> None:
        from lifeboat.restore.runs import evidence

        if scenario == "cancelled":
            await self.patch("cancelled", "superseded by a newer snapshot before it started")
            return
        await self.patch("running", "restoring into a scratch instance")
        if scenario == "running":
            await self.patch(
                "running", "restored 41 of 120 tables", {"items_total": 120, "items_restored": 41}
            )
            return
        counts = {"items_total": 120, "items_restored": 120, "items_failed": 0, "duration_seconds": 1080.0}
        if scenario == "verification-failure":
            report = {
                "server": server,
                "snapshot_id": self.snapshot_id,
                "tables": 120,
                "checksum_mismatches": ["orders"],
            }
            await evidence.add_evidence(
                self.run_id,
                msgspec.json.encode(report),
                "application/json",
                principal=self.principal,
                run_kind=self.run_kind,
                store=self.store,
            )
            await self.patch("succeeded", "restore finished; checksum check pending", counts)
            await self.verify("failure", {"checksum_mismatches": ["orders"], "tables_checked": 120})
            return
        await self.patch("succeeded", "restore finished (no evidence uploaded)", counts)
        await self.verify("success", {"tables_checked": 120})
