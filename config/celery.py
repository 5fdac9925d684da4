"""The Celery app. With no CELERY_BROKER_URL, tasks run in-process (eager).

Database connections in a worker follow Django's own rule, as a web request's do: kept for
CONN_MAX_AGE seconds, dropped when broken (`close_old_connections` before and after each task).
Celery's Django fix-up would otherwise close every connection around every task (it does unless
CELERY_DB_REUSE_MAX is set, see config/settings.py): a new PostgreSQL connection per article, whose
backend starts with cold catalog caches, cost more CPU than the article's own queries.
"""
import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("tracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.task_prerun.connect(dispatch_uid="tracker-db-connections-prerun")
@signals.task_postrun.connect(dispatch_uid="tracker-db-connections-postrun")
def database_connections_tidy(task=None, **kwargs) -> None:
    """Close the connections that are broken or older than CONN_MAX_AGE; keep the others for the next task.

    Not for an eager task: it runs inside its caller (a request, a command, a test), whose connection and
    transaction are the caller's business."""
    if task is not None and getattr(task.request, "is_eager", False):
        return
    from django.db import close_old_connections

    close_old_connections()


@signals.worker_init.connect(dispatch_uid="tracker-load-model")
def load_model(**kwargs) -> None:
    """Load the model of meaning in the worker's main process, before its pool processes are forked: they
    share its pages instead of each reading and checking it on its first article (~30 ms, the first
    article's cost three times over)."""
    from ingest.extraction import meaning

    meaning.vectors()
