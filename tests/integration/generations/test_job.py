"""The generation job in-process: idempotent runs, retries on storage errors, time
limits, and the sweeper that rescues jobs a lost worker left behind."""

from datetime import timedelta

import pytest
from celery.exceptions import SoftTimeLimitExceeded

from app.models import Generation, GenerationStatus
from app.models.base import utcnow
from app.services import generation_job, generation_queue, generation_sweeper, storage
from app.tasks.generation import STORAGE_RETRIES, generate_codebase

pytestmark = pytest.mark.integration


@pytest.fixture
def retries_run_inline(app):
    """Eager retries re-run in apply() only when eager errors do not propagate."""
    conf = app.extensions["celery"].conf
    saved = conf.task_eager_propagates
    conf.update(task_eager_propagates=False)
    yield
    conf.update(task_eager_propagates=saved)


@pytest.fixture
def queued(make_project, owner_api, workspace_path, monkeypatch, db_session):
    """A generation recorded as queued, its message not sent: the test runs the job."""
    monkeypatch.setattr(generation_queue, "enqueue", lambda gid, tid: None)
    project = make_project()
    body = owner_api.post(f"{workspace_path}/projects/{project['id']}/generations").get_json()
    return db_session.get(Generation, body["id"])


def test_running_a_job_twice_records_one_result(queued, artifact_dir, db_session):
    assert generation_job.run(queued.id) == "succeeded"
    finished_at = db_session.get(Generation, queued.id).finished_at
    assert generation_job.run(queued.id) == "skipped"
    db_session.expire_all()
    generation = db_session.get(Generation, queued.id)
    assert generation.status == GenerationStatus.SUCCEEDED
    assert generation.finished_at == finished_at
    assert generation.attempts == 1
    assert len(list(artifact_dir.rglob("*.zip"))) == 1


def test_a_duplicate_delivery_while_running_finishes_once_with_one_artifact(
    queued, artifact_dir, db_session
):
    first = generation_job.claim(queued.id)
    second = generation_job.claim(queued.id)
    artifacts = []
    for job in (first, second):
        data, count = generation_job.build_artifact(job)
        artifacts.append(generation_job.store_artifact(job, data, count))
    finished = [
        generation_job.finish(job, artifact)
        for job, artifact in zip((first, second), artifacts, strict=True)
    ]
    assert finished == [True, False]
    db_session.expire_all()
    generation = db_session.get(Generation, queued.id)
    assert generation.status == GenerationStatus.SUCCEEDED
    assert generation.attempts == 2
    assert len(list(artifact_dir.rglob("*.zip"))) == 1


def test_a_job_of_a_deleted_generation_does_nothing(queued, db_session):
    db_session.delete(queued)
    db_session.commit()
    assert generation_job.run(queued.id) == "skipped"


@pytest.mark.usefixtures("retries_run_inline")
def test_storage_errors_are_retried_until_the_store_answers(queued, monkeypatch, db_session):
    real_put = storage.LocalStore.put
    failures = iter([True, True])

    def flaky_put(self, key, data):
        if next(failures, False):
            raise storage.StorageError("store is down")
        return real_put(self, key, data)

    monkeypatch.setattr(storage.LocalStore, "put", flaky_put)
    generate_codebase.apply(args=[str(queued.id)])
    db_session.expire_all()
    generation = db_session.get(Generation, queued.id)
    assert generation.status == GenerationStatus.SUCCEEDED
    assert generation.attempts == 3


@pytest.mark.usefixtures("retries_run_inline")
def test_a_store_that_never_answers_fails_the_generation_with_the_reason(
    queued, monkeypatch, db_session
):
    calls = []

    def broken_put(self, key, data):
        del self, data
        calls.append(key)
        raise storage.StorageError("store is down")

    monkeypatch.setattr(storage.LocalStore, "put", broken_put)
    generate_codebase.apply(args=[str(queued.id)])
    db_session.expire_all()
    generation = db_session.get(Generation, queued.id)
    assert generation.status == GenerationStatus.FAILED
    assert generation.error_code == "storage_unavailable"
    assert len(calls) == STORAGE_RETRIES + 1


def test_a_job_over_its_soft_time_limit_fails_with_timed_out(queued, monkeypatch, db_session):
    def too_slow(job):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(generation_job, "build_artifact", too_slow)
    generate_codebase.apply(args=[str(queued.id)])
    db_session.expire_all()
    generation = db_session.get(Generation, queued.id)
    assert generation.status == GenerationStatus.FAILED
    assert generation.error_code == "timed_out"


def test_the_sweeper_requeues_a_job_stuck_running_past_the_time_limit(
    app, queued, monkeypatch, db_session
):
    sent = []
    monkeypatch.setattr(generation_queue, "enqueue", lambda gid, tid: sent.append(gid))
    limit = app.config["CELERY_TIME_LIMIT"]
    queued.status = GenerationStatus.RUNNING
    queued.attempts = 1
    queued.started_at = utcnow() - timedelta(seconds=limit + 60)
    db_session.commit()
    counts = generation_sweeper.sweep()
    assert counts["requeued"] >= 1
    assert queued.id in sent
    db_session.expire_all()
    assert db_session.get(Generation, queued.id).status == GenerationStatus.QUEUED


def test_the_sweeper_fails_a_job_that_got_stuck_too_many_times(
    app, queued, monkeypatch, db_session
):
    sent = []
    monkeypatch.setattr(generation_queue, "enqueue", lambda gid, tid: sent.append(gid))
    queued.status = GenerationStatus.RUNNING
    queued.attempts = generation_sweeper.MAX_ATTEMPTS
    queued.started_at = utcnow() - timedelta(seconds=app.config["CELERY_TIME_LIMIT"] + 60)
    db_session.commit()
    generation_sweeper.sweep()
    db_session.expire_all()
    generation = db_session.get(Generation, queued.id)
    assert generation.status == GenerationStatus.FAILED
    assert generation.error_code == "timed_out"
    assert "3 attempts" in generation.error_message
    assert queued.id not in sent


def test_the_sweeper_resends_a_job_queued_so_long_its_message_was_lost(
    app, queued, monkeypatch, db_session
):
    sent = []
    monkeypatch.setattr(generation_queue, "enqueue", lambda gid, tid: sent.append(gid))
    queued.enqueued_at = utcnow() - timedelta(seconds=app.config["GENERATION_REQUEUE_SECONDS"] + 1)
    db_session.commit()
    generation_sweeper.sweep()
    assert queued.id in sent


def test_the_sweeper_sends_a_job_whose_message_never_reached_the_broker_at_once(
    queued, monkeypatch, db_session
):
    sent = []
    monkeypatch.setattr(generation_queue, "enqueue", lambda gid, tid: sent.append(gid))
    queued.enqueued_at = None  # what enqueue() leaves when the broker was down
    db_session.commit()
    counts = generation_sweeper.sweep()
    assert queued.id in sent
    assert counts["sent"] >= 1
    db_session.expire_all()
    assert db_session.get(Generation, queued.id).enqueued_at is not None


def test_the_sweeper_leaves_recent_jobs_alone(queued, monkeypatch):
    sent = []
    monkeypatch.setattr(generation_queue, "enqueue", lambda gid, tid: sent.append(gid))
    generation_sweeper.sweep()
    assert queued.id not in sent


def test_the_sweeper_runs_on_the_beat_schedule(app):
    schedule = app.extensions["celery"].conf.beat_schedule
    assert schedule["sweep-stuck-generations"]["task"] == "helix.generations.sweep"


def test_a_generator_bug_fails_the_generation_instead_of_leaving_it_running(
    queued, monkeypatch, db_session
):
    def broken(job):
        raise RuntimeError("template bug")

    monkeypatch.setattr(generation_job, "build_artifact", broken)
    assert generation_job.run(queued.id) == "failed"
    db_session.expire_all()
    generation = db_session.get(Generation, queued.id)
    assert generation.status == GenerationStatus.FAILED
    assert generation.error_code == "generator_error"
    assert "template bug" not in generation.error_message
