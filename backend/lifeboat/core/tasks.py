"""Stopping background tasks for sure.

On Python 3.11 ``asyncio.wait_for`` (used inside nats-py, for one) can swallow a cancellation
when the awaited result arrives at the same moment; a loop task then runs on and a plain
``task.cancel(); await task`` waits forever (seen as a hung app shutdown under load). Cancel
again until the task is done.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import structlog

log = structlog.get_logger(__name__)


async def cancel_and_wait(task: asyncio.Task[Any], *, recheck_s: float = 0.5) -> None:
    """Cancel ``task`` and wait until it has finished, re-cancelling while it keeps running."""
    rounds = 0
    while not task.done():
        task.cancel()
        await asyncio.wait({task}, timeout=recheck_s)
        rounds += 1
        if rounds == 2:
            log.warning("task_ignored_cancellation", task=task.get_name())
    with contextlib.suppress(asyncio.CancelledError, Exception):
        task.result()
