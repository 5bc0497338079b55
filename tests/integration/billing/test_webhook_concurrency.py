"""Two deliveries of one event at the same time, on committed data: applied exactly once.

These tests run outside the rolled-back test transaction (each delivery commits on its
own connection, as in production) and delete what they made afterwards.
"""

from __future__ import annotations

import threading
import time
import uuid

import pytest
import stripe_standin as stripe_objects
from sqlalchemy import delete, select, text

from app.extensions import db
from app.models import BillingAccount, Membership, Role, StripeEvent, User, Workspace


@pytest.fixture
def committed_workspace(app):
    """A workspace with an owner and an empty billing row, committed; removed afterwards."""
    with app.app_context():
        user = User(
            email=f"race-{uuid.uuid4().hex[:8]}@example.com", name="Race", password_hash="x"
        )
        workspace = Workspace(name="Race workspace", plan="free")
        db.session.add_all([user, workspace])
        db.session.flush()
        db.session.add(Membership(workspace_id=workspace.id, user_id=user.id, role=Role.OWNER))
        db.session.add(BillingAccount(workspace_id=workspace.id, cancel_at_period_end=False))
        db.session.commit()
        ids = workspace.id, user.id
        db.session.remove()
    yield ids[0]
    with app.app_context():
        db.session.execute(delete(StripeEvent).where(StripeEvent.workspace_id == ids[0]))
        db.session.execute(delete(Workspace).where(Workspace.id == ids[0]))
        db.session.execute(delete(User).where(User.id == ids[1]))
        db.session.commit()
        db.session.remove()


def waiting_backends() -> int:
    """Backends of this database waiting for a lock (a fresh connection: pg_stat_activity
    is a snapshot for the length of a transaction)."""
    with db.engine.connect() as connection:
        return connection.execute(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'"
            )
        ).scalar_one()


def test_two_simultaneous_deliveries_of_one_event_apply_it_once(app, deliver, committed_workspace):
    workspace_id = committed_workspace
    obj = stripe_objects.subscription("sub_race", "cus_race", "past_due", workspace_id)
    evt = stripe_objects.event("customer.subscription.updated", obj, created=int(time.time()))
    outcomes: list[str] = []

    def delivery():
        response = deliver(evt)
        outcomes.append(f"{response.status_code} {response.get_json()['outcome']}")

    with app.app_context():
        # Hold the billing row so that both deliveries are in flight together: the first
        # claims the event id and waits for the row, the second waits on the event id.
        blocker = db.engine.connect()
        transaction = blocker.begin()
        blocker.execute(
            select(BillingAccount)
            .where(BillingAccount.workspace_id == workspace_id)
            .with_for_update()
        )
        threads = [threading.Thread(target=delivery) for _ in range(2)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 15
        while waiting_backends() < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        both_waiting = waiting_backends()

        transaction.rollback()
        blocker.close()
        for thread in threads:
            thread.join(timeout=30)

        assert both_waiting == 2
        assert sorted(outcomes) == ["200 applied", "200 duplicate"]
        events = db.session.scalars(select(StripeEvent).where(StripeEvent.id == evt["id"])).all()
        assert len(events) == 1
        account = db.session.get(BillingAccount, workspace_id)
        assert account.status == "past_due"
        assert account.past_due_since is not None
        db.session.remove()
