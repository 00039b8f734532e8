"""The load client: conversations of REST turns, one at a time or many at once, timed per turn."""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import List, Tuple

import aiohttp

from bench.bots import Bot, conversation
from devtools.rest import WEBHOOK_PATH

TURN_TIMEOUT_S = 30.0
BURST_TIMEOUT_S = 300.0


@dataclass
class Turn:
    latency_s: float
    ok: bool
    messages: int


async def timed_turn(session: aiohttp.ClientSession, url: str, sender: str, text: str) -> Turn:
    started = time.perf_counter()
    try:
        async with session.post(url, json={"sender": sender, "message": text}) as response:
            body = await response.json(content_type=None)
            ok = response.status == 200 and isinstance(body, list) and len(body) > 0
            count = len(body) if isinstance(body, list) else 0
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
        ok, count = False, 0
    return Turn(time.perf_counter() - started, ok, count)


async def converse(
    session: aiohttp.ClientSession, url: str, sender: str, script: List[str], sink: List[Tuple[int, Turn]]
) -> None:
    for position, text in enumerate(script):
        sink.append((position, await timed_turn(session, url, sender, text)))


@dataclass
class Burst:
    concurrency: int
    turns: List[Tuple[int, Turn]]  # (position in the conversation, result)
    expected_turns: int
    wall_s: float

    @property
    def latencies_ms(self) -> List[float]:
        return [turn.latency_s * 1000 for _, turn in self.turns if turn.ok]

    @property
    def errors(self) -> int:
        return self.expected_turns - sum(1 for _, turn in self.turns if turn.ok)

    @property
    def throughput(self) -> float:
        return len(self.latencies_ms) / self.wall_s if self.wall_s > 0 else 0.0


async def run_conversations(url: str, bot: Bot, count: int, concurrency: int, tag: str) -> Burst:
    """`count` conversations, `concurrency` of them at a time, each one sender's five turns in order."""
    sink: List[Tuple[int, Turn]] = []
    timeout = aiohttp.ClientTimeout(total=TURN_TIMEOUT_S)
    connector = aiohttp.TCPConnector(limit=concurrency)
    webhook = url + WEBHOOK_PATH
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        gate = asyncio.Semaphore(concurrency)

        async def one(index: int) -> None:
            async with gate:
                await converse(session, webhook, f"bench-{tag}-{index}", conversation(bot.turns, index), sink)

        started = time.perf_counter()
        try:
            await asyncio.wait_for(asyncio.gather(*(one(i) for i in range(count))), BURST_TIMEOUT_S)
        except asyncio.TimeoutError:
            print(f"  warning: {tag} stopped after {BURST_TIMEOUT_S:.0f} s", flush=True)
        wall = time.perf_counter() - started
    return Burst(concurrency, sink, count * len(bot.turns), wall)


def merged(bursts: List[Burst]) -> Burst:
    return Burst(
        bursts[0].concurrency, [turn for burst in bursts for turn in burst.turns],
        sum(burst.expected_turns for burst in bursts), sum(burst.wall_s for burst in bursts),
    )
