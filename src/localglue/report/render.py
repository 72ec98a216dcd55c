"""The report as one HTML page: inline CSS and SVG, no script, nothing fetched (it opens offline)."""

from __future__ import annotations

from collections.abc import Collection
from html import escape

from ..costs import prices
from .model import CrawlView, JobRunView, QueryView, Report, TablePreview
from .svg import counts_svg, duration_text, graph_svg, histogram_svg, state_class, STATE_CLASSES

STYLE = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px; color: #1f2933;
       background: #f7f9fb; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; }
#graph { overflow-x: auto; }
section { background: #fff; border: 1px solid #dde3ea; border-radius: 8px; padding: 12px 16px; margin: 12px 0; }
.meta { color: #52606d; } .empty { color: #7b8794; font-style: italic; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff; font-weight: 600; }
.badge.ok { background: #2f9e44; } .badge.bad { background: #d9480f; } .badge.busy { background: #1c7ed6; }
.badge.idle { background: #868e96; }
svg text { font: 12px system-ui, sans-serif; fill: #1f2933; }
.node rect { stroke-width: 2; } .node .name { font-weight: 600; font-size: 13px; }
.node.ok rect { fill: #d3f9d8; stroke: #2f9e44; } .node.bad rect { fill: #ffe3e3; stroke: #e03131; }
.node.busy rect { fill: #d0ebff; stroke: #1c7ed6; } .node.idle rect { fill: #f1f3f5; stroke: #adb5bd; }
.node.trigger rect { fill: #fff9db; stroke: #f08c00; }
.edge { stroke: #868e96; stroke-width: 2; } .arrowhead { fill: #868e96; }
.bar { fill: #4c6ef5; } .bar.overflow { fill: #adb5bd; } .count { fill: #12b886; } .axis { stroke: #adb5bd; }
.tick { fill: #52606d; font-size: 11px; }
table { border-collapse: collapse; font-size: 13px; } th, td { border-bottom: 1px solid #e4e7eb; padding: 3px 10px;
  text-align: left; vertical-align: top; } th { background: #f1f3f5; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
pre { background: #1f2933; color: #e4e7eb; padding: 8px 10px; border-radius: 6px; overflow-x: auto;
      font-size: 12px; max-height: 320px; } pre.stderr { border-left: 4px solid #f59f00; }
code.sql { white-space: pre-wrap; font-size: 12px; }
"""


def _badge(state: str) -> str:
    return f'<span class="badge {STATE_CLASSES.get(state, "idle")}">{escape(state)}</span>'


def _table(columns: list[str], rows: list[list[str]], numeric: Collection[int] = ()) -> str:
    head = "".join(f"<th>{escape(column)}</th>" for column in columns)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{' class=num' if index in numeric else ''}>{cell}</td>" for index, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _job_run(view: JobRunView) -> str:
    parts = [
        f'<section class="job-run" data-run-id="{escape(view.run_id)}"><h3>job {escape(view.job_name)} · '
        f"<code>{escape(view.run_id)}</code> {_badge(view.state)} {escape(duration_text(view.seconds))}</h3>"
    ]
    if view.error:
        parts.append(f'<p class="error">{escape(view.error)}</p>')
    if view.counts:
        parts.append("<h4>counts the job logged</h4>" + counts_svg(view.counts))
    for name, lines in (("stdout", view.stdout_tail), ("stderr", view.stderr_tail)):
        shown = escape("\n".join(lines)) if lines else "(nothing)"
        parts.append(f'<h4>{name}, last {len(lines)} lines</h4><pre class="{name}">{shown}</pre>')
    parts.append("</section>")
    return "".join(parts)


def _preview(preview: TablePreview) -> str:
    where = f" where <code>{escape(preview.where)}</code>" if preview.where else ""
    parts = [
        f'<section class="preview" data-table="{escape(preview.database)}.{escape(preview.table)}">'
        f"<h3>{escape(preview.database)}.{escape(preview.table)}: {preview.row_count:,} rows{where}</h3>",
        _table(
            preview.columns,
            [[escape("NULL" if value is None else value) for value in row] for row in preview.rows],
        ),
    ]
    for histogram in preview.histograms:
        beyond = f"; {histogram.above:,} values above the 99th percentile in grey" if histogram.above else ""
        beyond += "; bins on a logarithmic scale" if histogram.logarithmic else ""
        parts.append(
            f"<h4>histogram of {escape(histogram.column)} ({histogram.total:,} values{beyond})</h4>"
            + histogram_svg(histogram)
        )
    parts.append("</section>")
    return "".join(parts)


def _queries(queries: list[QueryView]) -> str:
    if not queries:
        return '<p class="empty">No Athena query ran during the workflow run.</p>'
    rows = [
        [
            f"<code>{escape(query.query_id)}</code>",
            f'<code class="sql">{escape(query.sql)}</code>',
            _badge(query.state),
            f"{query.bytes_scanned:,}",
            f"{query.millis:,}",
        ]
        for query in queries
    ]
    return _table(["query", "SQL", "state", "bytes scanned", "ms"], rows, numeric={3, 4})


def _crawls(crawls: list[CrawlView]) -> str:
    if not crawls:
        return '<p class="empty">No crawler ran in this workflow run.</p>'
    parts = []
    for crawl in crawls:
        tables = (
            _table(["table", "change"], [[escape(t), escape(c)] for t, c in crawl.tables])
            if crawl.tables
            else ""
        )
        parts.append(
            f'<section class="crawl" data-crawler="{escape(crawl.crawler)}"><h3>crawler {escape(crawl.crawler)} '
            f"{_badge(crawl.state)}</h3><p>{escape(crawl.summary)}</p>{tables}</section>"
        )
    return "".join(parts)


def _cost(report: Report) -> str:
    cost = report.cost
    if cost is None or not cost.items:
        return '<p class="empty">Nothing of this run is billed.</p>'
    rows = [
        [escape(item.kind), escape(item.name), escape(item.measured), escape(item.billed), f"${item.usd:.4f}"]
        for item in cost.items
    ]
    rows.append(["<b>total</b>", "", "", "", f"<b>${cost.total:.4f}</b>"])
    saving = (
        f"<p>cut most by: {escape(cost.saving.change)} (-${cost.saving.usd:.4f})</p>" if cost.saving else ""
    )
    return (
        f"<p>cost on AWS ({prices.REGION}, prices of {prices.AS_OF}): ${cost.total:.4f} per run, "
        f"{escape(report.cost_scope)}.</p>"
        + _table(["kind", "what", "measured", "billed as", "USD"], rows, numeric={4})
        + saving
    )


def render(report: Report) -> str:
    statistics = ", ".join(
        f"{key.removesuffix('Actions').lower()} {value}" for key, value in report.statistics.items()
    )
    seconds = (
        (report.completed - report.started).total_seconds() if report.started and report.completed else None
    )
    # AWS calls a run with failed actions COMPLETED too: the badge says whether every action succeeded
    failed = any(state_class(node) == "bad" for node in report.nodes)
    status_class = "bad" if failed else STATE_CLASSES.get(report.status, "bad")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>localglue report: {escape(report.workflow)} {escape(report.run_id)}</title>
<style>{STYLE}</style></head>
<body>
<h1>workflow {escape(report.workflow)} <span class="badge {status_class}" id="run-status">{escape(report.status)}</span></h1>
<p class="meta">run <code>{escape(report.run_id)}</code> · started {escape(str(report.started or "-"))} ·
{escape(duration_text(seconds) or "still running")} · actions: {escape(statistics)} · {escape(report.endpoint)}
· report made {report.generated:%Y-%m-%d %H:%M:%S}</p>
<h2>graph</h2><section id="graph">{graph_svg(report.nodes, report.edges)}</section>
<h2>job runs</h2><div id="job-runs">{"".join(_job_run(view) for view in report.job_runs) or '<p class="empty">No job ran.</p>'}</div>
<h2>output</h2><div id="output">{"".join(_preview(p) for p in report.previews) or '<p class="empty">No table to preview.</p>'}</div>
<h2>Athena queries</h2><section id="queries">{_queries(report.queries)}</section>
<h2>crawlers' table changes</h2><div id="crawls">{_crawls(report.crawls)}</div>
<h2>cost on AWS</h2><section id="cost">{_cost(report)}</section>
</body></html>
"""
