"""Admission to the pipeline processes: waiting and working are budgeted apart, and long texts
never hold every process while short ones wait."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Awaitable, Callable

import pytest

from service.api.workers import PipelinePool, PoolConfig
from service.domain.errors import Overloaded


def _with_pool(config: PoolConfig, scenario: Callable[[PipelinePool], Awaitable[None]]) -> None:
    async def main() -> None:
        pool = PipelinePool(config)
        await pool.start()
        try:
            await scenario(pool)
        finally:
            await pool.close()

    asyncio.run(main())


def test_a_request_that_waited_too_long_is_overloaded_and_nothing_is_killed() -> None:
    async def scenario(pool: PipelinePool) -> None:
        first = await pool.run(os.getpid)
        busy = asyncio.ensure_future(pool.run(time.sleep, 1.5))
        await asyncio.sleep(0.1)
        with pytest.raises(Overloaded) as refused:
            await pool.run(os.getpid)
        assert refused.value.details == {"queue_timeout_s": 0.3, "lane": "short"}
        await busy
        assert await pool.run(os.getpid) == first  # the same process served throughout
        assert pool.killed == 0 and pool.in_flight == 0

    _with_pool(PoolConfig(processes=1, timeout_s=30, queue_timeout_s=0.3), scenario)


def test_the_work_deadline_starts_when_the_process_is_taken() -> None:
    async def scenario(pool: PipelinePool) -> None:
        # each job works 0.6 s of its 1.2 s; the second also waits about 0.6 s for the
        # process, which the old shared deadline would have counted against it
        jobs = [asyncio.ensure_future(pool.run(time.sleep, 0.6)) for _ in range(2)]
        await asyncio.gather(*jobs)
        assert pool.killed == 0

    _with_pool(PoolConfig(processes=1, timeout_s=1.2, queue_timeout_s=10), scenario)


def test_long_jobs_leave_a_process_to_short_ones() -> None:
    async def scenario(pool: PipelinePool) -> None:
        longs = [asyncio.ensure_future(pool.run(time.sleep, 2.0, cost=500)) for _ in range(2)]
        await asyncio.sleep(0.2)
        short = asyncio.ensure_future(pool.run(os.getpid, cost=10))
        done, _ = await asyncio.wait({short, *longs}, return_when=asyncio.FIRST_COMPLETED)
        assert done == {short}  # answered while the first long job still works
        await asyncio.gather(*longs)  # the second long job waited for the long lane, then ran
        assert pool.killed == 0 and pool.in_flight == 0

    _with_pool(PoolConfig(processes=2, timeout_s=30, long_chars=100, long_timeout_s=30,
                          queue_timeout_s=10), scenario)


def test_a_long_job_gets_the_long_deadline() -> None:
    async def scenario(pool: PipelinePool) -> None:
        assert await pool.run(time.sleep, 0.8, cost=100) is None  # 0.8 s < the long 5 s
        assert pool.killed == 0

    _with_pool(PoolConfig(processes=2, timeout_s=0.5, long_chars=100, long_timeout_s=5),
               scenario)


def test_a_long_job_waiting_for_its_lane_lets_short_ones_pass() -> None:
    async def scenario(pool: PipelinePool) -> None:
        running = asyncio.ensure_future(pool.run(time.sleep, 1.5, cost=100))
        await asyncio.sleep(0.1)
        waiting = asyncio.ensure_future(pool.run(time.sleep, 0.1, cost=100))
        await asyncio.sleep(0.1)
        assert await pool.run(len, "abc", cost=3) == 3
        assert not waiting.done()
        await asyncio.gather(running, waiting)

    _with_pool(PoolConfig(processes=2, timeout_s=30, long_chars=100, queue_timeout_s=10),
               scenario)


def test_a_cancelled_waiter_loses_no_process() -> None:
    async def scenario(pool: PipelinePool) -> None:
        busy = asyncio.ensure_future(pool.run(time.sleep, 0.5))
        await asyncio.sleep(0.1)
        waiting = asyncio.ensure_future(pool.run(os.getpid))
        await asyncio.sleep(0.1)
        waiting.cancel()
        await busy
        assert await pool.run(len, "ab") == 2
        assert pool.killed == 0 and pool.in_flight == 0

    _with_pool(PoolConfig(processes=1, timeout_s=30, queue_timeout_s=10), scenario)
