"""Writing API responses shared by the API blueprints: a page of items, an empty 204."""

from __future__ import annotations

from flask import Response

from app.services.pagination import Page


def page_json(page: Page, serialize) -> dict:
    return {
        "items": [serialize(item) for item in page.items],
        "page": page.page,
        "per_page": page.per_page,
        "total": page.total,
    }


def no_content() -> Response:
    return Response(status=204)
