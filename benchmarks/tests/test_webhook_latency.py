"""How the webhook benchmark summarises its samples."""

from benchmarks.webhook_latency import summarize


def test_summarises_seconds_as_median_p90_and_extremes_in_milliseconds():
    samples = [0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 10.0]
    assert summarize(samples) == {"n": 10, "median_ms": 2750, "p90_ms": 4500, "min_ms": 500, "max_ms": 10000}
