"""An ER diagram of a genome drawn as SVG on the server: entities as boxes in a grid,
relations as lines between them labelled with their name and kind."""

from __future__ import annotations

import math

from markupsafe import escape

from app.generator.model import Genome

BOX_WIDTH = 210
ROW_HEIGHT = 18
HEADER = 26
GAP_X = 70
GAP_Y = 60
MAX_FIELDS = 8
KIND_MARK = {"many_to_one": "N:1", "one_to_one": "1:1", "many_to_many": "N:M"}


def _boxes(genome: Genome) -> dict[str, tuple[float, float, float, float, list[str]]]:
    """name -> (x, y, width, height, lines)."""
    entries: list[tuple[str, list[str]]] = []
    for entity in genome.entities:
        lines = [f"{field.name}: {field.type}" for field in entity.fields[:MAX_FIELDS]]
        if len(entity.fields) > MAX_FIELDS:
            lines.append(f"… {len(entity.fields) - MAX_FIELDS} more")
        entries.append((entity.name, lines))
    if any(rel.target_is_user for entity in genome.entities for rel in entity.relations):
        entries.append(("User", ["(built in)"]))
    columns = max(1, math.ceil(math.sqrt(len(entries))))
    row_heights: dict[int, float] = {}
    for index, (_, lines) in enumerate(entries):
        row = index // columns
        row_heights[row] = max(row_heights.get(row, 0), HEADER + ROW_HEIGHT * len(lines) + 8)
    boxes = {}
    for index, (name, lines) in enumerate(entries):
        row, column = divmod(index, columns)
        y = 20 + sum(row_heights[r] + GAP_Y for r in range(row))
        x = 20 + column * (BOX_WIDTH + GAP_X)
        boxes[name] = (x, y, BOX_WIDTH, HEADER + ROW_HEIGHT * len(lines) + 8, lines)
    return boxes


def _edge(a, b) -> tuple[float, float, float, float]:
    """A line between the borders of two boxes, along the line joining their centres."""
    ax, ay = a[0] + a[2] / 2, a[1] + a[3] / 2
    bx, by = b[0] + b[2] / 2, b[1] + b[3] / 2

    def clip(cx, cy, w, h, dx, dy):
        if dx == 0 and dy == 0:
            return cx, cy
        scale = min(
            (w / 2) / abs(dx) if dx else math.inf,
            (h / 2) / abs(dy) if dy else math.inf,
        )
        return cx + dx * scale, cy + dy * scale

    x1, y1 = clip(ax, ay, a[2], a[3], bx - ax, by - ay)
    x2, y2 = clip(bx, by, b[2], b[3], ax - bx, ay - by)
    return x1, y1, x2, y2


def svg(genome: Genome) -> str:
    boxes = _boxes(genome)
    width = max((x + w for x, _, w, _, _ in boxes.values()), default=200) + 20
    height = max((y + h for _, y, _, h, _ in boxes.values()), default=100) + 20
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
        f'aria-label="{escape(genome.name)}: entities and relations" '
        'font-family="system-ui, sans-serif" font-size="12">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" '
        'markerWidth="8" markerHeight="8" orient="auto-start-reverse">'
        '<path d="M 0 0 L 10 5 L 0 10 z" fill="#3454d1"/></marker></defs>',
    ]
    for entity in genome.entities:
        for relation in entity.relations:
            target = "User" if relation.target_is_user else relation.target
            if target not in boxes:
                continue
            x1, y1, x2, y2 = _edge(boxes[entity.name], boxes[target])
            label = f"{relation.name} {KIND_MARK.get(relation.kind, relation.kind)}"
            parts.append(
                f'<g class="relation"><line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" '
                f'y2="{y2:.1f}" stroke="#3454d1" stroke-width="1.4" marker-end="url(#arrow)"/>'
                f'<text x="{(x1 + x2) / 2:.1f}" y="{(y1 + y2) / 2 - 4:.1f}" fill="#3454d1" '
                f'text-anchor="middle">{escape(label)}</text></g>'
            )
    for name, (x, y, w, h, lines) in boxes.items():
        parts.append(
            f'<g class="entity"><rect x="{x}" y="{y}" width="{w}" height="{h}" rx="6" '
            'fill="#ffffff" stroke="#1b1f24"/>'
            f'<rect x="{x}" y="{y}" width="{w}" height="{HEADER}" rx="6" fill="#e8ecf8" '
            'stroke="#1b1f24"/>'
            f'<text x="{x + 10}" y="{y + 17}" font-weight="700">{escape(name)}</text>'
        )
        for index, line in enumerate(lines):
            parts.append(
                f'<text x="{x + 10}" y="{y + HEADER + 14 + index * ROW_HEIGHT}" '
                f'fill="#5b6470">{escape(line)}</text>'
            )
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)
