"""Identity rules: passwords, users, sessions, login throttling and API tokens.

Secrets (passwords, session tokens, API tokens) are never stored: passwords as argon2 hashes,
tokens as sha256 (they are 256-bit random, so a fast hash is enough). Every change appends an
audit row in the same transaction.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
import uuid
from datetime import datetime, timedelta
from typing import Any, TypedDict

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from lifeboat.audit.service import append_audit
from lifeboat.auth.models import (
    ApiTokenCreate,
    ApiTokenCreated,
    ApiTokenInfo,
    ApiTokenPage,
    Principal,
    Role,
    RoleBinding,
    UserBindingsUpdate,
    UserCreate,
    UserInfo,
    UserPage,
)
from lifeboat.auth.permissions import binding_applies, is_admin_in, require_administers
from lifeboat.auth.tables import ApiToken, LoginAttempt, Session, User, UserRole
from lifeboat.core.clock import utcnow
from lifeboat.core.errors import Conflict, FieldError, InvalidInput, NotFound, RateLimited, Unauthenticated
from lifeboat.core.ids import new_id
from lifeboat.core.pagination import CursorPosition, InvalidCursor, clamp_limit, decode_cursor, encode_cursor
from lifeboat.db.access import transaction

TOKEN_PREFIX = "lb_"
_hasher = PasswordHasher()
# Verified against when a username does not exist, so timing does not reveal which names exist.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))
_TOUCH_EVERY = timedelta(seconds=60)


class LoginFailed(Unauthenticated):
    """A wrong username or password (the same answer for both, so names are not revealed)."""

    title = "Login failed"


def hash_secret(secret: str) -> str:
    """sha256 hex of a high-entropy secret (API token or session token)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def csrf_token_for(session_token: str, session_secret: str) -> str:
    """The CSRF token bound to a session: HMAC of the session token under the session secret."""
    return hmac.new(session_secret.encode(), session_token.encode(), hashlib.sha256).hexdigest()


async def hash_password(password: str) -> str:
    """argon2id hash (off the event loop: it is deliberately slow)."""
    return await asyncio.to_thread(_hasher.hash, password)


async def _verify_password(password_hash: str | None, password: str) -> bool:
    def check() -> bool:
        try:
            return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    return await asyncio.to_thread(check)


class _Actor(TypedDict):
    actor_id: str
    actor_name: str


def _actor(principal: Principal) -> _Actor:
    return {"actor_id": principal.id, "actor_name": principal.name}


# --- users -------------------------------------------------------------------------------


async def _bindings_for_user(user_id: uuid.UUID) -> list[RoleBinding]:
    rows = (
        await UserRole.select(UserRole.role, UserRole.environment)
        .where(UserRole.user == user_id)
        .order_by(UserRole.role)
    )
    return [RoleBinding(role=r["role"], environment=r["environment"]) for r in rows]


def _user_info(row: dict[str, Any], bindings: list[RoleBinding]) -> UserInfo:
    return UserInfo(
        id=str(row["id"]),
        username=row["username"],
        display_name=row["display_name"],
        bindings=bindings,
        disabled=bool(row["disabled"]),
        created_at=row["created_at"],
        last_login_at=row["last_login_at"],
    )


async def count_users() -> int:
    """How many local users exist."""
    return int(await User.count())


async def create_user(data: UserCreate, *, actor: Principal) -> UserInfo:
    """Create a local user with one role binding (409 when the username is taken; 403 unless the
    actor administers the binding's environment)."""
    require_administers(actor, {data.environment}, "Creating a user")
    password_hash = await hash_password(data.password)
    async with transaction():
        existing = await User.exists().where(User.username == data.username)
        if existing:
            raise Conflict(f"A user named {data.username!r} already exists.")
        user_id = new_id()
        now = utcnow()
        await User.insert(
            User(
                id=user_id,
                username=data.username,
                display_name=data.display_name or data.username,
                password_hash=password_hash,
                disabled=False,
                created_at=now,
            )
        )
        await UserRole.insert(
            UserRole(id=new_id(), user=user_id, role=data.role, environment=data.environment)
        )
        await append_audit(
            **_actor(actor),
            action="user.create",
            target=f"user:{data.username}",
            reason=data.reason,
            details={"role": data.role, "environment": data.environment},
        )
    row = await User.select().where(User.id == user_id).first()
    assert row is not None
    return _user_info(row, await _bindings_for_user(user_id))


async def set_password(username: str, password: str, *, actor: Principal, reason: str) -> None:
    """Replace a user's password and end their sessions."""
    if len(password) < 12:
        raise InvalidInput(
            "The password must be at least 12 characters.",
            errors=[FieldError(field="password", message="at least 12 characters")],
        )
    password_hash = await hash_password(password)
    async with transaction():
        row = await User.select(User.id).where(User.username == username).first()
        if row is None:
            raise NotFound(f"No user named {username!r}.")
        await User.update({User.password_hash: password_hash}).where(User.id == row["id"])
        await Session.delete().where(Session.user == row["id"])
        await append_audit(
            **_actor(actor), action="user.set_password", target=f"user:{username}", reason=reason
        )


async def set_user_bindings(username: str, data: UserBindingsUpdate, *, actor: Principal) -> UserInfo:
    """Replace a user's role bindings with ``data.bindings``.

    403 unless the actor administers the environment of every binding added or removed
    (bindings left as they are need nothing): an environment's admin can change what a user
    may do there and nowhere else.
    """
    wanted = {(b.role, b.environment) for b in data.bindings}
    async with transaction() as conn:
        row = await User.select(User.id).where(User.username == username).first()
        if row is None:
            raise NotFound(f"No user named {username!r}.")
        user_id = row["id"]
        # Lock the user's bindings so concurrent changes apply one after another.
        await conn.execute("select id from auth_user where id = $1 for update", user_id)
        current = {(b.role, b.environment) for b in await _bindings_for_user(user_id)}
        added, removed = wanted - current, current - wanted
        require_administers(actor, {env for _, env in added | removed}, "Changing a user's roles")
        if added or removed:
            for role, environment in sorted(removed):
                await UserRole.delete().where(
                    (UserRole.user == user_id)
                    & (UserRole.role == role)
                    & (UserRole.environment == environment)
                )
            for role, environment in sorted(added):
                await UserRole.insert(UserRole(id=new_id(), user=user_id, role=role, environment=environment))
            await append_audit(
                **_actor(actor),
                action="user.set_bindings",
                target=f"user:{username}",
                reason=data.reason,
                details={
                    "added": [{"role": r, "environment": e} for r, e in sorted(added)],
                    "removed": [{"role": r, "environment": e} for r, e in sorted(removed)],
                },
            )
    user = await User.select().where(User.id == user_id).first()
    assert user is not None
    return _user_info(user, await _bindings_for_user(user_id))


async def list_users(*, limit: int | None, cursor: str | None) -> UserPage:
    """Users ordered by username."""
    size = clamp_limit(limit)
    position = decode_cursor(cursor)
    query = User.select().order_by(User.username).limit(size + 1)
    if position is not None:
        query = query.where(User.username > position.key)
    rows = await query
    items = [_user_info(r, await _bindings_for_user(r["id"])) for r in rows[:size]]
    next_cursor = None
    if len(rows) > size and items:
        next_cursor = encode_cursor(CursorPosition(key=items[-1].username, id=items[-1].id))
    return UserPage(items=items, next_cursor=next_cursor)


async def user_principal(
    user_id: uuid.UUID, environment: str, session_id: str | None = None
) -> Principal | None:
    """The principal of an enabled user."""
    row = await User.select(User.id, User.username, User.disabled).where(User.id == user_id).first()
    if row is None or row["disabled"]:
        return None
    bindings = await _bindings_for_user(user_id)
    return Principal(
        id=f"user:{row['id']}",
        kind="user",
        name=row["username"],
        bindings=bindings,
        is_admin=is_admin_in(bindings, environment),
        session_id=session_id,
    )


# --- login and sessions ------------------------------------------------------------------


# pg_advisory_xact_lock(class, key) class of the login throttle ("LBLO"); the key is the
# username's hashtext, so concurrent attempts on one username are counted one at a time.
_LOGIN_LOCK_CLASS = 0x4C424C4F


def _retry_after(failures: list[datetime], limit: int, window_s: int) -> int:
    """Seconds until the oldest of the ``limit`` newest failures leaves the window."""
    oldest = sorted(failures)[-limit]
    return max(1, int((oldest + timedelta(seconds=window_s) - utcnow()).total_seconds()) + 1)


async def _reserve_login_attempt(
    username: str, client: str, *, max_failures: int, max_failures_per_user: int, window_s: int
) -> uuid.UUID:
    """Check the limits and count this attempt as a failure, atomically (429 when over a limit).

    Two limits, both over ``window_s``: ``max_failures`` per (username, client address), so a
    guesser is stopped quickly, and the looser ``max_failures_per_user`` over every address, so
    one address cannot lock the real user out (only a distributed guess reaches the ceiling).
    The check and the count happen under a transaction-scoped advisory lock on the username:
    concurrent attempts are counted one after another, so 20 parallel guesses with a limit of
    5 get 5 password checks, not 20. The attempt is counted before the password is checked and
    marked succeeded afterwards when it was right.
    """
    since = utcnow() - timedelta(seconds=window_s)
    async with transaction() as conn:
        await conn.execute("select pg_advisory_xact_lock($1, hashtext($2))", _LOGIN_LOCK_CLASS, username)
        rows = await LoginAttempt.select(LoginAttempt.at, LoginAttempt.client).where(
            (LoginAttempt.username == username)
            & (LoginAttempt.at >= since)
            & (LoginAttempt.succeeded == False)  # noqa: E712 - Piccolo builds SQL from ==
        )
        from_client = [r["at"] for r in rows if r["client"] == client]
        if len(from_client) >= max_failures or len(rows) >= max_failures_per_user:
            if len(from_client) >= max_failures:
                retry_after = _retry_after(from_client, max_failures, window_s)
            else:
                retry_after = _retry_after([r["at"] for r in rows], max_failures_per_user, window_s)
            raise RateLimited(
                f"Too many failed logins; try again in {retry_after} s.",
                headers={"Retry-After": str(retry_after)},
            )
        attempt_id = new_id()
        await LoginAttempt.insert(
            LoginAttempt(id=attempt_id, username=username, client=client, at=utcnow(), succeeded=False)
        )
    return attempt_id


async def login(
    username: str,
    password: str,
    *,
    client: str,
    environment: str,
    session_ttl_s: int,
    max_failures: int,
    max_failures_per_user: int | None = None,
    window_s: int,
) -> tuple[Principal, str]:
    """Check a user's password and open a session; returns the principal and session token.

    ``client`` is the request's client address (``core.context.client_address_from_scope``).
    """
    username, client = username[:64], client[:64]
    attempt_id = await _reserve_login_attempt(
        username,
        client,
        max_failures=max_failures,
        max_failures_per_user=max(max_failures, max_failures_per_user or max_failures),
        window_s=window_s,
    )
    row = (
        await User.select(User.id, User.password_hash, User.disabled).where(User.username == username).first()
    )
    ok = await _verify_password(row["password_hash"] if row else None, password)
    now = utcnow()
    if not ok or row is None or row["disabled"]:
        await append_audit(
            actor_id=f"anonymous:{client}",
            actor_name=username[:128],
            action="auth.login",
            target=f"user:{username}",
            outcome="failure",
            details={"client": client},
        )
        raise LoginFailed("Wrong username or password.")
    token = secrets.token_urlsafe(32)
    session_id = new_id()
    async with transaction():
        await Session.insert(
            Session(
                id=session_id,
                token_hash=hash_secret(token),
                user=row["id"],
                created_at=now,
                expires_at=now + timedelta(seconds=session_ttl_s),
                last_seen_at=now,
            )
        )
        await LoginAttempt.update({LoginAttempt.succeeded: True, LoginAttempt.at: now}).where(
            LoginAttempt.id == attempt_id
        )
        await User.update({User.last_login_at: now}).where(User.id == row["id"])
        await append_audit(
            actor_id=f"user:{row['id']}",
            actor_name=username,
            action="auth.login",
            target=f"user:{username}",
            details={"client": client, "session_id": str(session_id)},
        )
    principal = await user_principal(row["id"], environment, session_id=str(session_id))
    assert principal is not None
    return principal, token


async def session_principal(token: str, environment: str) -> Principal | None:
    """The user behind a live session token, or None."""
    now = utcnow()
    row = (
        await Session.select(Session.id, Session.user, Session.expires_at, Session.last_seen_at)
        .where(Session.token_hash == hash_secret(token))
        .first()
    )
    if row is None or row["expires_at"] <= now:
        return None
    if now - row["last_seen_at"] > _TOUCH_EVERY:
        await Session.update({Session.last_seen_at: now}).where(Session.id == row["id"])
    return await user_principal(row["user"], environment, session_id=str(row["id"]))


async def logout(principal: Principal) -> None:
    """End the principal's session (no-op for tokens)."""
    if principal.session_id is None:
        return
    async with transaction():
        await Session.delete().where(Session.id == uuid.UUID(principal.session_id))
        await append_audit(**_actor(principal), action="auth.logout", target=principal.id)


# --- API tokens --------------------------------------------------------------------------


def _token_info(row: dict[str, Any]) -> ApiTokenInfo:
    return ApiTokenInfo(
        id=str(row["id"]),
        name=row["name"],
        prefix=row["prefix"],
        role=row["role"],
        environment=row["environment"],
        created_at=row["created_at"],
        created_by=row["created_by"],
        expires_at=row["expires_at"],
        last_used_at=row["last_used_at"],
        revoked_at=row["revoked_at"],
    )


async def create_api_token(data: ApiTokenCreate, *, actor: Principal) -> ApiTokenCreated:
    """Mint a token; the secret is returned once and only its hash is kept (403 unless the actor
    administers the token's environment)."""
    require_administers(actor, {data.environment}, "Creating a token")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = utcnow()
    token_id = new_id()
    expires_at = now + timedelta(days=data.expires_in_days) if data.expires_in_days else None
    async with transaction():
        await ApiToken.insert(
            ApiToken(
                id=token_id,
                name=data.name,
                prefix=secret[:10],
                token_hash=hash_secret(secret),
                role=data.role,
                environment=data.environment,
                created_at=now,
                created_by=actor.name,
                expires_at=expires_at,
            )
        )
        await append_audit(
            **_actor(actor),
            action="token.create",
            target=f"token:{token_id}",
            reason=data.reason,
            details={
                "name": data.name,
                "role": data.role,
                "environment": data.environment,
                "prefix": secret[:10],
                "expires_at": expires_at.isoformat() if expires_at else None,
            },
        )
    row = await ApiToken.select().where(ApiToken.id == token_id).first()
    assert row is not None
    return ApiTokenCreated(token=_token_info(row), secret=secret)


async def list_api_tokens(*, limit: int | None, cursor: str | None) -> ApiTokenPage:
    """Tokens, newest first."""
    size = clamp_limit(limit)
    position = decode_cursor(cursor)
    query = ApiToken.select().order_by(ApiToken.id, ascending=False).limit(size + 1)
    if position is not None:
        try:
            after = uuid.UUID(position.id)
        except ValueError as exc:
            raise InvalidCursor() from exc
        query = query.where(ApiToken.id < after)
    rows = await query
    items = [_token_info(r) for r in rows[:size]]
    next_cursor = None
    if len(rows) > size and items:
        next_cursor = encode_cursor(CursorPosition(key=items[-1].id, id=items[-1].id))
    return ApiTokenPage(items=items, next_cursor=next_cursor)


async def revoke_api_token(token_id: uuid.UUID, *, actor: Principal, reason: str) -> ApiTokenInfo:
    """Revoke a token (idempotent: revoking a revoked token returns it unchanged, audited once;
    403 unless the actor administers the token's environment)."""
    async with transaction():
        target = await ApiToken.select(ApiToken.environment).where(ApiToken.id == token_id).first()
        if target is None:
            raise NotFound(f"No API token with id {token_id}.")
        require_administers(actor, {target["environment"]}, "Revoking a token")
        # A conditional update, so concurrent revokes cannot both see "not revoked" and audit twice.
        revoked = (
            await ApiToken.update({ApiToken.revoked_at: utcnow(), ApiToken.revoked_by: actor.name})
            .where((ApiToken.id == token_id) & ApiToken.revoked_at.is_null())
            .returning(ApiToken.name, ApiToken.prefix)
        )
        if revoked:
            await append_audit(
                **_actor(actor),
                action="token.revoke",
                target=f"token:{token_id}",
                reason=reason,
                details={"name": revoked[0]["name"], "prefix": revoked[0]["prefix"]},
            )
        row = await ApiToken.select().where(ApiToken.id == token_id).first()
        if row is None:
            raise NotFound(f"No API token with id {token_id}.")
    return _token_info(row)


async def token_principal(secret: str, environment: str) -> Principal | None:
    """The principal of a live (not revoked, not expired) API token, or None."""
    now = utcnow()
    row = await ApiToken.select().where(ApiToken.token_hash == hash_secret(secret)).first()
    if row is None or row["revoked_at"] is not None:
        return None
    if row["expires_at"] is not None and row["expires_at"] <= now:
        return None
    last_used = row["last_used_at"]
    if last_used is None or now - last_used > _TOUCH_EVERY:
        await ApiToken.update({ApiToken.last_used_at: now}).where(ApiToken.id == row["id"])
    bindings = [RoleBinding(role=row["role"], environment=row["environment"])]
    return Principal(
        id=f"token:{row['id']}",
        kind="token",
        name=row["name"],
        bindings=bindings,
        is_admin=is_admin_in(bindings, environment),
    )


async def ensure_dev_root_token(value: str) -> None:
    """Make an admin token whose secret is exactly ``value`` exist (the dev root token)."""
    digest = hash_secret(value)
    existing = (
        await ApiToken.select(ApiToken.id, ApiToken.revoked_at).where(ApiToken.token_hash == digest).first()
    )
    if existing is not None and existing["revoked_at"] is None:
        return
    system = Principal(id="system:dev", kind="token", name="lifeboat dev", bindings=[])
    async with transaction():
        if existing is not None:
            await ApiToken.delete().where(ApiToken.id == existing["id"])
        token_id = new_id()
        await ApiToken.insert(
            ApiToken(
                id=token_id,
                name="dev-root-token",
                prefix=value[:3] + "…",
                token_hash=digest,
                role="admin",
                environment="*",
                created_at=utcnow(),
                created_by=system.name,
            )
        )
        await append_audit(
            **_actor(system),
            action="token.create",
            target=f"token:{token_id}",
            reason="LIFEBOAT_DEV_ROOT_TOKEN is set",
            details={"name": "dev-root-token", "role": "admin", "environment": "*"},
        )


async def principals_with_role(role: Role, environment: str) -> list[Principal]:
    """Every live principal holding ``role`` in ``environment``, by name: API tokens that are
    neither revoked nor expired, and enabled local users (the restore domain lists consumers)."""
    now = utcnow()
    out: list[Principal] = []
    tokens = await ApiToken.select(ApiToken.id, ApiToken.name, ApiToken.environment).where(
        (ApiToken.role == role)
        & ApiToken.revoked_at.is_null()
        & (ApiToken.expires_at.is_null() | (ApiToken.expires_at > now))
    )
    for row in tokens:
        bindings = [RoleBinding(role=role, environment=row["environment"])]
        if binding_applies(bindings[0], environment):
            out.append(Principal(id=f"token:{row['id']}", kind="token", name=row["name"], bindings=bindings))
    users = await UserRole.select(UserRole.user, UserRole.environment).where(
        (UserRole.role == role) & (UserRole.user.disabled == False)  # noqa: E712 - Piccolo builds SQL
    )
    for user_id in sorted({r["user"] for r in users if r["environment"] in ("*", environment)}, key=str):
        principal = await user_principal(user_id, environment)
        if principal is not None:
            out.append(principal)
    return sorted(out, key=lambda p: (p.name, p.id))


def system_principal(name: str, role: Role = "admin") -> Principal:
    """The principal for operator actions taken from the command line on this host."""
    return Principal(
        id=f"cli:{name}",
        kind="user",
        name=name,
        bindings=[RoleBinding(role=role, environment="*")],
        is_admin=True,
    )
