"""Pages of a query: the `{items, page, per_page, total}` shape of every list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select

from app.extensions import db

T = TypeVar("T")
MAX_PER_PAGE = 100


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    page: int
    per_page: int
    total: int


def paginate(statement: Select[Any], page: int, per_page: int, *, scalars: bool = True) -> Page:
    total = db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    window = statement.limit(per_page).offset((page - 1) * per_page)
    result = db.session.scalars(window) if scalars else db.session.execute(window)
    return Page(items=list(result), page=page, per_page=per_page, total=total or 0)
