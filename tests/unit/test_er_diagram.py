"""The ER diagram's layout: no line runs through a box, no text leaves its box, and a
40-entity genome stays fast; text is escaped."""

from __future__ import annotations

import random
import re
import time

import pytest

from app.examples import genome_path
from app.services import er_diagram, genome_service

KINDS = ("many_to_one", "many_to_one", "one_to_one", "many_to_many")


def random_genome(entities: int, seed: int) -> str:
    """A valid genome of `entities` entities with random relations (self ones included)."""
    rng = random.Random(seed)
    lines = ["genome: 1", f"name: Random {seed}", "entities:"]
    for index in range(entities):
        lines += [
            f"  - name: Entity{index}",
            "    fields:",
            f"      title_of_entity_number_{index}: {{type: string, required: true}}",
            "      amount: {type: decimal}",
        ]
        targets = rng.sample(range(entities), k=min(entities, rng.randint(0, 3)))
        if targets or rng.random() < 0.2:
            lines.append("    relations:")
        for number, target in enumerate(targets):
            kind = rng.choice(KINDS)
            lines.append(f"      link{number}: {{kind: {kind}, target: Entity{target}}}")
        if not targets and lines[-1] == "    relations:":
            lines.append("      owner: {kind: many_to_one, target: User}")
    return "\n".join(lines) + "\n"


def crosses_interior(segment, box) -> bool:
    """Whether the segment passes through the box's interior (shrunk by a pixel)."""
    (x1, y1), (x2, y2) = segment
    left, top = box.x + 1, box.y + 1
    right, bottom = box.x + box.width - 1, box.y + box.height - 1
    t0, t1 = 0.0, 1.0
    dx, dy = x2 - x1, y2 - y1
    for p, q in ((-dx, x1 - left), (dx, right - x1), (-dy, y1 - top), (dy, bottom - y1)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return t1 - t0 > 1e-6


def assert_readable(genome) -> None:
    boxes, arrows, width, height = er_diagram.layout(genome)
    names = list(boxes)
    for index, name in enumerate(names):
        box = boxes[name]
        assert box.x >= 0
        assert box.y >= 0
        assert box.x + box.width <= width
        assert box.y + box.height <= height
        for text in [box.name, *box.lines, *box.relation_lines]:
            assert len(text) * er_diagram.CHAR_WIDTH + 2 * er_diagram.PAD_X <= box.width + 0.01
        for other in names[index + 1 :]:
            o = boxes[other]
            apart = (
                box.x + box.width <= o.x
                or o.x + o.width <= box.x
                or box.y + box.height <= o.y
                or o.y + o.height <= box.y
            )
            assert apart, (name, other)
    for arrow in arrows:
        assert len(arrow.points) >= 2
        for segment in zip(arrow.points, arrow.points[1:], strict=False):
            for name, box in boxes.items():
                assert not crosses_interior(segment, box), (arrow.title, name, segment)


@pytest.mark.parametrize("seed", range(6))
def test_no_line_runs_through_a_box_and_no_text_leaves_its_box(seed):
    checked = genome_service.check(random_genome(8 + seed * 6, seed))
    assert_readable(checked.genome)


def test_the_clinic_example_is_readable_and_names_every_relation():
    genome = genome_service.check(genome_path("clinic.yaml").read_text(encoding="utf-8")).genome
    assert_readable(genome)
    drawing = er_diagram.svg(genome)
    assert "appointment N:1 → Appointment" in drawing
    assert drawing.count('<g class="entity">') == len(genome.entities) + 1  # and User


def test_forty_entities_lay_out_quickly():
    genome = genome_service.check(random_genome(40, 99)).genome
    started = time.perf_counter()
    drawing = er_diagram.svg(genome)
    assert time.perf_counter() - started < 5  # generous: shared CI cores; ~0.1 s locally
    assert len(re.findall(r'<g class="entity">', drawing)) >= 40


def test_names_are_escaped_in_the_drawing():
    text = random_genome(2, 1).replace("name: Random 1", 'name: "Shop <b>&"')
    drawing = er_diagram.svg(genome_service.check(text).genome)
    assert "<b>" not in drawing
    assert "Shop &lt;b&gt;&amp;" in drawing
