"""The audit chain's hashes and its key.

Rows from the key epoch on (``lifeboat_audit_keyed_from_seq()``, recorded by the migration that
keyed the chain) carry ``HMAC-SHA256(key, prev_hash || "\\n" || canonical JSON of the row)``;
rows before it (written by versions that hashed without a key) carry the plain sha256 of the
same input and are reported as legacy by ``verify``. The key (``LIFEBOAT_AUDIT_KEY``) lives
outside the database, so someone who can write the table cannot re-hash the rows they change.

One key per process: ``configure_audit_key`` is called by every entry point that appends
(``create_app``, the worker, the CLI's user and token commands, ``lifeboat dev``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import structlog

from lifeboat.core.clock import to_rfc3339
from lifeboat.settings import Settings, SettingsError

log = structlog.get_logger(__name__)

GENESIS_HASH = "0" * 64
#: Environments in which a process without ``LIFEBOAT_AUDIT_KEY`` runs on an ephemeral key.
EPHEMERAL_KEY_ENVIRONMENTS = frozenset({"dev", "test"})
MIN_KEY_LENGTH = 32


class AuditChainNotConfigured(RuntimeError):
    """An audit row was appended or verified before the process configured the chain's key."""


@dataclass(frozen=True)
class AuditKey:
    """The chain's HMAC key and its public fingerprint (``key_id``, shown by verify)."""

    secret: bytes
    ephemeral: bool = False

    @property
    def key_id(self) -> str:
        """A fingerprint that names the key without revealing it."""
        return hmac.new(self.secret, b"lifeboat-audit-key-id", hashlib.sha256).hexdigest()[:16]

    def mac(self, message: str) -> str:
        """HMAC-SHA256 of ``message`` under the key, hex."""
        return hmac.new(self.secret, message.encode(), hashlib.sha256).hexdigest()


class _KeyHolder:
    key: AuditKey | None = None
    ephemeral: AuditKey | None = None
    warned = False


_holder = _KeyHolder()


def audit_key_from_settings(settings: Settings) -> AuditKey:
    """The key of ``settings``; without one, refuse outside dev/test (there: one ephemeral key
    per process, loudly, since rows it keys stop verifying after a restart)."""
    if settings.audit_key:
        return AuditKey(secret=settings.audit_key.encode())
    if settings.environment not in EPHEMERAL_KEY_ENVIRONMENTS:
        raise SettingsError(
            f"LIFEBOAT_AUDIT_KEY is not set: the audit chain needs an HMAC key kept outside the "
            f"database (at least {MIN_KEY_LENGTH} characters, e.g. `openssl rand -base64 48`); "
            f"only the dev and test environments run without one (this is {settings.environment!r})"
        )
    if _holder.ephemeral is None:
        _holder.ephemeral = AuditKey(secret=secrets.token_bytes(32), ephemeral=True)
    return _holder.ephemeral


def configure_audit_key(settings: Settings) -> AuditKey:
    """Make ``settings``' key the one this process keys and verifies rows with."""
    key = audit_key_from_settings(settings)
    _holder.key = key
    return key


def current_audit_key() -> AuditKey:
    """The process's key (``AuditChainNotConfigured`` before ``configure_audit_key``)."""
    if _holder.key is None:
        raise AuditChainNotConfigured(
            "the audit chain has no key: call configure_audit_key(settings) when the process starts"
        )
    if _holder.key.ephemeral and not _holder.warned:
        _holder.warned = True  # on first use, so commands that never append (openapi) stay quiet
        log.warning(
            "audit_key_ephemeral",
            detail="LIFEBOAT_AUDIT_KEY is not set: audit rows are keyed by a key that dies with "
            "this process; they will not verify after a restart",
        )
    return _holder.key


def canonical_row(row: dict[str, Any]) -> str:
    """The canonical JSON a row's hash covers (sorted keys, compact, UTC RFC 3339 time)."""
    at = row["at"]
    payload = {
        "id": str(row["id"]),
        "seq": int(row["seq"]),
        "at": to_rfc3339(at) if isinstance(at, datetime) else str(at),
        "actor_id": row["actor_id"],
        "actor_name": row["actor_name"],
        "action": row["action"],
        "target": row["target"],
        "reason": row["reason"],
        "outcome": row["outcome"],
        "request_id": row["request_id"],
        "correlation_id": row["correlation_id"],
        "details": row["details"],
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def chain_hash(prev_hash: str, row: dict[str, Any]) -> str:
    """The legacy, unkeyed link: sha256(prev_hash || "\\n" || canonical JSON of the row)."""
    return hashlib.sha256((prev_hash + "\n" + canonical_row(row)).encode()).hexdigest()


def keyed_chain_hash(key: AuditKey, prev_hash: str, row: dict[str, Any]) -> str:
    """The keyed link: HMAC-SHA256(key, prev_hash || "\\n" || canonical JSON of the row)."""
    return key.mac(prev_hash + "\n" + canonical_row(row))


def row_hash(key: AuditKey, prev_hash: str, row: dict[str, Any], *, keyed_from_seq: int) -> str:
    """The hash ``row`` must carry: keyed from the key epoch on, legacy before it."""
    if int(row["seq"]) >= keyed_from_seq:
        return keyed_chain_hash(key, prev_hash, row)
    return chain_hash(prev_hash, row)
