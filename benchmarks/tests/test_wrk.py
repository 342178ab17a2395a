"""The wrk report parser the API benchmark relies on."""

from benchmarks.wrk import parse_report

REPORT = """Running 10s test @ http://127.0.0.1:8123/api/v2/site/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.21ms    1.02ms  30.11ms   90.00%
    Req/Sec     1.25k   100.00     1.40k    70.00%
  Latency Distribution
     50%  812.00us
     75%    3.40ms
     90%    4.10ms
     99%    1.20s
  24950 requests in 10.01s, 40.10MB read
  Non-2xx or 3xx responses: 3
Requests/sec:   2492.51
Transfer/sec:      4.01MB
"""


def test_reads_throughput_percentiles_and_errors():
    result = parse_report(REPORT)
    assert result.requests_per_second == 2492.51
    assert result.p50_ms == 0.812
    assert result.p99_ms == 1200.0
    assert (result.requests, result.non_2xx_3xx) == (24950, 3)


def test_reads_a_percentile_in_seconds_that_wrk_pads_with_a_space():
    result = parse_report(REPORT.replace("     99%    1.20s\n", "     99%    1.90s \n"))
    assert result.p99_ms == 1900.0


def test_counts_requests_that_got_no_answer():
    assert parse_report(REPORT).socket_errors == 0
    report = REPORT.replace("  Non-2xx", "  Socket errors: connect 1, read 2, write 0, timeout 4\n  Non-2xx")
    assert parse_report(report).socket_errors == 7
