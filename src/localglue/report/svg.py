"""The report's pictures as inline SVG: the workflow graph and bar charts (no script, no external file)."""

from __future__ import annotations

from html import escape

from .model import Histogram, Node

NODE_WIDTH, NODE_HEIGHT, COLUMN_GAP, ROW_GAP, MARGIN = 280, 60, 24, 36, 16
# state -> CSS class; the stylesheet (render.STYLE) gives each its colour
STATE_CLASSES = {
    "SUCCEEDED": "ok",
    "COMPLETED": "ok",
    "FAILED": "bad",
    "ERROR": "bad",
    "TIMEOUT": "bad",
    "STOPPED": "bad",
    "CANCELLED": "bad",
    "RUNNING": "busy",
    "STARTING": "busy",
    "STOPPING": "busy",
    "WAITING": "busy",
    "NOT RUN": "idle",
}


def state_class(node: Node) -> str:
    if node.kind == "TRIGGER":
        return "trigger"
    return STATE_CLASSES.get(node.state, "idle")


def duration_text(seconds: float | None) -> str:
    if seconds is None:
        return ""
    whole = int(round(seconds))
    return f"{whole // 60}m{whole % 60:02d}s" if whole >= 60 else f"{whole}s"


def layout(nodes: list[Node], edges: list[tuple[str, str]]) -> dict[str, tuple[int, int]]:
    """uid -> (column, row): row = the longest path from a root (so every edge points down; workflows are
    deep more than wide, and a page is taller than wide), column = order within the row."""
    depth = {node.uid: 0 for node in nodes}
    for _ in nodes:  # relax edges; a graph of n nodes settles within n rounds (cycles stop there)
        changed = False
        for source, target in edges:
            if source in depth and target in depth and depth[target] < depth[source] + 1:
                depth[target] = min(depth[source] + 1, len(nodes))
                changed = True
        if not changed:
            break
    columns: dict[int, int] = {}
    places = {}
    for node in nodes:
        row = depth[node.uid]
        places[node.uid] = (columns.get(row, 0), row)
        columns[row] = columns.get(row, 0) + 1
    return places


def graph_svg(nodes: list[Node], edges: list[tuple[str, str]]) -> str:
    if not nodes:
        return '<p class="empty">The workflow run has no graph.</p>'
    places = layout(nodes, edges)
    columns = max(column for column, _ in places.values()) + 1
    rows = max(row for _, row in places.values()) + 1
    width = MARGIN * 2 + columns * NODE_WIDTH + (columns - 1) * COLUMN_GAP
    height = MARGIN * 2 + rows * NODE_HEIGHT + (rows - 1) * ROW_GAP

    def corner(uid: str) -> tuple[int, int]:
        column, row = places[uid]
        return MARGIN + column * (NODE_WIDTH + COLUMN_GAP), MARGIN + row * (NODE_HEIGHT + ROW_GAP)

    parts = [
        f'<svg class="graph" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="workflow graph">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" '
        'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead"/></marker></defs>',
    ]
    for source, target in edges:
        if source in places and target in places:
            (x1, y1), (x2, y2) = corner(source), corner(target)
            parts.append(
                f'<line class="edge" x1="{x1 + NODE_WIDTH // 2}" y1="{y1 + NODE_HEIGHT}" x2="{x2 + NODE_WIDTH // 2}" '
                f'y2="{y2}" marker-end="url(#arrow)"/>'
            )
    for node in nodes:
        x, y = corner(node.uid)
        detail = node.state + (f" · {duration_text(node.seconds)}" if node.seconds is not None else "")
        name = node.name if len(node.name) <= 36 else node.name[:35] + "…"
        parts.append(
            f'<g class="node {state_class(node)}" data-kind="{escape(node.kind)}" data-name="{escape(node.name)}" '
            f'data-state="{escape(node.state)}"><title>{escape(node.error or node.name)}</title>'
            f'<rect x="{x}" y="{y}" width="{NODE_WIDTH}" height="{NODE_HEIGHT}" rx="8"/>'
            f'<text x="{x + 10}" y="{y + 18}" class="kind">{escape(node.kind.lower())}</text>'
            f'<text x="{x + 10}" y="{y + 37}" class="name">{escape(name)}</text>'
            f'<text x="{x + 10}" y="{y + 55}" class="state">{escape(detail)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 or value == int(value) else f"{value:,.2f}"


def histogram_svg(histogram: Histogram, width: int = 640, height: int = 220) -> str:
    bars = histogram.counts + ([histogram.above] if histogram.above else [])
    if not bars or not histogram.total:
        return f'<p class="empty">No values of {escape(histogram.column)}.</p>'
    left, bottom, top = 48, 36, 12
    plot_width, plot_height = width - left - 8, height - bottom - top
    tallest = max(bars)
    bar_width = plot_width / len(bars)
    parts = [
        f'<svg class="histogram" data-column="{escape(histogram.column)}" xmlns="http://www.w3.org/2000/svg" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="histogram of {escape(histogram.column)}">',
        f'<line class="axis" x1="{left}" y1="{top + plot_height}" x2="{width - 8}" y2="{top + plot_height}"/>',
        f'<text class="tick" x="{left - 6}" y="{top + 10}" text-anchor="end">{tallest:,}</text>',
        f'<text class="tick" x="{left - 6}" y="{top + plot_height}" text-anchor="end">0</text>',
    ]
    for index, count in enumerate(bars):
        bar_height = plot_height * count / tallest
        x = left + index * bar_width
        overflow = index == len(histogram.counts)
        label = (
            f"> {_number(histogram.edges[-1])}"
            if overflow
            else f"{_number(histogram.edges[index])} – {_number(histogram.edges[index + 1])}"
        )
        parts.append(
            f'<rect class="bar{" overflow" if overflow else ""}" data-count="{count}" x="{x + 1:.1f}" '
            f'y="{top + plot_height - bar_height:.1f}" width="{max(bar_width - 2, 1):.1f}" '
            f'height="{bar_height:.1f}"><title>{escape(label)}: {count:,}</title></rect>'
        )
    for index in (0, len(histogram.counts) // 2, len(histogram.counts)):
        x = left + index * bar_width
        if index == len(histogram.counts) and histogram.above:
            continue  # the overflow bar's "more" label stands there
        parts.append(
            f'<text class="tick" x="{x:.1f}" y="{height - bottom + 16}" text-anchor="middle">'
            f"{escape(_number(histogram.edges[index]))}</text>"
        )
    if histogram.above:
        parts.append(
            f'<text class="tick" x="{width - 8 - bar_width / 2:.1f}" y="{height - bottom + 16}" '
            f'text-anchor="middle">more</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def counts_svg(counts: dict[str, float], width: int = 640) -> str:
    """Horizontal bars, one per count, on one scale."""
    if not counts:
        return ""
    row, label_width = 26, 170
    height = row * len(counts) + 8
    largest = max(counts.values()) or 1
    parts = [
        f'<svg class="counts" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="job counts">'
    ]
    for index, (name, value) in enumerate(counts.items()):
        y = 4 + index * row
        bar = (width - label_width - 80) * value / largest
        parts.append(
            f'<text class="label" x="{label_width - 8}" y="{y + 16}" text-anchor="end">{escape(name)}</text>'
            f'<rect class="count" data-name="{escape(name)}" data-value="{value:g}" x="{label_width}" y="{y + 3}" '
            f'width="{max(bar, 1):.1f}" height="{row - 8}"/>'
            f'<text class="value" x="{label_width + bar + 6:.1f}" y="{y + 16}">{value:,g}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
