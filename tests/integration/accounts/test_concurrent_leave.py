"""Two owners leaving at once, on two database connections: one leaves, the other is told
the workspace needs an owner; never a deadlock (each used to lock its own row first)."""

from __future__ import annotations

import contextlib
import threading
import uuid

import pytest

from app.errors import ApiError
from app.extensions import db
from app.models import Membership, Role, User, Workspace
from app.services import member_service
from app.services.passwords import hash_password
from app.services.tenancy import Tenant

pytestmark = pytest.mark.integration


@pytest.fixture
def two_owners(app):
    """A committed workspace with two owners (each thread needs its own connection)."""
    with app.app_context():
        workspace = Workspace(name="Two owners", plan="free")
        db.session.add(workspace)
        users = [
            User(
                email=f"owner-{uuid.uuid4().hex[:10]}@example.com",
                name=f"Owner {n}",
                password_hash=hash_password("correct horse battery staple"),
            )
            for n in range(2)
        ]
        db.session.add_all(users)
        db.session.flush()
        for user in users:
            db.session.add(Membership(workspace_id=workspace.id, user_id=user.id, role=Role.OWNER))
        db.session.commit()
        ids = (workspace.id, [user.id for user in users])
    yield ids
    with app.app_context():
        db.session.execute(db.delete(Workspace).where(Workspace.id == ids[0]))
        db.session.execute(db.delete(User).where(User.id.in_(ids[1])))
        db.session.commit()


def test_two_owners_leaving_at_once_do_not_deadlock(app, two_owners, monkeypatch):
    workspace_id, user_ids = two_owners
    # Both requests get as far as counting owners together, as they can in production.
    both_counting = threading.Barrier(2, timeout=3)
    count_owners = member_service._owner_count  # pylint: disable=protected-access

    def counted_together(tenant):
        # A broken barrier: the other one waits for our lock, which is the fix at work.
        with contextlib.suppress(threading.BrokenBarrierError):
            both_counting.wait()
        return count_owners(tenant)

    monkeypatch.setattr(member_service, "_owner_count", counted_together)
    outcomes: dict[uuid.UUID, object] = {}

    def leave(user_id: uuid.UUID) -> None:
        with app.app_context():
            try:
                tenant = Tenant(
                    workspace=db.session.get(Workspace, workspace_id),
                    user=db.session.get(User, user_id),
                    role=Role.OWNER,
                )
                member_service.leave(tenant)
                outcomes[user_id] = "left"
            except ApiError as error:
                outcomes[user_id] = error.status
            except Exception as error:  # pylint: disable=broad-exception-caught
                outcomes[user_id] = repr(error)
            finally:
                db.session.rollback()
                db.session.remove()

    threads = [threading.Thread(target=leave, args=(user_id,)) for user_id in user_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(map(str, outcomes.values())) == ["409", "left"], outcomes
    with app.app_context():
        owners = db.session.scalars(
            db.select(Membership).where(Membership.workspace_id == workspace_id)
        ).all()
        assert [m.role for m in owners] == [Role.OWNER]
