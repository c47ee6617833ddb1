"""Restore control rules: the backup catalog (groups, servers, backup runs), replica
declarations with their capability gaps, consumers and capabilities, the worklist, and
``covering_declaration`` (the credentials broker's authorisation question).

Every operator change is audited with a reason in the same transaction as the change; a change
that changes nothing is not audited. Consumers are principals holding the restore-consumer role
(asked of the auth domain's service, never its tables).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Generic, Protocol, TypeVar
from urllib.parse import urlsplit

import asyncpg
import msgspec

from lifeboat.audit.service import append_audit
from lifeboat.auth.models import Principal, Role
from lifeboat.auth.service import principals_with_role
from lifeboat.core.clock import utcnow
from lifeboat.core.errors import Conflict, FieldError, InvalidInput, NotFound, Unprocessable
from lifeboat.core.ids import new_id
from lifeboat.core.pagination import CursorPosition, InvalidCursor, clamp_limit, decode_cursor, encode_cursor
from lifeboat.db.engine import decode_jsonb
from lifeboat.restore.models import (
    BackupGroup,
    BackupGroupCreate,
    BackupGroupPage,
    BackupGroupPatch,
    BackupRepository,
    BackupRun,
    BackupRunPage,
    BackupRunReport,
    Capability,
    CapabilityGap,
    CapabilityRegistration,
    Consumer,
    ConsumerList,
    Coverage,
    LatestBackup,
    Replica,
    ReplicaCreate,
    ReplicaPage,
    ReplicaPatch,
    Server,
    ServerCreate,
    ServerPage,
    ServerPatch,
    Worklist,
    WorklistItem,
    WorklistSnapshot,
)
from lifeboat.restore.password_refs import check_password_ref
from lifeboat.restore.tables import BackupGroup as GroupTable
from lifeboat.store.broker import UNSAFE_PREFIX_CHARACTERS

CONSUMER_ROLE: Role = "restore-consumer"
T = TypeVar("T")
SNAPSHOT_MISSING_REASON = "no successful backup run reported for this server and type"


class Actor(Protocol):
    """Who changes the catalog, as the audit log names them."""

    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...


async def _raw(sql: str, *args: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = await GroupTable.raw(sql, *args)
    return rows


def _transaction() -> Any:
    return GroupTable._meta.db.transaction()


def _require_reason(reason: str) -> str:
    text = reason.strip()
    if len(text) < 3:
        raise InvalidInput(
            "A reason is required (at least 3 characters).",
            errors=[FieldError(field="reason", message="at least 3 non-blank characters")],
        )
    return text


async def _audit(actor: Actor, action: str, target: str, reason: str | None, details: dict[str, Any]) -> None:
    await append_audit(
        actor_id=actor.id,
        actor_name=actor.name,
        action=action,
        target=target,
        reason=reason,
        details=details,
    )


def _page_cursor(key: str, row_id: str) -> str:
    return encode_cursor(CursorPosition(key=key, id=row_id))


def _uuid_cursor(position: CursorPosition | None) -> uuid.UUID | None:
    if position is None:
        return None
    try:
        return uuid.UUID(position.id)
    except ValueError as exc:
        raise InvalidCursor() from exc


# --- groups ------------------------------------------------------------------------------------


def validate_endpoint(endpoint: str | None) -> str | None:
    """The normalised S3 endpoint (no trailing slash), or a 400 naming ``endpoint``."""
    if endpoint is None:
        return None
    text = endpoint.strip()
    problem: str | None = None
    try:
        parts = urlsplit(text)
        _ = parts.port  # raises ValueError on a bad port
    except ValueError:
        parts, problem = None, "not a valid URL"
    if parts is not None:
        if parts.scheme not in ("http", "https"):
            problem = "must start with http:// or https://"
        elif not parts.hostname:
            problem = "must name a host"
        elif parts.username is not None or parts.password is not None:
            problem = "must not carry credentials"
        elif parts.query or parts.fragment:
            problem = "must not have a query or fragment"
        elif any(ch.isspace() for ch in text):
            problem = "must not contain whitespace"
    if problem is not None:
        raise InvalidInput(f"endpoint {problem}.", errors=[FieldError(field="endpoint", message=problem)])
    return text.rstrip("/")


def validate_password_ref(ref: str, *, secrets_dir: str | None) -> str:
    """``env:LIFEBOAT_REPO_PASSWORD_<NAME>`` or ``file:/path`` inside the secrets directory, else
    a 422 naming ``password_ref`` (see :mod:`lifeboat.restore.password_refs`). Only the reference
    is checked and stored: the password is read by the credentials broker."""
    return check_password_ref(ref, secrets_dir=secrets_dir)


def validate_prefix(prefix: str) -> str:
    """A repository prefix restore credentials can be scoped to: not empty (or only '/'), no
    policy wildcard or variable (``*``, ``?``, ``$``); else a 422 naming ``prefix``."""
    problem: str | None = None
    if not prefix.strip("/"):
        problem = "must name a key prefix inside the bucket (never the whole bucket)"
    elif any(ch in prefix for ch in UNSAFE_PREFIX_CHARACTERS):
        problem = "must not contain '*', '?' or '$' (restore credentials are scoped to the prefix)"
    if problem is not None:
        raise Unprocessable(f"prefix {problem}.", errors=[FieldError(field="prefix", message=problem)])
    return prefix


_GROUP_SELECT = """
    select g.*, (select count(*) from restore_server s where s.backup_group = g.id) as server_count
    from restore_backup_group g
"""


def _to_group(row: dict[str, Any]) -> BackupGroup:
    return BackupGroup(
        id=str(row["id"]),
        name=row["name"],
        repository=BackupRepository(
            bucket=row["bucket"], prefix=row["prefix"], region=row["region"], endpoint=row["endpoint"]
        ),
        password_ref=row["password_ref"],
        server_count=int(row["server_count"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        created_by=row["created_by"],
    )


def _group_definition(row: BackupGroup) -> dict[str, Any]:
    return {
        "bucket": row.repository.bucket,
        "prefix": row.repository.prefix,
        "region": row.repository.region,
        "endpoint": row.repository.endpoint,
        "password_ref": row.password_ref,
    }


async def _group_row(name: str, *, for_update: bool = False) -> dict[str, Any] | None:
    if for_update:
        rows = await _raw("select * from restore_backup_group where name = {} for update", name)
    else:
        rows = await _raw("select * from restore_backup_group where name = {}", name)
    return rows[0] if rows else None


async def _select_group(name: str) -> BackupGroup | None:
    rows = await _raw(_GROUP_SELECT + " where g.name = {}", name)
    return _to_group(rows[0]) if rows else None


async def get_group(name: str) -> BackupGroup:
    """One backup group (404 when unknown)."""
    found = await _select_group(name)
    if found is None:
        raise NotFound(f"No backup group named {name!r}.")
    return found


async def list_groups(*, limit: int | None = None, cursor: str | None = None) -> BackupGroupPage:
    """Backup groups by name."""
    size = clamp_limit(limit)
    position = decode_cursor(cursor)
    after = position.key if position is not None else ""
    rows = await _raw(_GROUP_SELECT + " where g.name > {} order by g.name limit {}", after, size + 1)
    items = [_to_group(r) for r in rows[:size]]
    next_cursor = _page_cursor(items[-1].name, items[-1].id) if len(rows) > size and items else None
    return BackupGroupPage(items=items, next_cursor=next_cursor)


@dataclass(frozen=True)
class Created(Generic[T]):
    """What an idempotent create resolved to: the entity, and whether this call created it."""

    value: T
    created: bool


def prefixes_overlap(a: str, b: str) -> bool:
    """Whether credentials scoped to one prefix (``<prefix>/*``) would read the other's objects."""
    a, b = a.strip("/"), b.strip("/")
    return a == b or a.startswith(b + "/") or b.startswith(a + "/")


async def _refuse_shared_repository(name: str, bucket: str, prefix: str) -> None:
    """409 when another group's repository is, contains or lies inside ``bucket/prefix``: a
    consumer declared on one group would otherwise get credentials that read the other's.
    Serialised by a transaction-scoped advisory lock, so two writers cannot both pass."""
    await _raw("select pg_advisory_xact_lock(hashtext({}))", "restore_backup_group_repository")
    rows = await _raw("select name, prefix from restore_backup_group where bucket = {}", bucket)
    for row in rows:
        if row["name"] != name and prefixes_overlap(row["prefix"], prefix):
            raise Conflict(
                f"Backup group {row['name']!r} already uses bucket {bucket!r} prefix {row['prefix']!r}, "
                f"which overlaps {prefix!r}: restore credentials for one group would read the other's "
                "repository. Give each group a prefix of its own.",
                errors=[FieldError(field="prefix", message=f"overlaps backup group {row['name']!r}")],
            )


async def create_group(
    data: BackupGroupCreate, *, actor: Actor, secrets_dir: str | None
) -> Created[BackupGroup]:
    """Create a group. The name is the idempotency key: the same definition again returns the
    existing group (not audited again); a different one under that name is a 409.
    ``secrets_dir`` (LIFEBOAT_SECRETS_DIR) confines ``file:`` password references."""
    reason = _require_reason(data.reason)
    definition = {
        "bucket": data.bucket,
        "prefix": validate_prefix(data.prefix),
        "region": data.region,
        "endpoint": validate_endpoint(data.endpoint),
        "password_ref": validate_password_ref(data.password_ref, secrets_dir=secrets_dir),
    }
    now = utcnow()
    async with _transaction():
        await _refuse_shared_repository(data.name, data.bucket, data.prefix)
        inserted = await _raw(
            """
            insert into restore_backup_group
              (id, name, bucket, prefix, region, endpoint, password_ref, created_at, updated_at, created_by)
            values ({}, {}, {}, {}, {}, {}, {}, {}, {}, {})
            on conflict (name) do nothing
            returning id
            """,
            new_id(),
            data.name,
            definition["bucket"],
            definition["prefix"],
            definition["region"],
            definition["endpoint"],
            definition["password_ref"],
            now,
            now,
            actor.name,
        )
        if inserted:
            await _audit(actor, "restore.group.create", f"backup_group:{data.name}", reason, definition)
    existing = await get_group(data.name)
    if inserted:
        return Created(existing, True)
    before = _group_definition(existing)
    if before != definition:
        raise Conflict(
            f"A backup group named {data.name!r} already exists with a different repository; "
            "change it with PATCH /api/v1/backups/groups/{name}.",
            errors=[
                FieldError(field=key, message="differs from the existing group")
                for key in definition
                if definition[key] != before[key]
            ],
        )
    return Created(existing, False)


async def patch_group(
    name: str, patch: BackupGroupPatch, *, actor: Actor, secrets_dir: str | None
) -> BackupGroup:
    """Change a group's repository coordinates or password reference (404 when unknown; a patch
    that changes nothing is not audited; 422 for a refused prefix or password reference)."""
    reason = _require_reason(patch.reason)
    changes: dict[str, Any] = {}
    if patch.bucket is not msgspec.UNSET:
        changes["bucket"] = patch.bucket
    if patch.prefix is not msgspec.UNSET:
        changes["prefix"] = validate_prefix(patch.prefix)
    if patch.region is not msgspec.UNSET:
        changes["region"] = patch.region
    if patch.endpoint is not msgspec.UNSET:
        changes["endpoint"] = validate_endpoint(patch.endpoint)
    if patch.password_ref is not msgspec.UNSET:
        changes["password_ref"] = validate_password_ref(patch.password_ref, secrets_dir=secrets_dir)
    async with _transaction():
        row = await _group_row(name, for_update=True)
        if row is None:
            raise NotFound(f"No backup group named {name!r}.")
        changed = {key: value for key, value in changes.items() if row[key] != value}
        if "bucket" in changed or "prefix" in changed:
            await _refuse_shared_repository(
                name, changed.get("bucket", row["bucket"]), changed.get("prefix", row["prefix"])
            )
        if changed:
            await _raw(
                """
                update restore_backup_group
                set bucket = {}, prefix = {}, region = {}, endpoint = {}, password_ref = {}, updated_at = {}
                where id = {}
                """,
                changed.get("bucket", row["bucket"]),
                changed.get("prefix", row["prefix"]),
                changed.get("region", row["region"]),
                changed.get("endpoint", row["endpoint"]),
                changed.get("password_ref", row["password_ref"]),
                utcnow(),
                row["id"],
            )
            await _audit(
                actor,
                "restore.group.update",
                f"backup_group:{name}",
                reason,
                {"before": {k: row[k] for k in changed}, "after": changed},
            )
    return await get_group(name)


async def delete_group(name: str, *, actor: Actor, reason: str) -> None:
    """Delete a group (404 when unknown; 409 while servers or declarations still use it)."""
    reason = _require_reason(reason)
    async with _transaction():
        row = await _group_row(name, for_update=True)
        if row is None:
            raise NotFound(f"No backup group named {name!r}.")
        counts = await _raw(
            """
            select (select count(*) from restore_server where backup_group = {}) as servers,
                   (select count(*) from restore_replica where backup_group = {}) as replicas
            """,
            row["id"],
            row["id"],
        )
        servers, replicas = int(counts[0]["servers"]), int(counts[0]["replicas"])
        if servers or replicas:
            raise Conflict(
                f"The backup group {name!r} still has {servers} server(s) and {replicas} replica "
                "declaration(s); move or delete them first."
            )
        await _raw("delete from restore_backup_group where id = {}", row["id"])
        await _audit(
            actor,
            "restore.group.delete",
            f"backup_group:{name}",
            reason,
            {k: row[k] for k in ("bucket", "prefix", "region", "endpoint", "password_ref")},
        )


# --- servers -----------------------------------------------------------------------------------

_SERVER_SELECT = """
    select s.*, g.name as group_name
    from restore_server s join restore_backup_group g on g.id = s.backup_group
"""


def _to_server(row: dict[str, Any], latest: list[LatestBackup]) -> Server:
    return Server(
        id=str(row["id"]),
        name=row["name"],
        group=row["group_name"],
        live=bool(row["live"]),
        latest_backups=latest,
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        created_by=row["created_by"],
    )


async def _latest_backups(server_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[LatestBackup]]:
    """Per server and backup type: the newest run and the newest successful one (two queries)."""
    if not server_ids:
        return {}
    order = " order by r.server, r.backup_type, r.finished_at desc, r.id desc"
    newest = await _raw(
        _RUN_SELECT.replace("select r.*", "select distinct on (r.server, r.backup_type) r.*")
        + " where r.server = any({}::uuid[])"
        + order,
        server_ids,
    )
    good = await _raw(
        _RUN_SELECT.replace("select r.*", "select distinct on (r.server, r.backup_type) r.*")
        + " where r.server = any({}::uuid[]) and r.status = 'succeeded'"
        + order,
        server_ids,
    )
    succeeded = {(r["server"], r["backup_type"]): _to_run(r) for r in good}
    out: dict[uuid.UUID, list[LatestBackup]] = {}
    for r in newest:
        out.setdefault(r["server"], []).append(
            LatestBackup(
                backup_type=r["backup_type"],
                latest=_to_run(r),
                latest_succeeded=succeeded.get((r["server"], r["backup_type"])),
            )
        )
    return out


async def _servers(rows: list[dict[str, Any]]) -> list[Server]:
    latest = await _latest_backups([r["id"] for r in rows])
    return [_to_server(r, latest.get(r["id"], [])) for r in rows]


async def _select_server(name: str) -> Server | None:
    rows = await _raw(_SERVER_SELECT + " where s.name = {}", name)
    return (await _servers(rows[:1]))[0] if rows else None


async def get_server(name: str) -> Server:
    """One server (404 when unknown)."""
    found = await _select_server(name)
    if found is None:
        raise NotFound(f"No server named {name!r}.")
    return found


async def list_servers(
    *, group: str | None = None, live: bool | None = None, limit: int | None = None, cursor: str | None = None
) -> ServerPage:
    """Servers by name, optionally of one group and/or liveness."""
    size = clamp_limit(limit)
    position = decode_cursor(cursor)
    after = position.key if position is not None else ""
    rows = await _raw(
        _SERVER_SELECT
        + """
        where s.name > {} and ({}::text is null or g.name = {}) and ({}::boolean is null or s.live = {})
        order by s.name limit {}
        """,
        after,
        group,
        group,
        live,
        live,
        size + 1,
    )
    items = await _servers(rows[:size])
    next_cursor = _page_cursor(items[-1].name, items[-1].id) if len(rows) > size and items else None
    return ServerPage(items=items, next_cursor=next_cursor)


async def _require_group_id(name: str, field: str = "group") -> uuid.UUID:
    row = await _group_row(name)
    if row is None:
        raise Unprocessable(
            f"No backup group named {name!r}; create it first.",
            errors=[FieldError(field=field, message="unknown backup group")],
        )
    group_id: uuid.UUID = row["id"]
    return group_id


async def create_server(data: ServerCreate, *, actor: Actor) -> Created[Server]:
    """Add a server to a group (422 when the group is unknown). The name is the idempotency key:
    the same definition again returns the existing server; a different one is a 409."""
    reason = _require_reason(data.reason)
    async with _transaction():
        group_id = await _require_group_id(data.group)
        now = utcnow()
        inserted = await _raw(
            """
            insert into restore_server (id, name, backup_group, live, created_at, updated_at, created_by)
            values ({}, {}, {}, {}, {}, {}, {})
            on conflict (name) do nothing
            returning id
            """,
            new_id(),
            data.name,
            group_id,
            data.live,
            now,
            now,
            actor.name,
        )
        if inserted:
            await _audit(
                actor,
                "restore.server.create",
                f"server:{data.name}",
                reason,
                {"group": data.group, "live": data.live},
            )
    existing = await get_server(data.name)
    if inserted:
        return Created(existing, True)
    if (existing.group, existing.live) != (data.group, data.live):
        raise Conflict(
            f"A server named {data.name!r} already exists (group {existing.group!r}, live "
            f"{str(existing.live).lower()}); change it with PATCH /api/v1/backups/servers/{{name}}."
        )
    return Created(existing, False)


async def patch_server(name: str, patch: ServerPatch, *, actor: Actor) -> Server:
    """Move a server to another group and/or mark it live or not (404 when unknown, 422 for an
    unknown group, 409 when declarations name this server under its current group)."""
    reason = _require_reason(patch.reason)
    async with _transaction():
        rows = await _raw(_SERVER_SELECT + " where s.name = {} for update of s", name)
        if not rows:
            raise NotFound(f"No server named {name!r}.")
        row = rows[0]
        before = {"group": row["group_name"], "live": bool(row["live"])}
        after = dict(before)
        group_id = row["backup_group"]
        if patch.group is not msgspec.UNSET and patch.group != row["group_name"]:
            group_id = await _require_group_id(patch.group)
            declared = await _raw("select count(*) as n from restore_replica where server = {}", row["id"])
            if int(declared[0]["n"]):
                raise Conflict(
                    f"{int(declared[0]['n'])} replica declaration(s) name the server {name!r} in its "
                    f"group {row['group_name']!r}; delete them before moving it."
                )
            after["group"] = patch.group
        if patch.live is not msgspec.UNSET:
            after["live"] = patch.live
        if after != before:
            await _raw(
                "update restore_server set backup_group = {}, live = {}, updated_at = {} where id = {}",
                group_id,
                after["live"],
                utcnow(),
                row["id"],
            )
            await _audit(
                actor, "restore.server.update", f"server:{name}", reason, {"before": before, "after": after}
            )
    return await get_server(name)


async def delete_server(name: str, *, actor: Actor, reason: str) -> None:
    """Delete a server and its reported backup runs (404 when unknown; 409 while a replica
    declaration names it)."""
    reason = _require_reason(reason)
    async with _transaction():
        rows = await _raw(_SERVER_SELECT + " where s.name = {} for update of s", name)
        if not rows:
            raise NotFound(f"No server named {name!r}.")
        row = rows[0]
        declared = await _raw("select count(*) as n from restore_replica where server = {}", row["id"])
        if int(declared[0]["n"]):
            raise Conflict(
                f"{int(declared[0]['n'])} replica declaration(s) name the server {name!r}; delete them first."
            )
        await _raw("delete from restore_server where id = {}", row["id"])
        await _audit(
            actor,
            "restore.server.delete",
            f"server:{name}",
            reason,
            {"group": row["group_name"], "live": bool(row["live"])},
        )


# --- backup runs -------------------------------------------------------------------------------

_RUN_SELECT = """
    select r.*, s.name as server_name, g.name as group_name
    from restore_backup_run r
    join restore_server s on s.id = r.server
    join restore_backup_group g on g.id = s.backup_group
"""


def _to_run(row: dict[str, Any]) -> BackupRun:
    return BackupRun(
        id=str(row["id"]),
        server=row["server_name"],
        group=row["group_name"],
        backup_type=row["backup_type"],
        snapshot_id=row["snapshot_id"],
        status=row["status"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        size_bytes=row["size_bytes"],
        details=decode_jsonb(row["details"]),
        reported_at=row["reported_at"],
        reported_by=row["reported_by"],
    )


def _run_facts(
    status: str, started_at: datetime, finished_at: datetime, size: int | None, details: Any
) -> dict[str, Any]:
    return {
        "status": status,
        "started_at": started_at,
        "finished_at": finished_at,
        "size_bytes": size,
        "details": details,
    }


@dataclass(frozen=True)
class Reported:
    """What a backup run report resolved to: the run, and whether it replayed an earlier report."""

    run: BackupRun
    replayed: bool


async def report_backup_run(report: BackupRunReport, *, actor: Actor) -> Reported:
    """Record a finished backup. Idempotent on server + backup type + snapshot id: the same facts
    again return the original (``replayed``); different facts are a 409. 422 for an unknown
    server or when it finished before it started."""
    if report.finished_at < report.started_at:
        raise Unprocessable(
            "finished_at is before started_at.",
            errors=[FieldError(field="finished_at", message="must not be before started_at")],
        )
    details = json.loads(json.dumps(report.details)) if report.details is not None else None
    server = await _select_server(report.server)
    if server is None:
        raise Unprocessable(
            f"No server named {report.server!r} is in the catalog; an operator adds it first.",
            errors=[FieldError(field="server", message="unknown server")],
        )
    async with _transaction():
        inserted = await _raw(
            """
            insert into restore_backup_run
              (id, server, backup_type, snapshot_id, status, started_at, finished_at, size_bytes,
               details, reported_at, reported_by)
            select {}, s.id, {}, {}, {}, {}, {}, {}, {}::jsonb, {}, {}
            from restore_server s where s.name = {}
            on conflict (server, backup_type, snapshot_id) do nothing
            returning id
            """,
            new_id(),
            report.backup_type,
            report.snapshot_id,
            report.status,
            report.started_at,
            report.finished_at,
            report.size_bytes,
            json.dumps(details) if details is not None else None,
            utcnow(),
            actor.id,
            report.server,
        )
        if inserted:
            await _audit(
                actor,
                "restore.backup_run.report",
                f"server:{report.server}",
                None,
                {
                    "backup_type": report.backup_type,
                    "snapshot_id": report.snapshot_id,
                    "status": report.status,
                    "run_id": str(inserted[0]["id"]),
                },
            )
    rows = await _raw(
        _RUN_SELECT + " where s.name = {} and r.backup_type = {} and r.snapshot_id = {}",
        report.server,
        report.backup_type,
        report.snapshot_id,
    )
    if not rows:  # the server was deleted between the insert and this read
        raise Conflict(f"The server {report.server!r} was removed concurrently; report again.")
    run = _to_run(rows[0])
    if inserted:
        return Reported(run=run, replayed=False)
    theirs = _run_facts(report.status, report.started_at, report.finished_at, report.size_bytes, details)
    ours = _run_facts(run.status, run.started_at, run.finished_at, run.size_bytes, run.details)
    if theirs != ours:
        raise Conflict(
            f"Snapshot {report.snapshot_id!r} of {report.server}/{report.backup_type} was already "
            "reported with different facts.",
            errors=[
                FieldError(field=key, message="differs from the earlier report")
                for key in theirs
                if theirs[key] != ours[key]
            ],
        )
    return Reported(run=run, replayed=True)


async def list_backup_runs(
    *,
    server: str | None = None,
    backup_type: str | None = None,
    limit: int | None = None,
    cursor: str | None = None,
) -> BackupRunPage:
    """Reported backup runs, newest report first, optionally of one server and/or type."""
    size = clamp_limit(limit)
    before = _uuid_cursor(decode_cursor(cursor))
    rows = await _raw(
        _RUN_SELECT
        + """
        where ({}::uuid is null or r.id < {}) and ({}::text is null or s.name = {})
          and ({}::text is null or r.backup_type = {})
        order by r.id desc limit {}
        """,
        before,
        before,
        server,
        server,
        backup_type,
        backup_type,
        size + 1,
    )
    items = [_to_run(r) for r in rows[:size]]
    next_cursor = _page_cursor(items[-1].id, items[-1].id) if len(rows) > size and items else None
    return BackupRunPage(items=items, next_cursor=next_cursor)


# --- consumers and capabilities ----------------------------------------------------------------


async def _capabilities_by_consumer(consumer_ids: list[str]) -> dict[str, set[tuple[str, str]]]:
    if not consumer_ids:
        return {}
    rows = await _raw(
        "select consumer, intent, backup_type from restore_consumer_capability where consumer = any({})",
        consumer_ids,
    )
    out: dict[str, set[tuple[str, str]]] = {}
    for r in rows:
        out.setdefault(r["consumer"], set()).add((r["intent"], r["backup_type"]))
    return out


async def _registered(consumer_ids: list[str]) -> dict[str, dict[str, Any]]:
    if not consumer_ids:
        return {}
    rows = await _raw("select * from restore_consumer where consumer_id = any({})", consumer_ids)
    return {r["consumer_id"]: r for r in rows}


def _as_capabilities(pairs: set[tuple[str, str]]) -> list[Capability]:
    by_intent: dict[str, list[str]] = {}
    for intent, backup_type in sorted(pairs):
        by_intent.setdefault(intent, []).append(backup_type)
    return [Capability(intent=intent, backup_types=types) for intent, types in by_intent.items()]


def capability_gap(
    *,
    holds_role: bool,
    registered: bool,
    capabilities: set[tuple[str, str]],
    intent: str,
    backup_type: str,
) -> CapabilityGap | None:
    """Why a declaration cannot be dispatched to its consumer, or None when it can."""
    if not holds_role:
        return CapabilityGap(reason="the consumer no longer holds the restore-consumer role")
    if not registered:
        return CapabilityGap(reason="the consumer has not registered its capabilities")
    if (intent, backup_type) in capabilities:
        return None
    if any(i == intent for i, _ in capabilities):
        return CapabilityGap(
            reason=f"the consumer supports intent {intent!r} but not backup type {backup_type!r}"
        )
    return CapabilityGap(reason=f"the consumer does not support intent {intent!r}")


# A consumer polling its worklist is "seen" at most this often: last_seen_at is precise to this
# interval, and a poll costs no write (and no commit) in between.
SEEN_PRECISION = timedelta(seconds=30)


async def _touch_consumer(consumer_id: str) -> None:
    await _raw(
        """
        insert into restore_consumer (consumer_id, last_seen_at) values ({}, {})
        on conflict (consumer_id) do update set last_seen_at = excluded.last_seen_at
        where restore_consumer.last_seen_at is null
           or restore_consumer.last_seen_at < excluded.last_seen_at - {}::interval
        """,
        consumer_id,
        utcnow(),
        SEEN_PRECISION,
    )


async def register_capabilities(
    principal: Principal, registration: CapabilityRegistration, *, environment: str | None = None
) -> Consumer:
    """Replace what the calling consumer supports with ``registration`` (a smaller set prunes the
    rest; entries of one intent are merged) and mark it seen. A change is audited.
    (``environment`` is accepted for callers that pass it; the route guard checked the role.)"""
    wanted = {(c.intent, t) for c in registration.capabilities for t in c.backup_types}
    now = utcnow()
    async with _transaction():
        previous_rows = await _raw(
            "select * from restore_consumer where consumer_id = {} for update", principal.id
        )
        await _raw(
            """
            insert into restore_consumer (consumer_id, agent_version, capabilities_updated_at, last_seen_at)
            values ({}, {}, {}, {})
            on conflict (consumer_id) do update set agent_version = excluded.agent_version,
              capabilities_updated_at = excluded.capabilities_updated_at,
              last_seen_at = excluded.last_seen_at
            """,
            principal.id,
            registration.agent_version,
            now,
            now,
        )
        have = (await _capabilities_by_consumer([principal.id])).get(principal.id, set())
        removed, added = have - wanted, wanted - have
        for intent, backup_type in sorted(removed):
            await _raw(
                "delete from restore_consumer_capability where consumer = {} and intent = {} "
                "and backup_type = {}",
                principal.id,
                intent,
                backup_type,
            )
        for intent, backup_type in sorted(added):
            await _raw(
                """
                insert into restore_consumer_capability (id, consumer, intent, backup_type)
                values ({}, {}, {}, {}) on conflict do nothing
                """,
                new_id(),
                principal.id,
                intent,
                backup_type,
            )
        previous_version = previous_rows[0]["agent_version"] if previous_rows else None
        if removed or added or not previous_rows or previous_version != registration.agent_version:
            await _audit(
                principal,
                "restore.consumer.register",
                f"consumer:{principal.id}",
                None,
                {
                    "agent_version": registration.agent_version,
                    "added": [f"{i}/{t}" for i, t in sorted(added)],
                    "removed": [f"{i}/{t}" for i, t in sorted(removed)],
                },
            )
    consumers = await _consumers([principal])
    return consumers[0]


async def _consumers(principals: list[Principal]) -> list[Consumer]:
    ids = [p.id for p in principals]
    registered = await _registered(ids)
    capabilities = await _capabilities_by_consumer(ids)
    declarations = await _raw(
        "select consumer_id, intent, backup_type from restore_replica where consumer_id = any({})", ids
    )
    out: list[Consumer] = []
    for p in principals:
        caps = capabilities.get(p.id, set())
        mine = [d for d in declarations if d["consumer_id"] == p.id]
        row = registered.get(p.id)
        gaps = sum(
            1
            for d in mine
            if capability_gap(
                holds_role=True,
                registered=row is not None and row["capabilities_updated_at"] is not None,
                capabilities=caps,
                intent=d["intent"],
                backup_type=d["backup_type"],
            )
            is not None
        )
        out.append(
            Consumer(
                id=p.id,
                name=p.name,
                kind=p.kind,
                registered=row is not None and row["capabilities_updated_at"] is not None,
                agent_version=row["agent_version"] if row else None,
                capabilities=_as_capabilities(caps),
                capabilities_updated_at=row["capabilities_updated_at"] if row else None,
                last_seen_at=row["last_seen_at"] if row else None,
                declarations=len(mine),
                gaps=gaps,
            )
        )
    return out


async def list_consumers(*, environment: str) -> ConsumerList:
    """Every principal holding the restore-consumer role (also those that never registered), by
    name, with what they registered and how many of their declarations have a gap."""
    principals = await principals_with_role(CONSUMER_ROLE, environment)
    return ConsumerList(items=await _consumers(principals))


# --- replicas ----------------------------------------------------------------------------------

_REPLICA_SELECT = """
    select d.*, g.name as group_name, s.name as server_name
    from restore_replica d
    join restore_backup_group g on g.id = d.backup_group
    left join restore_server s on s.id = d.server
"""


async def _to_replicas(rows: list[dict[str, Any]], environment: str) -> list[Replica]:
    consumer_ids = sorted({r["consumer_id"] for r in rows})
    principals = {p.id: p for p in await principals_with_role(CONSUMER_ROLE, environment)}
    registered = await _registered(consumer_ids)
    capabilities = await _capabilities_by_consumer(consumer_ids)
    out: list[Replica] = []
    for r in rows:
        consumer = principals.get(r["consumer_id"])
        reg = registered.get(r["consumer_id"])
        out.append(
            Replica(
                id=str(r["id"]),
                consumer_id=r["consumer_id"],
                consumer_name=consumer.name if consumer else None,
                group=r["group_name"],
                server=r["server_name"],
                backup_type=r["backup_type"],
                intent=r["intent"],
                enabled=bool(r["enabled"]),
                notes=r["notes"],
                freshness_target_s=int(r["freshness_target_s"]),
                gap=capability_gap(
                    holds_role=consumer is not None,
                    registered=reg is not None and reg["capabilities_updated_at"] is not None,
                    capabilities=capabilities.get(r["consumer_id"], set()),
                    intent=r["intent"],
                    backup_type=r["backup_type"],
                ),
                created_at=r["created_at"],
                updated_at=r["updated_at"],
                created_by=r["created_by"],
            )
        )
    return out


def _scope(r: Replica) -> dict[str, Any]:
    return {
        "consumer_id": r.consumer_id,
        "group": r.group,
        "server": r.server,
        "backup_type": r.backup_type,
        "intent": r.intent,
    }


async def get_replica(replica_id: uuid.UUID, *, environment: str) -> Replica:
    """One declaration with its gap (404 when unknown)."""
    rows = await _raw(_REPLICA_SELECT + " where d.id = {}", replica_id)
    if not rows:
        raise NotFound(f"No replica declaration with id {replica_id}.")
    return (await _to_replicas(rows, environment))[0]


async def list_replicas(
    *,
    environment: str,
    consumer_id: str | None = None,
    group: str | None = None,
    limit: int | None = None,
    cursor: str | None = None,
) -> ReplicaPage:
    """Declarations, oldest first, optionally of one consumer and/or group, each with its gap."""
    size = clamp_limit(limit)
    after = _uuid_cursor(decode_cursor(cursor))
    rows = await _raw(
        _REPLICA_SELECT
        + """
        where ({}::uuid is null or d.id > {}) and ({}::text is null or d.consumer_id = {})
          and ({}::text is null or g.name = {})
        order by d.id limit {}
        """,
        after,
        after,
        consumer_id,
        consumer_id,
        group,
        group,
        size + 1,
    )
    items = await _to_replicas(rows[:size], environment)
    next_cursor = _page_cursor(items[-1].id, items[-1].id) if len(rows) > size and items else None
    return ReplicaPage(items=items, next_cursor=next_cursor)


async def declare_replica(data: ReplicaCreate, *, actor: Actor, environment: str) -> Replica:
    """Declare a replica (audited). 422 when the consumer does not hold the restore-consumer role,
    the group is unknown, or the server is unknown or in another group; 409 for a scope that is
    already declared (a group-wide declaration, server null, is its own scope)."""
    reason = _require_reason(data.reason)
    consumers = {p.id for p in await principals_with_role(CONSUMER_ROLE, environment)}
    if data.consumer_id not in consumers:
        raise Unprocessable(
            f"{data.consumer_id!r} is not a live principal holding the restore-consumer role in "
            f"environment {environment!r}; issue it a token with that role first.",
            errors=[FieldError(field="consumer_id", message="does not hold the restore-consumer role")],
        )
    replica_id = new_id()
    now = utcnow()
    async with _transaction():
        group_id = await _require_group_id(data.group)
        server_id: uuid.UUID | None = None
        if data.server is not None:
            rows = await _raw(_SERVER_SELECT + " where s.name = {}", data.server)
            if not rows:
                raise Unprocessable(
                    f"No server named {data.server!r}.",
                    errors=[FieldError(field="server", message="unknown server")],
                )
            if rows[0]["backup_group"] != group_id:
                raise Unprocessable(
                    f"The server {data.server!r} belongs to group {rows[0]['group_name']!r}, "
                    f"not {data.group!r}.",
                    errors=[FieldError(field="server", message="not a member of the group")],
                )
            server_id = rows[0]["id"]
        existing = await _raw(
            """
            select id from restore_replica
            where consumer_id = {} and backup_group = {} and server is not distinct from {}
              and backup_type = {} and intent = {}
            """,
            data.consumer_id,
            group_id,
            server_id,
            data.backup_type,
            data.intent,
        )
        if existing:
            raise Conflict(
                f"This scope is already declared (replica {existing[0]['id']}); patch or delete it.",
                holder=str(existing[0]["id"]),
            )
        try:
            await _raw(
                """
                insert into restore_replica (id, consumer_id, backup_group, server, backup_type, intent,
                  enabled, notes, freshness_target_s, created_at, updated_at, created_by)
                values ({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {})
                """,
                replica_id,
                data.consumer_id,
                group_id,
                server_id,
                data.backup_type,
                data.intent,
                data.enabled,
                data.notes,
                data.freshness_target_s,
                now,
                now,
                actor.name,
            )
        except asyncpg.UniqueViolationError as exc:  # a concurrent declaration of the same scope
            raise Conflict("This scope is already declared; patch or delete the existing one.") from exc
        replica = await get_replica(replica_id, environment=environment)
        await _audit(
            actor,
            "restore.replica.declare",
            f"replica:{replica_id}",
            reason,
            {**_scope(replica), "enabled": data.enabled, "freshness_target_s": data.freshness_target_s},
        )
    return replica


async def patch_replica(
    replica_id: uuid.UUID, patch: ReplicaPatch, *, actor: Actor, environment: str
) -> Replica:
    """Enable/disable a declaration, change its notes or freshness target (404 when unknown; a
    no-op is not audited)."""
    reason = _require_reason(patch.reason)
    async with _transaction():
        rows = await _raw("select * from restore_replica where id = {} for update", replica_id)
        if not rows:
            raise NotFound(f"No replica declaration with id {replica_id}.")
        row = rows[0]
        changed: dict[str, Any] = {}
        if patch.enabled is not msgspec.UNSET and patch.enabled != row["enabled"]:
            changed["enabled"] = patch.enabled
        if patch.notes is not msgspec.UNSET and patch.notes != row["notes"]:
            changed["notes"] = patch.notes
        if (
            patch.freshness_target_s is not msgspec.UNSET
            and patch.freshness_target_s != row["freshness_target_s"]
        ):
            changed["freshness_target_s"] = patch.freshness_target_s
        if changed:
            await _raw(
                "update restore_replica set enabled = {}, notes = {}, freshness_target_s = {},"
                " updated_at = {} where id = {}",
                changed.get("enabled", row["enabled"]),
                changed.get("notes", row["notes"]),
                changed.get("freshness_target_s", row["freshness_target_s"]),
                utcnow(),
                replica_id,
            )
            await _audit(
                actor,
                "restore.replica.update",
                f"replica:{replica_id}",
                reason,
                {"before": {k: row[k] for k in changed}, "after": changed},
            )
    return await get_replica(replica_id, environment=environment)


async def delete_replica(replica_id: uuid.UUID, *, actor: Actor, reason: str, environment: str) -> None:
    """Delete a declaration (404 when unknown): the consumer stops getting it and its credentials."""
    reason = _require_reason(reason)
    async with _transaction():
        replica = await get_replica(replica_id, environment=environment)
        await _raw("delete from restore_replica where id = {}", replica_id)
        await _audit(actor, "restore.replica.delete", f"replica:{replica_id}", reason, _scope(replica))


# --- worklist and coverage ---------------------------------------------------------------------

_WORKLIST_SQL = """
with expanded as (
  select distinct on (s.id, d.backup_type, d.intent)
    d.id as declaration_id, s.id as server_id, s.name as server_name, g.name as group_name,
    g.bucket, g.prefix, g.region, g.endpoint, d.backup_type, d.intent
  from restore_replica d
  join restore_server s
    on s.live and (s.id = d.server or (d.server is null and s.backup_group = d.backup_group))
  join restore_backup_group g on g.id = s.backup_group
  where d.consumer_id = {} and d.enabled
    and exists (
      select 1 from restore_consumer_capability c
      where c.consumer = d.consumer_id and c.intent = d.intent and c.backup_type = d.backup_type
    )
  order by s.id, d.backup_type, d.intent, (d.server is null), d.id
)
select e.*, latest.snapshot_id, latest.finished_at
from expanded e
left join lateral (
  select r.snapshot_id, r.finished_at from restore_backup_run r
  where r.server = e.server_id and r.backup_type = e.backup_type and r.status = 'succeeded'
  order by r.finished_at desc, r.id desc limit 1
) latest on true
order by e.group_name, e.server_name, e.backup_type, e.intent
"""


async def worklist(consumer_id: str) -> Worklist:
    """The consumer's work: its enabled declarations expanded per live server of the group,
    only for intents and backup types it registered, a server-specific declaration winning
    over a group-wide one for the same (server, type, intent), each with the latest successful
    snapshot and the repository coordinates; ordered by group, server, type, intent. Marks the
    consumer seen."""
    await _touch_consumer(consumer_id)
    rows = await _raw(_WORKLIST_SQL, consumer_id)
    items = [
        WorklistItem(
            declaration_id=str(r["declaration_id"]),
            server=r["server_name"],
            group=r["group_name"],
            backup_type=r["backup_type"],
            intent=r["intent"],
            snapshot=(
                WorklistSnapshot(id=r["snapshot_id"], finished_at=r["finished_at"])
                if r["snapshot_id"] is not None
                else None
            ),
            snapshot_missing_reason=SNAPSHOT_MISSING_REASON if r["snapshot_id"] is None else None,
            repository=BackupRepository(
                bucket=r["bucket"], prefix=r["prefix"], region=r["region"], endpoint=r["endpoint"]
            ),
        )
        for r in rows
    ]
    return Worklist(consumer_id=consumer_id, items=items)


async def covering_declaration(
    consumer_id: str, server: str, backup_type: str, intent: str
) -> Coverage | None:
    """The enabled declaration that lets ``consumer_id`` restore ``server``'s ``backup_type``
    backups for ``intent`` — server-specific first, else group-wide — when the server is live and
    the consumer registered that intent and type; None otherwise. Carries the group's repository
    and password reference for the credentials broker."""
    rows = await _raw(
        """
        select d.id, g.name as group_name, s.name as server_name, d.backup_type, d.intent,
               g.bucket, g.prefix, g.region, g.endpoint, g.password_ref
        from restore_server s
        join restore_backup_group g on g.id = s.backup_group
        join restore_replica d
          on d.consumer_id = {} and d.enabled and d.backup_type = {} and d.intent = {}
         and (d.server = s.id or (d.server is null and d.backup_group = s.backup_group))
        where s.name = {} and s.live
          and exists (
            select 1 from restore_consumer_capability c
            where c.consumer = d.consumer_id and c.intent = d.intent and c.backup_type = d.backup_type
          )
        order by (d.server is null), d.id
        limit 1
        """,
        consumer_id,
        backup_type,
        intent,
        server,
    )
    if not rows:
        return None
    r = rows[0]
    return Coverage(
        declaration_id=str(r["id"]),
        group=r["group_name"],
        server=r["server_name"],
        backup_type=r["backup_type"],
        intent=r["intent"],
        bucket=r["bucket"],
        prefix=r["prefix"],
        region=r["region"],
        endpoint=r["endpoint"],
        password_ref=r["password_ref"],
    )
