"""What the rebuild benchmark reads from the command and /usr/bin/time, and how it splits queries by chunk."""

from benchmarks.rebuild_load import chunk_costs, parse_command_report

TIME_REPORT = """\tCommand being timed: "python manage.py rebuild_documents --all"
\tElapsed (wall clock) time (h:mm:ss or m:ss): 1:02.50
\tMaximum resident set size (kbytes): 204800
"""


def test_reads_the_rate_wall_time_and_peak_memory():
    stdout = "Built 10026 documents in 50.1 s (200 pages/s); kept 10026, 0 of hidden pages dropped.\n"
    report = parse_command_report(stdout, TIME_REPORT)
    assert report == {
        "documents": 10026,
        "build_seconds": 50.1,
        "pages_per_second": 200.1,
        "wall_seconds": 62.5,
        "peak_rss_mb": 200.0,
    }


def test_splits_queries_between_chunk_ends():
    costs = chunk_costs([40, 52, 64, 75], total=80)
    assert (costs["chunks"], costs["first_chunk"], costs["per_chunk_median"]) == (4, 40, 12)
    assert (costs["per_chunk_min"], costs["per_chunk_max"], costs["after_last_chunk"]) == (11, 12, 5)
