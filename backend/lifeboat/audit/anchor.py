"""Anchors of the audit chain outside PostgreSQL: the head in NATS KV, checkpoints in the store.

Someone who can write the audit table can delete its newest rows; the chain that is left still
links. So each process that appends publishes the committed head ``{seq, hash}`` to the NATS KV
bucket ``lifeboat_audit`` (key ``head.<s3 bucket>``, only ever moving forward: compare-and-set on
the KV revision), and every ``LIFEBOAT_AUDIT_CHECKPOINT_ROWS`` rows or
``LIFEBOAT_AUDIT_CHECKPOINT_INTERVAL_S`` seconds writes a checkpoint object
(``audit/checkpoints/latest.json`` and ``audit/checkpoints/<seq>.json``) to the object store.
Both are HMAC-signed with the chain's key. ``verify`` then finds a row the anchors vouch for
missing (tail truncation) or different (rewritten).

What is anchored is read back from the database (the committed head), never taken from an
append in flight: an append joins its caller's transaction, which may still roll back. The head
is anchored only when its own keyed hash verifies, so the anchor cannot be made to vouch for a
forged row, and only forward, so a truncated table cannot pull it back. A crash between commit
and publish loses nothing for long: every process anchors the head when it starts and then
every ``interval`` seconds, and ``verify`` anchors before it reads.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import re
import time
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

import msgspec
import structlog
from nats.js.errors import BucketNotFoundError, KeyDeletedError, KeyNotFoundError, KeyWrongLastSequenceError
from nats.js.kv import KeyValue

from lifeboat.audit.chain import AuditKey
from lifeboat.bus.connection import Bus
from lifeboat.core.clock import to_rfc3339, utcnow
from lifeboat.core.tasks import cancel_and_wait
from lifeboat.store.objects import ObjectStore

log = structlog.get_logger(__name__)

ANCHOR_BUCKET = "lifeboat_audit"
CHECKPOINT_PREFIX = "audit/checkpoints/"
LATEST_CHECKPOINT = CHECKPOINT_PREFIX + "latest.json"
#: After an append, re-read the head for this many ticks (its transaction may commit later).
_RECHECK_TICKS = 5
_TICK_S = 0.5


class AnchorUnavailable(RuntimeError):
    """NATS or the object store could not be read or written."""


class SignedHead(msgspec.Struct, frozen=True, kw_only=True):
    """What an anchor vouches for: the row ``seq`` exists and carries ``hash``."""

    seq: int
    hash: str
    keyed_from_seq: int
    written_at: datetime
    key_id: str
    mac: str = ""

    def message(self, kind: str) -> str:
        return "\n".join(
            ("lifeboat-audit-anchor", kind, str(self.seq), self.hash, str(self.keyed_from_seq),
             to_rfc3339(self.written_at), self.key_id)
        )  # fmt: skip

    def signed(self, key: AuditKey, kind: str) -> SignedHead:
        return msgspec.structs.replace(self, mac=key.mac(self.message(kind)))

    def signature_ok(self, key: AuditKey, kind: str) -> bool:
        return hmac.compare_digest(self.mac, key.mac(self.message(kind)))


#: (seq, hash, keyed_from_seq) of the committed head, or None for an empty log; None as well
#: when the head does not verify (it is then not anchored).
HeadSource = Callable[[], Awaitable[tuple[int, str, int] | None]]


def _kv_key(namespace: str) -> str:
    return "head." + (re.sub(r"[^-_=.a-zA-Z0-9]", "_", namespace) or "default")


class AuditAnchor:
    """Publishes and reads the chain's anchors for one installation (``namespace``: its bucket)."""

    def __init__(
        self,
        *,
        key: AuditKey,
        head: HeadSource,
        bus: Bus | None,
        store: ObjectStore | None,
        namespace: str,
        checkpoint_rows: int,
        checkpoint_interval_s: float,
        connect: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self.key = key
        self.head = head
        self.bus = bus
        self.store = store
        self.kv_key = _kv_key(namespace)
        self.checkpoint_rows = checkpoint_rows
        self.checkpoint_interval_s = checkpoint_interval_s
        self._connect = connect
        self._kv: tuple[object, KeyValue] | None = None
        self._checkpoint: SignedHead | None = None
        self._checkpoint_known = False
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._sync_lock = asyncio.Lock()

    # --- reading -------------------------------------------------------------------------------

    async def _bucket(self) -> KeyValue:
        if self.bus is None:
            raise AnchorUnavailable("no NATS is configured (LIFEBOAT_NATS_URL)")
        if self._connect is not None:
            await self._connect()
        try:
            client = self.bus.client
            if self._kv is not None and self._kv[0] is client:
                return self._kv[1]
            js = client.jetstream()
            try:
                kv = await js.key_value(ANCHOR_BUCKET)
            except BucketNotFoundError:
                kv = await js.create_key_value(
                    bucket=ANCHOR_BUCKET, history=16, description="Lifeboat audit chain heads (signed)"
                )
        except AnchorUnavailable:
            raise
        except Exception as exc:
            raise AnchorUnavailable(f"NATS KV {ANCHOR_BUCKET}: {str(exc) or type(exc).__name__}") from exc
        self._kv = (client, kv)
        return kv

    async def _read_kv(self) -> tuple[SignedHead | None, int | None]:
        kv = await self._bucket()
        try:
            entry = await kv.get(self.kv_key)
        except (KeyNotFoundError, KeyDeletedError):
            return None, None
        except Exception as exc:
            raise AnchorUnavailable(f"NATS KV {ANCHOR_BUCKET}: {str(exc) or type(exc).__name__}") from exc
        if not entry.value:
            return None, entry.revision
        try:
            return msgspec.json.decode(entry.value, type=SignedHead), entry.revision
        except (msgspec.DecodeError, msgspec.ValidationError):
            return SignedHead(seq=0, hash="", keyed_from_seq=0, written_at=utcnow(), key_id="", mac=""), (
                entry.revision
            )

    async def read_head(self) -> SignedHead | None:
        """The head anchored in NATS KV (None: nothing anchored); ``AnchorUnavailable``."""
        value, _ = await self._read_kv()
        return value

    async def read_checkpoint(self) -> SignedHead | None:
        """The latest checkpoint in the object store (None: none yet); ``AnchorUnavailable``."""
        if self.store is None:
            raise AnchorUnavailable("no object store is configured")
        try:
            raw = await self.store.get_bytes(LATEST_CHECKPOINT)
        except Exception as exc:
            raise AnchorUnavailable(f"object store: {str(exc).splitlines()[0][:200]}") from exc
        if raw is None:
            return None
        try:
            return msgspec.json.decode(raw, type=SignedHead)
        except (msgspec.DecodeError, msgspec.ValidationError):
            return SignedHead(seq=0, hash="", keyed_from_seq=0, written_at=utcnow(), key_id="", mac="")

    # --- writing -------------------------------------------------------------------------------

    async def _publish_head(self, seq: int, digest: str, keyed_from_seq: int) -> None:
        kv = await self._bucket()
        for _ in range(5):
            current, revision = await self._read_kv()
            if current is not None and current.seq >= seq:
                if current.seq == seq and current.hash != digest:
                    log.error("audit_anchor_disagrees", seq=seq, anchored_hash=current.hash, head_hash=digest)
                return  # never backwards: a truncated table cannot pull the anchor back
            if current is not None and not current.signature_ok(self.key, "head"):
                log.error(
                    "audit_anchor_invalid",
                    seq=current.seq,
                    detail="the anchored head is not signed by this key",
                )
                return
            value = SignedHead(
                seq=seq,
                hash=digest,
                keyed_from_seq=keyed_from_seq,
                written_at=utcnow(),
                key_id=self.key.key_id,
            ).signed(self.key, "head")
            try:
                if revision is None:
                    await kv.create(self.kv_key, msgspec.json.encode(value))
                else:
                    await kv.update(self.kv_key, msgspec.json.encode(value), last=revision)
                return
            except KeyWrongLastSequenceError:
                continue  # another process moved it; read again
            except Exception as exc:
                raise AnchorUnavailable(f"NATS KV {ANCHOR_BUCKET}: {str(exc) or type(exc).__name__}") from exc

    async def _write_checkpoint(self, seq: int, digest: str, keyed_from_seq: int) -> None:
        if self.store is None:
            raise AnchorUnavailable("no object store is configured")
        if not self._checkpoint_known:
            self._checkpoint = await self.read_checkpoint()
            self._checkpoint_known = True
        last = self._checkpoint
        if last is not None and last.seq >= seq:
            return
        due = (
            last is None
            or seq - last.seq >= self.checkpoint_rows
            or utcnow() - last.written_at >= timedelta(seconds=self.checkpoint_interval_s)
        )
        if not due:
            return
        value = SignedHead(
            seq=seq, hash=digest, keyed_from_seq=keyed_from_seq, written_at=utcnow(), key_id=self.key.key_id
        ).signed(self.key, "checkpoint")
        body = msgspec.json.encode(value)
        try:
            await self.store.put_bytes(f"{CHECKPOINT_PREFIX}{seq:020d}.json", body, "application/json")
            await self.store.put_bytes(LATEST_CHECKPOINT, body, "application/json")
        except Exception as exc:
            raise AnchorUnavailable(f"object store: {str(exc).splitlines()[0][:200]}") from exc
        self._checkpoint = value
        log.info("audit_checkpoint_written", seq=seq)

    async def sync(self) -> None:
        """Anchor the committed head (KV always, a checkpoint when one is due); logs failures."""
        async with self._sync_lock:
            try:
                head = await self.head()
            except Exception as exc:
                log.warning("audit_anchor_head_unreadable", error=str(exc)[:200])
                return
            if head is None:
                return
            seq, digest, keyed_from_seq = head
            for name, write in (("nats-kv", self._publish_head), ("object-store", self._write_checkpoint)):
                try:
                    await write(seq, digest, keyed_from_seq)
                except AnchorUnavailable as exc:
                    log.warning("audit_anchor_unavailable", anchor=name, seq=seq, error=str(exc)[:200])

    # --- the background loop ------------------------------------------------------------------

    def nudge(self) -> None:
        """A row was appended: anchor it soon (after its transaction commits)."""
        self._wake.set()

    def start(self) -> None:
        """Anchor now and keep anchoring in the background until ``stop``."""
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="audit-anchor")

    async def stop(self) -> None:
        """Anchor once more (bounded) and stop the loop."""
        if self._task is not None:
            task, self._task = self._task, None
            await cancel_and_wait(task)
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.sync(), timeout=3.0)

    async def _run(self) -> None:
        recheck = 0
        next_periodic = 0.0
        while True:
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=_TICK_S)
                self._wake.clear()
                recheck = _RECHECK_TICKS
            except TimeoutError:
                if recheck > 0:
                    recheck -= 1
                elif time.monotonic() < next_periodic:
                    continue
            next_periodic = time.monotonic() + min(self.checkpoint_interval_s, 30.0)
            await self.sync()


class _AnchorHolder:
    anchor: AuditAnchor | None = None


_holder = _AnchorHolder()


def install_anchor(anchor: AuditAnchor | None) -> None:
    """Make ``anchor`` the one appends nudge and verify reads (None: no anchor)."""
    _holder.anchor = anchor


def current_anchor() -> AuditAnchor | None:
    """The process's anchor, if one is installed."""
    return _holder.anchor
