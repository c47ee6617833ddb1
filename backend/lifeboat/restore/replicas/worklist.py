"""The worklist (a consumer's enabled declarations expanded per live server) and
``covering_declaration`` (the credentials broker's and the runs API's authorisation question)."""

from __future__ import annotations

from lifeboat.db.access import fetch_rows
from lifeboat.restore.catalog.models import (
    BackupRepository,
)
from lifeboat.restore.replicas.consumers import touch_consumer
from lifeboat.restore.replicas.models import (
    Coverage,
    Worklist,
    WorklistItem,
    WorklistSnapshot,
)

SNAPSHOT_MISSING_REASON = "no successful backup run reported for this server and type"

_WORKLIST_SQL = """
with expanded as (
  select distinct on (s.id, d.backup_type, d.intent)
    d.id as declaration_id, s.id as server_id, s.name as server_name, g.name as group_name,
    g.bucket, g.prefix, g.region, g.endpoint, d.backup_type, d.intent
  from restore_replica d
  join restore_server s
    on s.live and (s.id = d.server or (d.server is null and s.backup_group = d.backup_group))
  join restore_backup_group g on g.id = s.backup_group
  where d.consumer_id = $1 and d.enabled
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
    await touch_consumer(consumer_id)
    rows = await fetch_rows(_WORKLIST_SQL, consumer_id)
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
    rows = await fetch_rows(
        """
        select d.id, g.name as group_name, s.name as server_name, d.backup_type, d.intent,
               g.bucket, g.prefix, g.region, g.endpoint, g.password_ref
        from restore_server s
        join restore_backup_group g on g.id = s.backup_group
        join restore_replica d
          on d.consumer_id = $1 and d.enabled and d.backup_type = $2 and d.intent = $3
         and (d.server = s.id or (d.server is null and d.backup_group = s.backup_group))
        where s.name = $4 and s.live
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
