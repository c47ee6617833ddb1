"""The credentials ledger: one row per issue of restore credentials (the rate limit counts them).

The value checks (non-empty names, the outcomes, an expiry exactly when issued and after the
issue) are in the raw-SQL migration that created the table (2026-11-30T04:20:00).
"""

from __future__ import annotations

from piccolo.columns import BigSerial, Timestamptz, Varchar
from piccolo.table import Table


class RestoreCredentialIssue(Table, tablename="restore_credential_issue"):
    id = BigSerial(primary_key=True)
    consumer_id = Varchar(length=160)
    declaration_id = Varchar(length=64)
    server = Varchar(length=63)
    request_id = Varchar(length=128, null=True, default=None)
    issued_at = Timestamptz()
    expires_at = Timestamptz(null=True, default=None)
    outcome = Varchar(length=16, default="pending")


CREDENTIAL_TABLES = [RestoreCredentialIssue]
