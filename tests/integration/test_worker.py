"""Celery runs tasks in a real worker process, inside the Flask app context."""

import pytest

pytestmark = pytest.mark.integration


def test_a_real_worker_runs_a_task_inside_the_app_context(start_worker, celery_client):
    start_worker()
    result = celery_client.send_task("helix.system.check_dependencies", queue=start_worker.queue)
    assert result.get(timeout=60) == {"database": True, "redis": True}


def test_the_worker_is_configured_to_ack_late_and_requeue_on_worker_loss(app):
    conf = app.extensions["celery"].conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.task_soft_time_limit < conf.task_time_limit
