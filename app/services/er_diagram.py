"""An ER diagram of a genome drawn as SVG on the server.

Entities are boxes sized to their text (a monospace font, so widths are known without a
browser); relations are listed inside the source box and drawn as arrows to their target.
The layout is Sugiyama's layered drawing (grandalf): boxes sit in horizontal layers, and
each arrow leaves its box straight down, crosses the empty gap between two layers on a
diagonal, and enters the next layer straight down (through dummy points for long edges),
so no line ever runs through a box.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from grandalf.graphs import Edge, Graph, Vertex
from grandalf.layouts import SugiyamaLayout
from markupsafe import escape

from app.genome.model import Genome

FONT_SIZE = 12
CHAR_WIDTH = 7.3  # a 12 px monospace glyph is 0.6 em (7.2 px); a little margin
ROW = 18
HEADER = 26
PAD_X = 10
MIN_WIDTH = 120
MAX_FIELDS_SHOWN = 14
GAP_X = 36  # between boxes of a layer
GAP_Y = 64  # between layers: where the diagonals run
MARGIN = 20
MAX_ROW_WIDTH = 1400  # components wrap into rows beyond this
KIND_MARK = {"many_to_one": "N:1", "one_to_one": "1:1", "many_to_many": "N:M"}
LINE_COLOUR = "#3454d1"


@dataclass
class Box:
    name: str
    lines: list[str]
    relation_lines: list[str]
    x: float = 0.0  # top-left
    y: float = 0.0

    @property
    def width(self) -> float:
        texts = [self.name, *self.lines, *self.relation_lines]
        return max(MIN_WIDTH, max(len(text) for text in texts) * CHAR_WIDTH + 2 * PAD_X)

    @property
    def height(self) -> float:
        rows = len(self.lines) + len(self.relation_lines)
        return HEADER + ROW * rows + (8 if self.relation_lines and self.lines else 0) + 8


@dataclass
class Arrow:
    source: str
    target: str
    title: str
    points: list[tuple[float, float]] = field(default_factory=list)


class _View:
    """What grandalf needs of a vertex: its size, and where it put its centre."""

    def __init__(self, w: float, h: float):
        self.w = w
        self.h = h
        self.xy = (0.0, 0.0)


def _boxes(genome: Genome) -> dict[str, Box]:
    boxes: dict[str, Box] = {}
    for entity in genome.entities:
        lines = [
            f"{item.name}: {item.type}{'*' if item.required else ''}" for item in entity.fields
        ]
        if len(lines) > MAX_FIELDS_SHOWN:
            lines = [
                *lines[: MAX_FIELDS_SHOWN - 1],
                f"… {len(lines) - MAX_FIELDS_SHOWN + 1} more fields",
            ]
        relations = [
            f"{rel.name} {KIND_MARK.get(rel.kind, rel.kind)} → {rel.target}"
            for rel in entity.relations
        ]
        boxes[entity.name] = Box(entity.name, lines, relations)
    if any(rel.target_is_user for entity in genome.entities for rel in entity.relations):
        boxes.setdefault("User", Box("User", ["(built in)"], []))
    return boxes


def _arrows(genome: Genome, boxes: dict[str, Box]) -> list[Arrow]:
    """One arrow per (source, target) pair; its title names every relation it stands for."""
    found: dict[tuple[str, str], list[str]] = {}
    for entity in genome.entities:
        for rel in entity.relations:
            target = "User" if rel.target_is_user else rel.target
            if target in boxes:
                found.setdefault((entity.name, target), []).append(
                    f"{entity.name}.{rel.name} {KIND_MARK.get(rel.kind, rel.kind)} {target}"
                )
    return [Arrow(source, target, "; ".join(titles)) for (source, target), titles in found.items()]


def _layout_component(component, boxes: dict[str, Box]) -> dict:
    """Lay one connected component out; returns layers (y band per rank) and routes."""
    for vertex in component.sV:
        box = boxes.get(vertex.data)
        vertex.view = _View(box.width, box.height) if box else _View(2, 2)
    layout = SugiyamaLayout(component)
    layout.xspace = GAP_X
    layout.yspace = GAP_Y
    roots = [vertex for vertex in component.sV if not vertex.e_in()] or None
    layout.init_all(roots=roots)
    layout.draw(3)
    return {"layout": layout}


def _place(genome: Genome, boxes: dict[str, Box], arrows: list[Arrow]) -> tuple[float, float]:
    """Positions every box and every arrow; returns the drawing's width and height."""
    vertices = {name: Vertex(name) for name in boxes}
    edges = [
        Edge(vertices[arrow.source], vertices[arrow.target], data=arrow)
        for arrow in arrows
        if arrow.source != arrow.target
    ]
    graph = Graph(list(vertices.values()), edges)
    cursor_x, cursor_y, row_height, width = MARGIN, MARGIN, 0.0, 0.0
    for component in sorted(graph.C, key=lambda c: -len(c.sV)):
        placed = _route_component(component, boxes)
        left, top, right, bottom = placed
        comp_width, comp_height = right - left, bottom - top
        if cursor_x > MARGIN and cursor_x + comp_width > MAX_ROW_WIDTH:
            cursor_x, cursor_y = MARGIN, cursor_y + row_height + GAP_Y
            row_height = 0.0
        _shift(component, boxes, cursor_x - left, cursor_y - top)
        cursor_x += comp_width + GAP_X * 2
        row_height = max(row_height, comp_height)
        width = max(width, cursor_x - GAP_X * 2)
    del genome
    for arrow in arrows:
        if arrow.source == arrow.target:
            arrow.points = _loop(boxes[arrow.source])
    return width + MARGIN + 24, cursor_y + row_height + MARGIN


def _route_component(component, boxes: dict[str, Box]) -> tuple[float, float, float, float]:
    """Sugiyama layout of one component, then orthogonal-ended routes between layers."""
    layout = _layout_component(component, boxes)["layout"]
    bands: dict[int, tuple[float, float]] = {}
    for rank, layer in enumerate(layout.layers):
        tops, bottoms = [], []
        for vertex in layer:
            x, y = vertex.view.xy
            tops.append(y - vertex.view.h / 2)
            bottoms.append(y + vertex.view.h / 2)
        bands[rank] = (min(tops), max(bottoms))
    for vertex in component.sV:
        box = boxes[vertex.data]
        x, y = vertex.view.xy
        box.x, box.y = x - box.width / 2, y - box.height / 2
    outgoing: dict[str, list] = {}
    incoming: dict[str, list] = {}
    for edge in component.sE:
        outgoing.setdefault(edge.v[0].data, []).append(edge)
        incoming.setdefault(edge.v[1].data, []).append(edge)
    for edge in component.sE:
        arrow: Arrow = edge.data
        arrow.points = _route(layout, edge, boxes, bands, outgoing, incoming)
    xs = [box.x for vertex in component.sV for box in [boxes[vertex.data]]]
    rights = [box.x + box.width for vertex in component.sV for box in [boxes[vertex.data]]]
    tops = [band[0] for band in bands.values()]
    bottoms = [band[1] for band in bands.values()]
    for edge in component.sE:
        xs += [point[0] for point in edge.data.points]
        rights += [point[0] for point in edge.data.points]
    return min(xs), min(tops), max(rights), max(bottoms)


def _port(box: Box, edges: list, edge, bottom: bool) -> tuple[float, float]:
    """Where `edge` meets `box`: spread along its bottom (leaving) or top (arriving)."""
    index = edges.index(edge)
    x = box.x + box.width * (index + 1) / (len(edges) + 1)
    return x, (box.y + box.height) if bottom else box.y


def _route(layout, edge, boxes, bands, outgoing, incoming) -> list[tuple[float, float]]:
    """Down from the upper end, through each layer gap on a diagonal, down into the lower end."""
    source, target = edge.v[0], edge.v[1]
    if layout.grx[source].rank > layout.grx[target].rank:
        source, target = target, source  # an edge grandalf inverted to break a cycle
    chain = [source, *_dummies(layout, edge), target]
    ranks = [layout.grx[vertex].rank for vertex in chain]
    upper, lower = chain[0], chain[-1]
    upper_edges = outgoing.get(upper.data, []) + incoming.get(upper.data, [])
    lower_edges = incoming.get(lower.data, []) + outgoing.get(lower.data, [])
    start = _port(boxes[upper.data], _sorted_edges(upper_edges, upper), edge, bottom=True)
    end = _port(boxes[lower.data], _sorted_edges(lower_edges, lower), edge, bottom=False)
    points = [start]
    xs = [start[0], *[vertex.view.xy[0] for vertex in chain[1:-1]], end[0]]
    for step in range(len(chain) - 1):
        gap_top = bands[ranks[step]][1]
        gap_bottom = bands[ranks[step + 1]][0]
        points.append((xs[step], gap_top))
        points.append((xs[step + 1], gap_bottom))
    points.append(end)
    if chain[0] is not edge.v[0]:
        points.reverse()
    return points


def _sorted_edges(edges: list, vertex) -> list:
    """Edges at a box ordered by the x of their other end, so that they do not cross there."""

    def other_x(edge):
        other = edge.v[1] if edge.v[0] is vertex else edge.v[0]
        return other.view.xy[0]

    return sorted(edges, key=other_x)


def _dummies(layout, edge) -> list:
    """The dummy points grandalf put on a long edge, by rank (its ends excluded)."""
    control = layout.ctrls.get(edge)
    if not control:
        return []
    ends = {id(edge.v[0]), id(edge.v[1])}
    return [control[rank] for rank in sorted(control) if id(control[rank]) not in ends]


def _shift(component, boxes: dict[str, Box], dx: float, dy: float) -> None:
    for vertex in component.sV:
        box = boxes[vertex.data]
        box.x += dx
        box.y += dy
    for edge in component.sE:
        edge.data.points = [(x + dx, y + dy) for x, y in edge.data.points]


def _loop(box: Box) -> list[tuple[float, float]]:
    """A relation of an entity to itself: out of the right side and back in."""
    right = box.x + box.width
    top, bottom = box.y + HEADER * 0.6, box.y + min(box.height - 6, HEADER + 24)
    return [(right, top), (right + 16, top), (right + 16, bottom), (right, bottom)]


def layout(genome: Genome) -> tuple[dict[str, Box], list[Arrow], float, float]:
    """The boxes and arrows of `genome`, placed; and the drawing's size."""
    boxes = _boxes(genome)
    arrows = _arrows(genome, boxes)
    width, height = _place(genome, boxes, arrows)
    return boxes, arrows, width, height


def svg(genome: Genome) -> str:
    boxes, arrows, width, height = layout(genome)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" class="er-diagram" '
        f'aria-label="{escape(genome.name)}: entities and relations" '
        f'font-family="ui-monospace, SFMono-Regular, Menlo, Consolas, monospace" '
        f'font-size="{FONT_SIZE}">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" '
        'markerWidth="8" markerHeight="8" orient="auto-start-reverse">'
        f'<path d="M 0 0 L 10 5 L 0 10 z" fill="{LINE_COLOUR}"/></marker></defs>',
    ]
    for arrow in arrows:
        path = " ".join(
            f"{'M' if index == 0 else 'L'} {x:.1f} {y:.1f}"
            for index, (x, y) in enumerate(arrow.points)
        )
        parts.append(
            f'<g class="relation"><title>{escape(arrow.title)}</title><path d="{path}" '
            f'fill="none" stroke="{LINE_COLOUR}" stroke-width="1.4" marker-end="url(#arrow)"/></g>'
        )
    for box in boxes.values():
        parts.append(_box_svg(box))
    parts.append("</svg>")
    return "".join(parts)


def _box_svg(box: Box) -> str:
    x, y, w, h = box.x, box.y, box.width, box.height
    parts = [
        f'<g class="entity"><rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" '
        'rx="6" fill="#ffffff" stroke="#1b1f24"/>'
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{HEADER}" rx="6" '
        'fill="#e8ecf8" stroke="#1b1f24"/>'
        f'<text x="{x + PAD_X:.1f}" y="{y + 17:.1f}" font-weight="700">{escape(box.name)}</text>'
    ]
    row_y = y + HEADER + 14
    for line in box.lines:
        parts.append(
            f'<text x="{x + PAD_X:.1f}" y="{row_y:.1f}" fill="#3d4450">{escape(line)}</text>'
        )
        row_y += ROW
    if box.relation_lines and box.lines:
        parts.append(
            f'<line x1="{x:.1f}" y1="{row_y - 10:.1f}" x2="{x + w:.1f}" y2="{row_y - 10:.1f}" '
            'stroke="#dde1e6"/>'
        )
        row_y += 8
    for line in box.relation_lines:
        parts.append(
            f'<text x="{x + PAD_X:.1f}" y="{row_y:.1f}" fill="{LINE_COLOUR}">{escape(line)}</text>'
        )
        row_y += ROW
    parts.append("</g>")
    return "".join(parts)
