"""Backup groups: one repository each (bucket, prefix, region, endpoint) and where its password
is read. Every operator change is audited with a reason in the same transaction as the change;
a change that changes nothing is not audited."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import msgspec

from lifeboat.core.clock import utcnow
from lifeboat.core.errors import Conflict, FieldError, InvalidInput, NotFound, Unprocessable
from lifeboat.core.ids import new_id
from lifeboat.core.pagination import clamp_limit, decode_cursor
from lifeboat.db.access import fetch_rows, transaction
from lifeboat.restore.catalog.models import (
    BackupGroup,
    BackupGroupCreate,
    BackupGroupPage,
    BackupGroupPatch,
    BackupRepository,
)
from lifeboat.restore.changes import Actor, Created, audit_change, require_reason
from lifeboat.restore.password_refs import check_password_ref
from lifeboat.restore.sql import page_cursor
from lifeboat.store.broker import UNSAFE_PREFIX_CHARACTERS


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


async def group_row(name: str, *, for_update: bool = False) -> dict[str, Any] | None:
    if for_update:
        rows = await fetch_rows("select * from restore_backup_group where name = $1 for update", name)
    else:
        rows = await fetch_rows("select * from restore_backup_group where name = $1", name)
    return rows[0] if rows else None


async def _select_group(name: str) -> BackupGroup | None:
    rows = await fetch_rows(_GROUP_SELECT + " where g.name = $1", name)
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
    rows = await fetch_rows(_GROUP_SELECT + " where g.name > $1 order by g.name limit $2", after, size + 1)
    items = [_to_group(r) for r in rows[:size]]
    next_cursor = page_cursor(items[-1].name, items[-1].id) if len(rows) > size and items else None
    return BackupGroupPage(items=items, next_cursor=next_cursor)


def prefixes_overlap(a: str, b: str) -> bool:
    """Whether credentials scoped to one prefix (``<prefix>/*``) would read the other's objects."""
    a, b = a.strip("/"), b.strip("/")
    return a == b or a.startswith(b + "/") or b.startswith(a + "/")


async def _refuse_shared_repository(name: str, bucket: str, prefix: str) -> None:
    """409 when another group's repository is, contains or lies inside ``bucket/prefix``: a
    consumer declared on one group would otherwise get credentials that read the other's.
    Serialised by a transaction-scoped advisory lock, so two writers cannot both pass."""
    await fetch_rows("select pg_advisory_xact_lock(hashtext($1))", "restore_backup_group_repository")
    rows = await fetch_rows("select name, prefix from restore_backup_group where bucket = $1", bucket)
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
    reason = require_reason(data.reason)
    definition = {
        "bucket": data.bucket,
        "prefix": validate_prefix(data.prefix),
        "region": data.region,
        "endpoint": validate_endpoint(data.endpoint),
        "password_ref": validate_password_ref(data.password_ref, secrets_dir=secrets_dir),
    }
    now = utcnow()
    async with transaction():
        await _refuse_shared_repository(data.name, data.bucket, data.prefix)
        inserted = await fetch_rows(
            """
            insert into restore_backup_group
              (id, name, bucket, prefix, region, endpoint, password_ref, created_at, updated_at, created_by)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
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
            await audit_change(actor, "restore.group.create", f"backup_group:{data.name}", reason, definition)
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
    reason = require_reason(patch.reason)
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
    async with transaction():
        row = await group_row(name, for_update=True)
        if row is None:
            raise NotFound(f"No backup group named {name!r}.")
        changed = {key: value for key, value in changes.items() if row[key] != value}
        if "bucket" in changed or "prefix" in changed:
            await _refuse_shared_repository(
                name, changed.get("bucket", row["bucket"]), changed.get("prefix", row["prefix"])
            )
        if changed:
            await fetch_rows(
                """
                update restore_backup_group
                set bucket = $1, prefix = $2, region = $3, endpoint = $4, password_ref = $5, updated_at = $6
                where id = $7
                """,
                changed.get("bucket", row["bucket"]),
                changed.get("prefix", row["prefix"]),
                changed.get("region", row["region"]),
                changed.get("endpoint", row["endpoint"]),
                changed.get("password_ref", row["password_ref"]),
                utcnow(),
                row["id"],
            )
            await audit_change(
                actor,
                "restore.group.update",
                f"backup_group:{name}",
                reason,
                {"before": {k: row[k] for k in changed}, "after": changed},
            )
    return await get_group(name)


async def delete_group(name: str, *, actor: Actor, reason: str) -> None:
    """Delete a group (404 when unknown; 409 while servers or declarations still use it)."""
    reason = require_reason(reason)
    async with transaction():
        row = await group_row(name, for_update=True)
        if row is None:
            raise NotFound(f"No backup group named {name!r}.")
        counts = await fetch_rows(
            """
            select (select count(*) from restore_server where backup_group = $1) as servers,
                   (select count(*) from restore_replica where backup_group = $2) as replicas
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
        await fetch_rows("delete from restore_backup_group where id = $1", row["id"])
        await audit_change(
            actor,
            "restore.group.delete",
            f"backup_group:{name}",
            reason,
            {k: row[k] for k in ("bucket", "prefix", "region", "endpoint", "password_ref")},
        )
