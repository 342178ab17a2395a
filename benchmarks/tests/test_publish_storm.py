"""The publish storm's figures: storm against quiet, and how long until a publish was seen."""

from benchmarks.publish_storm import summarize
from benchmarks.storm_publisher import SUFFIX


def run(rps: float, p99: float, server_errors: int = 0) -> dict:
    return {
        "requests_per_second": rps,
        "p50_ms": p99 / 4,
        "p99_ms": p99,
        "socket_errors": 0,
        "neighbours": {"share": 0.05},
        "statuses": {"ok": 100, "4xx": 0, "5xx": server_errors, "other": 0},
    }


def publish(after_ms: float | None, polls: int = 1) -> dict:
    return {"page_id": 1, "at_s": 2.5, "publish_ms": 300.0, "visible_after_ms": after_ms, "polls": polls}


def test_medians_over_pairs_and_delays_over_every_publish():
    pairs = []
    for quiet, storm, delays in (
        (run(100, 200), run(90, 300, server_errors=2), [50.0, 70.0]),
        (run(110, 220), run(100, 220), [60.0, None]),
    ):
        storm["publisher"] = {"publishes": [publish(delay) for delay in delays]}
        ratios = {
            "throughput": storm["requests_per_second"] / quiet["requests_per_second"],
            "p99": storm["p99_ms"] / quiet["p99_ms"],
        }
        pairs.append({"runs": {"quiet": quiet, "storm": storm}, "ratios": ratios})
    summary = summarize(pairs)
    assert summary["quiet"]["requests_per_second"] == 105
    assert summary["server_errors"] == {"quiet": 0, "storm": 2}
    assert summary["ratio_p99"] == 1.25
    assert (summary["publishes"], summary["never_seen"], summary["seen_on_first_poll"]) == (4, 1, 3)
    assert (summary["visible_after_ms_median"], summary["visible_after_ms_max"]) == (60.0, 70.0)


def test_a_republished_title_carries_one_storm_label_only():
    assert SUFFIX.sub("", "Harbour guide [storm 101010-1-3]") == "Harbour guide"
