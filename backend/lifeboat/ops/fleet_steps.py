"""What the ops kinds do to services, shared by ``tenant.drain``, ``tenant.migrate`` and
``fleet.reload``: stop or resume acquiring a tenant, wait until its inflight work is 0, reload."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from lifeboat.fleet.protocol import ServiceState
from lifeboat.jobs.definitions import CompensationContext, StepContext, StepError
from lifeboat.ops.deps import OpsDeps, base_urls_of, call_each, call_error_text, fleet_clients, poll_states


def failures_text(failed: Mapping[str, BaseException]) -> str:
    """``a (drain ServiceUnavailable), b (…)``: the failed calls by service, sorted."""
    return ", ".join(f"{name} ({call_error_text(error)})" for name, error in sorted(failed.items()))


def busy_text(busy: Mapping[str, str]) -> str:
    """``a (inflight 3), b (state unknown: …)``."""
    return ", ".join(f"{name} ({why})" for name, why in sorted(busy.items()))


def inflight_reason(tenant: str) -> Callable[[str, ServiceState | BaseException], str | None]:
    """Why a service is not drained yet for ``tenant`` (None once its inflight is 0)."""

    def pending(_name: str, result: ServiceState | BaseException) -> str | None:
        if isinstance(result, BaseException):
            return f"state unknown: {call_error_text(result)}"
        state = result.tenants.get(tenant)
        if state is None or state.inflight == 0:
            return None
        return f"inflight {state.inflight}"

    return pending


async def drain_on(
    ctx: StepContext | CompensationContext, deps: OpsDeps, tenant: str, names: Sequence[str]
) -> None:
    """Tell each service to stop acquiring ``tenant`` (idempotent); a step error names the failures."""
    async with fleet_clients(deps, await base_urls_of(deps, names)) as clients:
        results = await call_each(clients, lambda client: client.drain(tenant))
    failed = {name: r for name, r in results.items() if isinstance(r, BaseException)}
    for name, result in sorted(results.items()):
        if not isinstance(result, BaseException):
            await ctx.log(f"{name} stopped acquiring {tenant} (inflight {result.inflight})", service=name)
    if failed:
        raise StepError("could not drain on: " + failures_text(failed))


async def resume_on(
    ctx: StepContext | CompensationContext, deps: OpsDeps, tenant: str, names: Sequence[str]
) -> None:
    """Tell each service to acquire ``tenant`` again (idempotent); a step error names the failures."""
    async with fleet_clients(deps, await base_urls_of(deps, names)) as clients:
        results = await call_each(clients, lambda client: client.resume(tenant))
    failed = {name: r for name, r in results.items() if isinstance(r, BaseException)}
    for name, result in sorted(results.items()):
        if not isinstance(result, BaseException):
            state = "acquiring" if result.acquiring else "not placed here (not acquiring)"
            await ctx.log(f"{name} resumed {tenant}: {state}", service=name, acquiring=result.acquiring)
    if failed:
        raise StepError("could not resume on: " + failures_text(failed))


async def wait_drained(
    ctx: StepContext, deps: OpsDeps, tenant: str, names: Sequence[str], timeout_s: float
) -> dict[str, str]:
    """Poll until ``tenant``'s inflight is 0 on every service; the busy ones after ``timeout_s``."""
    async with fleet_clients(deps, await base_urls_of(deps, names)) as clients:
        return await poll_states(
            ctx,
            deps,
            clients,
            timeout_s=timeout_s,
            pending_of=inflight_reason(tenant),
            what=f"{tenant} to drain",
        )


async def reload_on(deps: OpsDeps, names: Sequence[str]) -> None:
    """Ask each service to re-read the placement maps (idempotent); a step error names the failures."""
    async with fleet_clients(deps, await base_urls_of(deps, names)) as clients:
        results = await call_each(clients, lambda client: client.reload())
    failed = {name: r for name, r in results.items() if isinstance(r, BaseException)}
    if failed:
        raise StepError("reload failed on: " + failures_text(failed))
