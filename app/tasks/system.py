"""Tasks about Helix itself."""

from app.extensions import celery
from app.services import health_service


@celery.task(name="helix.system.check_dependencies")
def check_dependencies() -> dict[str, bool]:
    """Report, from inside a worker, whether the database and Redis answer."""
    return health_service.check_dependencies()
