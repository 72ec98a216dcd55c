"""make bench's record: the figures with the machine they were measured on, as JSON and a Markdown table."""

from __future__ import annotations

import json
import os

from localglue.bench.results import Figure, Results


def test_results_are_written_as_json_and_markdown_with_the_machine(tmp_path, capsys):
    results = Results()
    results.add(Figure("athena", "warm SELECT 1, p50 of 100", 21.5, "ms", "<= 50 ms", "Trino direct", 18.0))
    results.add(Figure("crawler", "1,000 small files", 12.0, "s", note="one table"))
    assert "athena: warm SELECT 1, p50 of 100: 21.5 ms (Trino direct: 18 ms)  target <= 50 ms" in (
        capsys.readouterr().out
    )
    data, table = results.write(tmp_path)
    assert data.parent == table.parent == tmp_path and data.stem == table.stem
    record = json.loads(data.read_text())
    assert record["machine"]["cores"] == os.cpu_count() and record["machine"]["memory_gib"] > 0
    assert len(record["machine"]["load_at_start"]) == len(record["machine"]["load_at_end"]) == 3
    assert [f["value"] for f in record["figures"]] == [21.5, 12.0]
    lines = table.read_text().splitlines()
    assert "| athena | warm SELECT 1, p50 of 100 | 21.5 ms | Trino direct: 18 ms | <= 50 ms |" in lines
    assert "| crawler | 1,000 small files (one table) | 12 s |  |  |" in lines
