"""A person clicking through a generated frontend in Chromium, against its real backend.

Sign up; create a row of every entity in an order the required relations allow; search,
sort and filter a list; edit a row; move a state through a transition; see a 409 explained;
delete a row; open a second workspace and find the first one's row not found there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from playwright.sync_api import Page, expect

from helix_gates.form_values import creation_order, form_text

if TYPE_CHECKING:  # the gates import Helix's app lazily, as generation.py does
    from app.genome.model import Entity, Genome

TIMEOUT_MS = 30_000
PASSWORD = "Journey-password-1234!"


@dataclass
class Journey:
    page: Page
    base_url: str
    genome: Genome
    project_root: Path
    tenant_id: int = 0
    created: dict[str, int] = field(default_factory=dict)  # entity name -> row id
    typed: dict[str, dict[str, str]] = field(default_factory=dict)  # entity -> field -> text

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def entity_path(self, entity: Entity, tenant_id: int | None = None) -> str:
        return f"/t/{tenant_id or self.tenant_id}/data/{entity.url_segment}"

    def sign_up(self, email: str) -> None:
        page = self.page
        page.goto(self.url("/signup"))
        page.get_by_label("Your name").fill("Journey Owner")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password (8 characters or more)").fill(PASSWORD)
        page.locator(f"#{self.genome.tenant_snake}_name").fill("Journey team")
        page.get_by_role("button", name="Sign up").click()
        page.wait_for_url(re.compile(r"/t/\d+$"), timeout=TIMEOUT_MS)
        self.tenant_id = int(page.url.rstrip("/").rsplit("/", 1)[1])

    def _choose_relations(self, entity: Entity) -> None:
        for relation in entity.relations:
            select = self.page.locator(f"#field-{relation.wire_name}")
            known = relation.target_is_user or relation.target in self.created
            if not known or (relation.target == entity.name):
                assert not relation.required, f"{entity.name}.{relation.name}: no row to point at"
                continue
            if relation.kind == "many_to_many":
                expect(select.locator("option")).not_to_have_count(0, timeout=TIMEOUT_MS)
                select.select_option(index=0)
                continue
            expect(select.locator("option")).not_to_have_count(1, timeout=TIMEOUT_MS)
            if relation.target_is_user:
                select.select_option(index=1)
            else:
                select.select_option(value=str(self.created[relation.target]))

    def create(self, entity: Entity, n: int = 1) -> int:
        """Fill the new-row form with valid values and submit; return the new row's id."""
        page = self.page
        page.goto(self.url(f"{self.entity_path(entity)}/new"))
        state = entity.transitions.field if entity.transitions else None
        for item in entity.fields:
            if item.has_default:
                continue
            value = form_text(item, n, self.project_root)
            control = page.locator(f"#field-{item.name}")
            if item.type == "boolean":
                control.check()
            elif item.type == "enum":
                if item.name == state and entity.transitions is not None:
                    value = next(
                        (key for key, targets in entity.transitions.allowed.items() if targets),
                        str(value),
                    )
                control.select_option(value=str(value))
            else:
                control.fill(str(value))
            self.typed.setdefault(entity.name, {})[item.name] = str(value)
        self._choose_relations(entity)
        page.get_by_role("button", name="Create", exact=True).click()
        pattern = re.compile(rf"{re.escape(self.entity_path(entity))}/(\d+)$")
        try:
            page.wait_for_url(pattern, timeout=TIMEOUT_MS)
        except Exception as error:
            alerts = page.locator("[role=alert], .field-error").all_inner_texts()
            raise AssertionError(f"creating a {entity.name} failed: {alerts}") from error
        row_id = int(pattern.search(page.url).group(1))
        self.created[entity.name] = row_id
        return row_id

    def create_all(self) -> list[Entity]:
        order = creation_order(self.genome)
        for entity in order:
            self.create(entity)
        return order

    def row_link(self, entity: Entity, row_id: int, tenant_id: int | None = None):
        return self.page.locator(f'a[href="{self.entity_path(entity, tenant_id)}/{row_id}"]')

    def search_sort_and_filter(self, entity: Entity) -> None:
        """The list finds the row by its search field, hides it for a miss, sorts and filters."""
        page = self.page
        page.goto(self.url(self.entity_path(entity)))
        link = self.row_link(entity, self.created[entity.name])
        expect(link).to_be_visible(timeout=TIMEOUT_MS)
        searched = next(
            (name for name in entity.search if name in self.typed.get(entity.name, {})), None
        )
        if searched:
            box = page.locator("#list-search")
            box.fill(self.typed[entity.name][searched])
            page.get_by_role("button", name="Search", exact=True).click()
            expect(link).to_be_visible(timeout=TIMEOUT_MS)
            box.fill("no-row-has-this-text-0f9e")
            page.get_by_role("button", name="Search", exact=True).click()
            expect(page.locator(".empty")).to_be_visible(timeout=TIMEOUT_MS)
            expect(link).to_have_count(0)
            box.fill("")
            page.get_by_role("button", name="Search", exact=True).click()
        for option in ("id", "-id"):
            page.locator("#list-sort").select_option(value=option)
            expect(link).to_be_visible(timeout=TIMEOUT_MS)
        enum = next((item for item in entity.fields if item.type == "enum"), None)
        if enum is not None:
            row_value = page.request.get(self.url(self._api_row(entity))).json().get(enum.name)
            others = [value for value in enum.values if value != row_value]
            if others:
                page.locator(f"#filter-{enum.name}").select_option(value=others[0])
                expect(link).to_have_count(0, timeout=TIMEOUT_MS)
            if row_value:
                page.locator(f"#filter-{enum.name}").select_option(value=row_value)
                expect(link).to_be_visible(timeout=TIMEOUT_MS)

    def _api_row(self, entity: Entity, tenant_id: int | None = None) -> str:
        tenant = f"{self.genome.tenant_plural}/{tenant_id or self.tenant_id}"
        return f"/api/v1/{tenant}/{entity.url_segment}/{self.created[entity.name]}"

    def edit(self, entity: Entity) -> None:
        """Change one text field through the edit form and see it on the row."""
        editable = next(
            item
            for item in entity.fields
            if item.type in ("string", "text") and not item.immutable and not item.pattern
        )
        page = self.page
        row = self.created[entity.name]
        page.goto(self.url(f"{self.entity_path(entity)}/{row}/edit"))
        new_value = ("edited " + editable.name)[: editable.max_length or 10000]
        new_value = new_value.ljust(editable.min_length or 0, "x")
        page.locator(f"#field-{editable.name}").fill(new_value)
        page.get_by_role("button", name="Save", exact=True).click()
        page.wait_for_url(
            re.compile(rf"{re.escape(self.entity_path(entity))}/{row}$"), timeout=TIMEOUT_MS
        )
        expect(page.locator("dl.details")).to_contain_text(new_value, timeout=TIMEOUT_MS)
        assert page.request.get(self.url(self._api_row(entity))).json()[editable.name] == new_value

    def transition(self, entity: Entity) -> None:
        """Move the state field along an allowed transition with its action button."""
        assert entity.transitions is not None
        state = entity.transitions.field
        page = self.page
        page.goto(self.url(f"{self.entity_path(entity)}/{self.created[entity.name]}"))
        current = page.request.get(self.url(self._api_row(entity))).json()[state]
        targets = (
            entity.transitions.allowed.get(current, ())
            if current
            else tuple(entity.transitions.allowed)
        )
        if not targets:
            return
        target = targets[0]
        label = re.sub("_+", " ", target).strip().lower()
        page.locator(".transitions").get_by_role("button", name=f"Mark {label}", exact=True).click()
        expect(page.locator("dl.details")).to_contain_text(target, timeout=TIMEOUT_MS)
        assert page.request.get(self.url(self._api_row(entity))).json()[state] == target

    def delete(self, entity: Entity, *, conflict: bool = False) -> None:
        """Delete with confirmation; a row still referenced shows the 409 explained and stays."""
        page = self.page
        row = self.created[entity.name]
        page.goto(self.url(f"{self.entity_path(entity)}/{row}"))
        page.get_by_role("button", name="Delete", exact=True).click()
        page.get_by_role("button", name="Yes, delete").click()
        if conflict:
            # p.error: Next's route announcer is an alert region too.
            expect(page.locator("p.error[role=alert]")).to_contain_text(
                "refer to it first", timeout=TIMEOUT_MS
            )
            assert page.request.get(self.url(self._api_row(entity))).status == 200
            return
        page.wait_for_url(
            re.compile(rf"{re.escape(self.entity_path(entity))}$"), timeout=TIMEOUT_MS
        )
        expect(self.row_link(entity, row)).to_have_count(0, timeout=TIMEOUT_MS)
        assert page.request.get(self.url(self._api_row(entity))).status == 404

    def other_workspace_sees_not_found(self, entity: Entity) -> None:
        """A second tenant (made in Settings, reached by the switcher) cannot open the row."""
        page = self.page
        first = self.tenant_id
        page.goto(self.url(f"/t/{first}/settings"))
        page.locator("#new-tenant-name").fill("Second team")
        page.get_by_role("button", name=re.compile("^Create ")).click()
        page.wait_for_url(re.compile(r"/t/\d+$"), timeout=TIMEOUT_MS)
        second = int(page.url.rsplit("/", 1)[1])
        assert second != first
        page.goto(self.url(f"{self.entity_path(entity, second)}/{self.created[entity.name]}"))
        expect(page.get_by_role("heading", name="Not found")).to_be_visible(timeout=TIMEOUT_MS)
        page.locator("#tenant-switcher").select_option(value=str(first))
        page.wait_for_url(re.compile(rf"/t/{first}$"), timeout=TIMEOUT_MS)

    def fits_390_px(self, entity: Entity) -> None:
        """No horizontal scroll on a narrow phone, on a list and on a form."""
        page = self.page
        page.set_viewport_size({"width": 390, "height": 844})
        for path in (self.entity_path(entity), f"{self.entity_path(entity)}/new"):
            page.goto(self.url(path))
            expect(page.locator("main h1")).to_be_visible(timeout=TIMEOUT_MS)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"{path} scrolls sideways at 390 px ({width} px wide)"
        page.set_viewport_size({"width": 1280, "height": 900})


def conflict_target(order: list[Entity]) -> Entity | None:
    """An entity whose row another created row points at with on_delete restrict (a 409).

    The journey points every relation of a row at the one row of its target, so a source
    that also cascades from the target goes away with it: its restrict does not block.
    """
    for target in order:
        for source in order:
            if source.name == target.name or order.index(source) < order.index(target):
                continue
            to_target = [
                relation
                for relation in source.relations
                if relation.target == target.name and relation.kind != "many_to_many"
            ]
            if any(relation.on_delete == "cascade" for relation in to_target):
                continue
            if any(relation.on_delete == "restrict" for relation in to_target):
                return target
    return None
