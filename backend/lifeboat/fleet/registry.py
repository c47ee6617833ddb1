"""The fleet service registry: register, update, delete, list (every change audited).

The name is the idempotency key of a registration; a base URL is normalised and checked
against the outbound policy before it is stored (the prober sends the fleet secret there).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

from lifeboat.audit.service import append_audit
from lifeboat.core.clock import utcnow
from lifeboat.core.errors import Conflict, FieldError, InvalidInput, NotFound
from lifeboat.core.outbound import OutboundPolicy
from lifeboat.core.pagination import CursorPosition, clamp_limit, decode_cursor, encode_cursor
from lifeboat.db.access import fetch_rows, transaction
from lifeboat.fleet.models import FleetService, FleetServicePage, FleetServiceSpec
from lifeboat.fleet.protocol import ServiceKind, Site
from lifeboat.fleet.tables import FleetService as FleetServiceTable


class Actor(Protocol):
    """Who changes the registry, as the audit log names them (a principal, or the dev seeder)."""

    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...


def validate_base_url(url: str) -> str:
    """The normalised base URL (no trailing slash); 400 naming ``base_url`` when it is not an
    http(s) URL with a host, or carries credentials, a query or a fragment."""
    problem: str | None = None
    try:
        parts = urlsplit(url.strip())
        port = parts.port  # raises ValueError on a bad port
    except ValueError:
        parts, port, problem = None, None, "not a valid URL"
    if parts is not None:
        if parts.scheme not in ("http", "https"):
            problem = "must start with http:// or https://"
        elif not parts.hostname:
            problem = "must name a host"
        elif parts.username is not None or parts.password is not None:
            problem = "must not carry credentials (the fleet secret is configured on Lifeboat)"
        elif parts.query or parts.fragment:
            problem = "must not have a query or fragment"
        elif port == 0:
            problem = "port must be 1..65535"
        elif any(ch.isspace() for ch in url.strip()):
            problem = "must not contain whitespace"
    if problem is not None:
        raise InvalidInput(f"base_url {problem}.", errors=[FieldError(field="base_url", message=problem)])
    return url.strip().rstrip("/")


def _require_reason(reason: str) -> str:
    text = reason.strip()
    if len(text) < 3:
        raise InvalidInput(
            "A reason is required (at least 3 characters).",
            errors=[FieldError(field="reason", message="at least 3 non-blank characters")],
        )
    return text


async def _normalise(spec: FleetServiceSpec, outbound: OutboundPolicy) -> FleetServiceSpec:
    """The spec with its base URL normalised and checked against the outbound policy (422 when
    it names a refused destination: the prober would send the fleet secret there)."""
    base_url = validate_base_url(spec.base_url)
    await outbound.check_url(base_url, url_field="base_url")
    return FleetServiceSpec(
        name=spec.name,
        kind=spec.kind,
        site=spec.site,
        environment=spec.environment,
        base_url=base_url,
    )


def _definition(spec: FleetServiceSpec | FleetService) -> dict[str, str]:
    return {
        "kind": spec.kind,
        "site": spec.site,
        "environment": spec.environment,
        "base_url": spec.base_url,
    }


def _to_service(row: dict[str, Any]) -> FleetService:
    return FleetService(
        name=row["name"],
        kind=row["kind"],
        site=row["site"],
        environment=row["environment"],
        base_url=row["base_url"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        created_by=row["created_by"],
    )


async def _select(name: str, *, for_update: bool = False) -> FleetService | None:
    if for_update:
        rows = await fetch_rows("select * from fleet_service where name = $1 for update", name)
    else:
        rows = await fetch_rows("select * from fleet_service where name = $1", name)
    return _to_service(rows[0]) if rows else None


async def get_service(name: str) -> FleetService:
    """One registered service (404 when unknown)."""
    found = await _select(name)
    if found is None:
        raise NotFound(f"No service named {name!r} is registered.")
    return found


async def list_services(
    *,
    kind: ServiceKind | None = None,
    site: Site | None = None,
    limit: int | None = None,
    cursor: str | None = None,
) -> FleetServicePage:
    """Registered services by name, optionally of one kind and/or site."""
    size = clamp_limit(limit)
    position = decode_cursor(cursor)
    query = FleetServiceTable.select().order_by(FleetServiceTable.name).limit(size + 1)
    if kind is not None:
        query = query.where(FleetServiceTable.kind == kind)
    if site is not None:
        query = query.where(FleetServiceTable.site == site)
    if position is not None:
        query = query.where(FleetServiceTable.name > position.id)
    rows = await query
    items = [_to_service(r) for r in rows[:size]]
    next_cursor = None
    if len(rows) > size and items:
        next_cursor = encode_cursor(CursorPosition(key=items[-1].name, id=items[-1].name))
    return FleetServicePage(items=items, next_cursor=next_cursor)


async def all_services() -> list[FleetService]:
    """Every registered service, by name."""
    rows = await FleetServiceTable.select().order_by(FleetServiceTable.name)
    return [_to_service(r) for r in rows]


@dataclass(frozen=True)
class Registered:
    """What a registration resolved to: the service, and whether this call created it."""

    service: FleetService
    created: bool


async def _insert(spec: FleetServiceSpec, actor: Actor) -> FleetService | None:
    now = utcnow()
    rows = await fetch_rows(
        """
        insert into fleet_service (name, kind, site, environment, base_url, created_at, updated_at, created_by)
        values ($1, $2, $3, $4, $5, $6, $7, $8)
        on conflict (name) do nothing
        returning *
        """,
        spec.name,
        spec.kind,
        spec.site,
        spec.environment,
        spec.base_url,
        now,
        now,
        actor.name,
    )
    return _to_service(rows[0]) if rows else None


async def _audit(actor: Actor, action: str, name: str, reason: str, details: dict[str, Any]) -> None:
    await append_audit(
        actor_id=actor.id,
        actor_name=actor.name,
        action=action,
        target=f"fleet_service:{name}",
        reason=reason,
        details=details,
    )


async def register_service(
    spec: FleetServiceSpec, *, actor: Actor, reason: str, outbound: OutboundPolicy
) -> Registered:
    """Register one service. The name is the idempotency key: the same definition again returns
    the existing entry (not audited again); a different definition under that name is a 409.
    A base URL the ``outbound`` policy refuses is a 422."""
    reason = _require_reason(reason)
    spec = await _normalise(spec, outbound)
    existing: FleetService | None = None
    for _ in range(3):  # a concurrent delete between the conflict and the read: try again
        async with transaction():
            created = await _insert(spec, actor)
            if created is not None:
                await _audit(actor, "fleet.service.register", spec.name, reason, _definition(spec))
                return Registered(service=created, created=True)
            existing = await _select(spec.name)
        if existing is not None:
            break
    if existing is None:
        raise Conflict(f"The service {spec.name!r} is being changed concurrently; try again.")
    if _definition(existing) != _definition(spec):
        raise Conflict(
            f"A service named {spec.name!r} is already registered with a different definition; "
            "change it with PUT /api/v1/fleet/services/{name}.",
            errors=[
                FieldError(field=key, message=f"registered as {value!r}")
                for key, value in _definition(existing).items()
                if value != _definition(spec)[key]
            ],
        )
    return Registered(service=existing, created=False)


async def register_services(
    specs: Sequence[FleetServiceSpec], *, actor: Actor, reason: str, outbound: OutboundPolicy
) -> list[FleetService]:
    """Make the registry hold these definitions (idempotent; what ``lifeboat dev`` seeds with).

    Missing services are registered, registered ones whose definition differs are updated, equal
    ones are left alone; each change is audited, a run that changes nothing writes nothing.
    Services registered but not in ``specs`` are left alone. Returns the entries, in ``specs`` order.
    """
    reason = _require_reason(reason)
    normalised = [await _normalise(spec, outbound) for spec in specs]
    names = [spec.name for spec in normalised]
    if len(set(names)) != len(names):
        raise InvalidInput(
            "Each service name may appear once.", errors=[FieldError(field="name", message="duplicate")]
        )
    out: list[FleetService] = []
    async with transaction():
        for spec in normalised:
            created = await _insert(spec, actor)
            if created is not None:
                await _audit(actor, "fleet.service.register", spec.name, reason, _definition(spec))
                out.append(created)
                continue
            out.append(await _replace(spec, actor=actor, reason=reason))
    return out


async def _replace(spec: FleetServiceSpec, *, actor: Actor, reason: str) -> FleetService:
    existing = await _select(spec.name, for_update=True)
    if existing is None:
        raise NotFound(f"No service named {spec.name!r} is registered.")
    before = _definition(existing)
    if before == _definition(spec):
        return existing
    rows = await fetch_rows(
        """
        update fleet_service set kind = $1, site = $2, environment = $3, base_url = $4, updated_at = $5
        where name = $6 returning *
        """,
        spec.kind,
        spec.site,
        spec.environment,
        spec.base_url,
        utcnow(),
        spec.name,
    )
    await _audit(
        actor, "fleet.service.update", spec.name, reason, {"before": before, "after": _definition(spec)}
    )
    return _to_service(rows[0])


async def update_service(
    spec: FleetServiceSpec, *, actor: Actor, reason: str, outbound: OutboundPolicy
) -> FleetService:
    """Replace a registered service's definition (404 when unknown; an equal definition is a
    no-op and is not audited; a base URL the ``outbound`` policy refuses is a 422)."""
    reason = _require_reason(reason)
    spec = await _normalise(spec, outbound)
    async with transaction():
        return await _replace(spec, actor=actor, reason=reason)


async def delete_service(name: str, *, actor: Actor, reason: str) -> None:
    """Remove a service from the registry (404 when unknown)."""
    reason = _require_reason(reason)
    async with transaction():
        rows = await fetch_rows("delete from fleet_service where name = $1 returning *", name)
        if not rows:
            raise NotFound(f"No service named {name!r} is registered.")
        await _audit(actor, "fleet.service.delete", name, reason, _definition(_to_service(rows[0])))
