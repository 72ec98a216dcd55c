"""The run report: its histogram and counts computed by hand, and the page as Chromium draws it (a
screenshot and the DOM of Debian's headless Chromium, which `make setup` installs)."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from localglue.report.gather import histogram, job_counts
from localglue.report.model import CrawlView, JobRunView, Node, QueryView, Report, TablePreview
from localglue.report.render import render

STARTED = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
# the fills render.STYLE gives a succeeded and a failed node, and a histogram bar
SUCCEEDED_FILL, FAILED_FILL, BAR_FILL = (211, 249, 216), (255, 227, 227), (76, 110, 245)


def test_histogram_bins_up_to_the_99th_percentile_and_counts_the_rest_apart():
    found = histogram("lag_minutes", [float(v) for v in range(100)] + [1000.0])
    # 101 values: the 99th percentile is the value at index 99 (99.0); bins of (99 - 0) / 20 = 4.95
    assert found.edges[0] == 0.0 and found.edges[-1] == 99.0 and len(found.counts) == 20
    assert found.counts[0] == 5  # 0..4 (5 / 4.95 > 1)
    assert found.counts[19] == 5  # 95..99, the top edge included
    assert sum(found.counts) == 100 and found.above == 1 and found.total == 101


def test_a_long_tailed_column_gets_bins_of_equal_ratio():
    # 60 short gaps, 39 long ones, one outlier: the 99th percentile (index 98) is 100, 200 times the median
    found = histogram("lag_minutes", [0.5] * 60 + [100.0] * 39 + [5000.0])
    assert found.logarithmic
    assert found.edges[0] == 0.5 and found.edges[-1] == 100.0
    assert found.edges[10] == pytest.approx(
        0.5 * 200**0.5
    )  # halfway in ratio: 0.5 * (100 / 0.5) ** (10 / 20)
    assert (found.counts[0], found.counts[19], sum(found.counts[1:19])) == (60, 39, 0)
    assert (found.above, found.total) == (1, 100)


def test_histogram_of_one_repeated_value_is_one_bin():
    found = histogram("x", [2.0, 2.0, 2.0])
    assert (found.counts, found.above, found.total) == ([3], 0, 3)


def test_job_counts_come_from_the_run_summary_line():
    messages = ["starting", 'INFO run summary {"rows_read": 6000, "null": 37, "note": "text", "ok": true}']
    assert job_counts(messages) == {"rows_read": 6000, "null": 37}
    assert job_counts(["no summary here"]) == {}


def sample_report() -> Report:
    nodes = [
        Node("t1", "TRIGGER", "start", "ON_DEMAND"),
        Node("c1", "CRAWLER", "source-crawler", "SUCCEEDED", 3.0),
        Node("t2", "TRIGGER", "crawled", "CONDITIONAL"),
        Node("j1", "JOB", "lag-job", "FAILED", 75.0, "ValueError: bad date"),
        Node("c2", "CRAWLER", "target-crawler", "NOT RUN"),
    ]
    edges = [("t1", "c1"), ("c1", "t2"), ("t2", "j1"), ("j1", "c2")]
    lag = histogram("lag_minutes", [float(v % 40) for v in range(400)])
    return Report(
        workflow="lag-workflow",
        run_id="wr_0123",
        status="COMPLETED",
        started=STARTED,
        completed=STARTED + timedelta(seconds=90),
        statistics={"TotalActions": 2, "FailedActions": 1, "SucceededActions": 1},
        nodes=nodes,
        edges=edges,
        job_runs=[
            JobRunView(
                "lag-job",
                "jr_abc",
                "FAILED",
                75.0,
                "ValueError: bad date",
                ["rows 6000"],
                ["Traceback (most recent call last):", "ValueError: bad date"],
                {"rows_read": 6000, "duplicate": 130},
            )
        ],
        crawls=[
            CrawlView("source-crawler", "SUCCEEDED", "1 tables created", [("db.events_incoming", "created")])
        ],
        queries=[QueryView("q-1", "SELECT * FROM events_incoming", "SUCCEEDED", 123456, 40, STARTED)],
        previews=[
            TablePreview(
                "db",
                "events_output",
                "run_id = 'jr_abc'",
                ["user_id", "lag_minutes"],
                [["u1", None], ["u1", "0.5"]],
                400,
                [lag],
            )
        ],
        endpoint="http://127.0.0.1:4566",
        generated=STARTED,
    )


class Elements(HTMLParser):
    """Every element's tag and attributes, and the text inside each element with an id."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, {name: value or "" for name, value in attrs}))

    def having(self, tag: str, css_class: str) -> list[dict[str, str]]:
        return [a for t, a in self.found if t == tag and css_class in a.get("class", "").split()]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail(
            "chromium is not installed: `make setup` installs Debian's chromium (apt-get install chromium)"
        )
    return found


def headless(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
    ]
    return subprocess.run([browser, *flags, *args], capture_output=True, text=True, timeout=120, check=False)


def decode_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the RGB(A) rows of an 8-bit, non-interlaced PNG (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, idat, header = 8, b"", None
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind, body = data[position + 4 : position + 8], data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    width, height, depth, color, _, _, interlace = header
    assert depth == 8 and interlace == 0 and color in (2, 6)
    channels = 3 if color == 2 else 4
    raw, stride, rows, previous = zlib.decompress(idat), width * channels, [], bytes(width * channels)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up, corner = previous[x], previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 255
            elif kind == 2:
                line[x] = (line[x] + up) & 255
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 255
            elif kind == 4:
                guess = left + up - corner
                pa, pb, pc = abs(guess - left), abs(guess - up), abs(guess - corner)
                line[x] = (line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append(bytes(line))
        previous = line
    return (
        width,
        height,
        [row if channels == 3 else bytes(b for i, b in enumerate(row) if i % 4 != 3) for row in rows],
    )


def pixels_of(rows: list[bytes], color: tuple[int, int, int]) -> list[tuple[int, int]]:
    wanted = bytes(color)
    return [
        (x // 3, y) for y, row in enumerate(rows) for x in range(0, len(row), 3) if row[x : x + 3] == wanted
    ]


def test_chromium_draws_the_graph_states_and_the_histogram(tmp_path):
    page = tmp_path / "report.html"
    page.write_text(render(sample_report()), encoding="utf-8")
    browser = chromium()

    dom = headless(browser, tmp_path / "profile-dom", "--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr
    elements = Elements()
    elements.feed(dom.stdout)
    nodes = {a["data-name"]: (a["data-state"], a["class"]) for a in elements.having("g", "node")}
    assert nodes == {
        "start": ("ON_DEMAND", "node trigger"),
        "source-crawler": ("SUCCEEDED", "node ok"),
        "crawled": ("CONDITIONAL", "node trigger"),
        "lag-job": ("FAILED", "node bad"),
        "target-crawler": ("NOT RUN", "node idle"),
    }
    assert len(elements.having("line", "edge")) == 4
    # COMPLETED, as AWS says, but with a failed action: the badge is not green
    [status] = [a for t, a in elements.found if a.get("id") == "run-status"]
    assert status["class"] == "badge bad"
    bars = elements.having("rect", "bar")
    assert sum(int(bar["data-count"]) for bar in bars) == 400  # every value of the histogram drawn
    assert {a["data-name"]: a["data-value"] for a in elements.having("rect", "count")} == {
        "rows_read": "6000",
        "duplicate": "130",
    }
    assert "123,456" in dom.stdout  # the query's bytes scanned
    assert "ValueError: bad date" in dom.stdout and "db.events_incoming" in dom.stdout
    # self-contained: nothing to fetch, nothing to run
    assert re.search(r"<script|<link|@import|\b(src|href)=|url\((?!#)", page.read_text()) is None

    shot = tmp_path / "report.png"
    taken = headless(
        browser,
        tmp_path / "profile-shot",
        f"--screenshot={shot}",
        "--window-size=1280,2400",
        "--hide-scrollbars",
        page.as_uri(),
    )
    assert shot.is_file(), taken.stderr
    _, _, rows = decode_png(shot.read_bytes())
    succeeded, failed, bars_drawn = (
        pixels_of(rows, color) for color in (SUCCEEDED_FILL, FAILED_FILL, BAR_FILL)
    )
    # a node box is 280 x 60 px less its border: thousands of pixels of its fill
    assert len(succeeded) > 5000 and len(failed) > 5000, (len(succeeded), len(failed))
    # the graph reads top to bottom: the crawler that ran first, then the job that failed
    assert max(y for _, y in succeeded) < min(y for _, y in failed)
    # the histogram is drawn below the graph
    assert bars_drawn and min(y for _, y in bars_drawn) > max(y for _, y in failed)


def test_previews_of_a_run_that_queried_nothing_use_the_workgroup_with_a_results_location():
    """Athena refuses a query of a workgroup without a results location (as `primary` is by default):
    the previews take the one workgroup that has one."""
    import boto3
    from moto import mock_aws

    from localglue.report.gather import _workgroup_with_results

    with mock_aws():
        athena = boto3.client("athena", region_name="us-east-1")
        athena.create_work_group(Name="bare", Configuration={})
        assert _workgroup_with_results(athena) == "primary"
        located = {"ResultConfiguration": {"OutputLocation": "s3://results/"}}
        athena.create_work_group(Name="pipeline", Configuration=located)
        assert _workgroup_with_results(athena) == "pipeline"
        athena.create_work_group(Name="other", Configuration=located)
        assert _workgroup_with_results(athena) == "primary"  # more than one: nothing to choose by


def test_the_cost_section_lists_what_is_billed_and_the_total():
    """A 3 s crawl bills Glue's 10-minute minimum at $0.44 per DPU-hour: 0.44 / 6 = $0.0733."""
    from localglue.costs.estimate import RunCost, crawl_cost

    report = sample_report()
    report.cost = RunCost([crawl_cost("source-crawler", 3.0)])
    report.cost_scope = "the run's crawls"
    page = render(report)

    section = page[page.index('<section id="cost">') :]
    assert "$0.0733 per run, the run&#x27;s crawls." in section
    assert "<td>crawler</td><td>source-crawler</td>" in section
    assert "<b>$0.0733</b>" in section
