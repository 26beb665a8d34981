"""One page under wrk (page.lua checks each response), and what it reports."""

import json
import shutil
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.load.pages import USER_AGENT, Page

SCRIPT = Path(__file__).with_name("page.lua")
RESULT_PREFIX = "WRK_RESULT "


class WrkMissing(RuntimeError):
    pass


@dataclass
class Result:
    role: str
    page: str
    path: str
    requests: int
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    errors: int  # wrong answers (not 200, or not the page) and socket errors
    first_error: str
    bytes_per_response: int
    ratio_to_empty_page: float | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def wrk_binary() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise WrkMissing("wrk is not installed: apt-get install -y wrk")
    return found


def parse(output: str, page: Page) -> Result:
    """The figures page.lua's done() printed, as a Result."""
    line = next((line for line in output.splitlines() if line.startswith(RESULT_PREFIX)), None)
    if line is None:
        raise RuntimeError(f"wrk printed no result for {page.path}:\n{output[-2000:]}")
    raw = json.loads(line.removeprefix(RESULT_PREFIX))
    requests = raw["requests"]
    seconds = raw["duration_us"] / 1e6
    return Result(
        role=page.role, page=page.name, path=page.path, requests=requests,
        requests_per_second=round(requests / seconds, 1) if seconds else 0.0,
        p50_ms=raw["p50_us"] / 1000, p95_ms=raw["p95_us"] / 1000, p99_ms=raw["p99_us"] / 1000,
        max_ms=raw["max_us"] / 1000,
        errors=raw["wrong"] + raw["socket_errors"], first_error=raw["first_wrong"],
        bytes_per_response=raw["bytes"] // requests if requests else 0,
    )


def run(base_url: str, page: Page, *, seconds: int, connections: int, threads: int = 2) -> Result:
    """`wrk` at a fixed number of connections for a fixed time, in a process of its own."""
    command = [wrk_binary(), f"-t{min(threads, connections)}", f"-c{connections}", f"-d{seconds}s",
               "--timeout", "30s", "-s", str(SCRIPT), base_url + page.path,
               "--", page.cookie, USER_AGENT, page.kind, page.marker]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=False)  # noqa: S603
    return parse(done.stdout + done.stderr, page)
