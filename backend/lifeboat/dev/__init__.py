"""``lifeboat dev``: the embedded default — everything in one process, data under ``.lifeboat/``.

``server`` starts the embedded servers, prepares the database and serves the API, the SPA and
one job worker; ``seed_fleet`` runs and registers the simulated fleet; ``seed_restore`` seeds
the demo restore world and its runs.
"""

from __future__ import annotations


class DevStartupError(RuntimeError):
    """``lifeboat dev`` cannot start; the message is one line for the operator."""
