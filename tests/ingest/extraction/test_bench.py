from bench.extraction import run


def test_bench_runs_and_finds_statements_and_links():
    result = run(n=5)
    assert result["reports"] == 5 and result["reports_per_second"] > 0
    assert 500 <= result["median_words"] <= 900
    assert result["statements"] >= 5 * 5 and result["links"] > 0
