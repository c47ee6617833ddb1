"""cancel_and_wait stops a task that swallows a cancellation (as wait_for can on Python 3.11)."""

from __future__ import annotations

import asyncio

from lifeboat.core.tasks import cancel_and_wait


async def test_a_task_that_swallows_one_cancellation_is_still_stopped() -> None:
    swallowed = 0

    async def stubborn() -> None:
        nonlocal swallowed
        while True:
            try:
                await asyncio.sleep(3600)
            except asyncio.CancelledError:
                swallowed += 1
                if swallowed > 1:
                    raise
                # the first cancellation is lost, the loop runs on

    task = asyncio.create_task(stubborn())
    await asyncio.sleep(0)
    await asyncio.wait_for(cancel_and_wait(task, recheck_s=0.05), timeout=30)
    assert task.done()
    assert task.cancelled()
    assert swallowed == 2


async def test_a_finished_or_failing_task_is_left_alone() -> None:
    async def fails() -> None:
        raise RuntimeError("boom")

    task = asyncio.create_task(fails())
    await asyncio.sleep(0)
    await cancel_and_wait(task)  # does not raise the task's error
    assert task.done()
    assert isinstance(task.exception(), RuntimeError)
