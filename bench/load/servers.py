"""The service and the reference app under gunicorn on loopback, as the README's production command
runs it (`gunicorn -w 2 wsgi:app`), and the peak memory of each worker.

The service runs as APP_ENV=development with its own random SECRET_KEY: the same CSRF protection,
server-side session records and strong session protection as production, but without the Secure
cookie flag and `__Host-` cookie name, which a browser (or wrk) would not send back over plain http
on loopback.
"""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
FLASK = VENV_BIN / "flask"
GUNICORN = VENV_BIN / "gunicorn"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def service_environment(database_url: str) -> dict[str, str]:
    return {**os.environ, "APP_ENV": "development", "DATABASE_URL": database_url,
            "SECRET_KEY": secrets.token_hex(32), "PYTHONPATH": str(ROOT)}


def seed(database_url: str, scale: str, *, las: int = 150, schools: int = 21000, years: int = 3) -> None:
    """Migrate a fresh database and load the demo, or the national-scale data with the demo beside
    it (so every role's pages are measured at full size)."""
    env = service_environment(database_url)
    command = ["seed-demo"] if scale == "demo" else [
        "seed-scale", "--las", str(las), "--schools", str(schools), "--years", str(years), "--with-demo"]
    for args in (["db", "upgrade"], command):
        subprocess.run([str(FLASK), "--app", "wsgi", *args], cwd=ROOT, env=env, check=True,  # noqa: S603
                       stdout=subprocess.DEVNULL)


@dataclass
class Served:
    name: str
    base_url: str
    process: subprocess.Popen
    log: Path

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def kill(self) -> None:
        """SIGKILL to the master and every worker at once: nothing gets to finish or clean up."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def errors(self) -> str:
        """What the workers logged as errors (every unhandled exception is logged with its traceback)."""
        text = self.log.read_text(errors="replace")
        return "\n".join(line for line in text.splitlines() if "Traceback" in line or "ERROR" in line)

    def peak_memory_mb(self) -> list[float]:
        """VmHWM (peak resident set) of each worker, in MB."""
        peaks = []
        for pid in self.worker_pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(round(int(line.split()[1]) / 1024, 1))
        return peaks


@contextmanager
def gunicorn(name: str, target: str, env: dict[str, str], workdir: Path, *, workers: int = 2,
             options: tuple[str, ...] = ()):
    """`gunicorn -w 2 target` on a free loopback port until the block ends (the tests that race
    and kill the service start it here too)."""
    port = free_port()
    log = workdir / f"gunicorn-{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 - our own venv's gunicorn, fixed arguments
            [str(GUNICORN), "-w", str(workers), "-b", f"127.0.0.1:{port}", "--no-control-socket", *options, target],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    served = Served(name, f"http://127.0.0.1:{port}", process, log)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn {name} stopped: {log.read_text(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(f"{served.base_url}/healthz", timeout=2) as answer:  # noqa: S310
                    if answer.status == 200 and len(served.worker_pids()) == workers:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn {name} did not answer: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.1)
        yield served
    finally:
        served.stop()
