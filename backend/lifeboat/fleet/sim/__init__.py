"""The fleet simulator: managed services that speak the service protocol, with fault injection.

``simulate(specs, secret=...)`` serves each ``SimServiceSpec`` on its own loopback port (one
minimal asyncio HTTP server per port, ADR 0006) and a control port for faults;
``demo_fleet()`` is the two-site demo fleet. ``lifeboat sim`` runs it from the command line.
The contract the services implement is docs/protocols/service.md.
"""

from __future__ import annotations

from lifeboat.fleet.sim.model import (
    FAULT_NAMES,
    FaultError,
    FaultName,
    SimServiceSpec,
    demo_fleet,
    metric_prefix,
)
from lifeboat.fleet.sim.simulator import SimService, SimServiceInfo, Simulator, simulate

__all__ = [
    "FAULT_NAMES",
    "FaultError",
    "FaultName",
    "SimService",
    "SimServiceInfo",
    "SimServiceSpec",
    "Simulator",
    "demo_fleet",
    "metric_prefix",
    "simulate",
]
