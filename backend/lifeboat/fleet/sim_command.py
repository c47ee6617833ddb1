"""``lifeboat sim``: the fleet simulator from the command line (registered on the ``lifeboat`` group).

The simulator itself is imported when the command runs (``lifeboat.fleet.sim``).
"""

from __future__ import annotations

import asyncio
import signal
import sys
from typing import Any

import click
import msgspec


@click.command()
@click.option(
    "--services",
    "services_spec",
    default=None,
    help="Services per site, e.g. 'gateway=1,aggregate=3,projection=2,runner=2'.",
)
@click.option("--demo", is_flag=True, help="The demo fleet (the default when --services is not given).")
@click.option("--nats-url", envvar="LIFEBOAT_NATS_URL", default=None, help="Watch placement in NATS KV.")
@click.option("--placement-bucket", default=None, help="KV bucket of the placement maps.")
@click.option("--secret", envvar="LIFEBOAT_FLEET_SECRET", required=True, help="Bearer secret for /admin/*.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port-base", type=int, default=0, show_default=True, help="First port (0 = any free).")
@click.option("--control-port", type=int, default=0, show_default=True, help="Fault control (0 = any).")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--tenants", "tenant_count", type=int, default=6, show_default=True, help="Without NATS.")
@click.option("--tick", "tick_s", type=float, default=0.2, show_default=True, help="Seconds per step.")
@click.option("--print-json", is_flag=True, help="Print the services as one JSON line.")
def sim(
    services_spec: str | None,
    demo: bool,
    nats_url: str | None,
    placement_bucket: str | None,
    secret: str,
    host: str,
    port_base: int,
    control_port: int,
    seed: int,
    tenant_count: int,
    tick_s: float,
    print_json: bool,
) -> None:
    """Run the fleet simulator: managed services that speak the service protocol (SIGINT/SIGTERM
    stop it). Without --nats-url, tenant-1..N are spread round-robin per kind and site."""
    from lifeboat.core.logging import configure_logging
    from lifeboat.fleet.protocol import SERVICE_KINDS
    from lifeboat.fleet.sim import demo_fleet, simulate
    from lifeboat.placement.models import PLACEMENT_BUCKET

    per_site: dict[Any, int] | None = None
    if services_spec and not demo:
        per_site = {}
        for part in services_spec.split(","):
            kind, _, count = part.strip().partition("=")
            if kind not in SERVICE_KINDS or not count.isdigit():
                raise click.BadParameter(f"{part!r}: use kind=count, kinds {', '.join(SERVICE_KINDS)}")
            per_site[kind] = int(count)
    specs = demo_fleet(per_site)
    if not specs:
        raise click.BadParameter("no services to simulate", param_hint="--services")
    configure_logging("warning" if print_json else "info", "console", stream=sys.stderr)

    async def run_sim() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        async with simulate(
            specs,
            secret=secret,
            nats_url=nats_url or None,
            host=host,
            seed=seed,
            tenants=[f"tenant-{i}" for i in range(1, tenant_count + 1)],
            tick_s=tick_s,
            placement_bucket=placement_bucket or PLACEMENT_BUCKET,
            port_base=port_base,
            control_port=control_port,
        ) as simulator:
            infos = simulator.infos()
            if print_json:
                doc = {"control_url": simulator.control_url, "services": infos}
                click.echo(msgspec.json.encode(doc).decode())
            else:
                click.echo(f"{'NAME':<24} {'KIND':<11} {'SITE':<8} URL")
                for info in infos:
                    click.echo(f"{info.name:<24} {info.kind:<11} {info.site:<8} {info.base_url}")
                placement = f"NATS KV {nats_url}" if nats_url else f"{tenant_count} static tenants"
                click.echo(f"control: {simulator.control_url}  placement: {placement}")
            await stop.wait()

    try:
        asyncio.run(run_sim())
    except OSError as exc:
        raise click.ClickException(str(exc)) from exc
