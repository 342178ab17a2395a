"""Runs wrk against a URL and reads its report into numbers."""

import re
import shutil
import subprocess
from dataclasses import asdict, dataclass

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass
class WrkResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx_3xx: int
    # connect, read and write errors and timeouts: requests that got no answer at all
    socket_errors: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * _UNITS[unit]


def parse_report(report: str) -> WrkResult:
    # wrk pads values in seconds with a trailing space ("1.90s ").
    percentiles = dict(re.findall(r"^\s+(\d+)%\s+(\S+)[ \t]*$", report, re.MULTILINE))
    if "99" not in percentiles:
        raise ValueError(f"wrk completed no request; its report was:\n{report}")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", report)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", report)
    return WrkResult(
        requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", report).group(1)),
        p50_ms=_ms(percentiles["50"]),
        p99_ms=_ms(percentiles["99"]),
        requests=int(re.search(r"(\d+) requests in", report).group(1)),
        non_2xx_3xx=int(errors.group(1)) if errors else 0,
        socket_errors=sum(map(int, socket.groups())) if socket else 0,
    )


def run_wrk(url: str, seconds: int, connections: int, threads: int, headers: dict[str, str]) -> WrkResult:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    args = [wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    report = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout  # noqa: S603
    return parse_report(report)
