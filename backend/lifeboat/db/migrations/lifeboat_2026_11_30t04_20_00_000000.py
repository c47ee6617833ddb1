"""Restore credentials: the issue ledger behind the per-consumer rate limit (no secret in it).

One row per credentials request that passed the covering-declaration check: reserved as
'pending' (counted by the rate limit at once, under a per-consumer advisory lock), then marked
'issued' with the credentials' expiry, or 'failed' when STS or the password could not deliver.
Written with raw SQL and read by the credentials service only (no Piccolo table).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-30T04:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "restore credentials: restore_credential_issue ledger"


class RawTable(Table):
    pass


STATEMENTS = [
    """
    create table restore_credential_issue (
      id bigint generated always as identity primary key,
      consumer_id varchar(160) not null check (consumer_id <> ''),
      declaration_id varchar(64) not null check (declaration_id <> ''),
      server varchar(63) not null check (server <> ''),
      request_id varchar(128),
      issued_at timestamptz not null default clock_timestamp(),
      expires_at timestamptz,
      outcome varchar(16) not null default 'pending'
        check (outcome in ('pending', 'issued', 'failed')),
      constraint restore_credential_issue_expiry_when_issued
        check ((outcome = 'issued') = (expires_at is not null)),
      constraint restore_credential_issue_expiry_after_issue
        check (expires_at is null or expires_at > issued_at)
    )
    """,
    """
    create index restore_credential_issue_consumer_window
      on restore_credential_issue (consumer_id, issued_at)
    """,
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="lifeboat", description=DESCRIPTION)

    async def run():
        for statement in STATEMENTS:
            await RawTable.raw(statement)

    manager.add_raw(run)
    return manager
