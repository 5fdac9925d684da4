"""Settings for the Celery worker started by the integration test: the project's, with short clocks.

A killed worker's unacknowledged messages come back after the visibility
timeout, and its claims on articles expire after the lease: seconds here,
minutes in production.
"""
import os

from config.settings import *  # noqa: F403

CELERY_TASK_DEFAULT_QUEUE = os.environ.get("INTEGRATION_QUEUE", "celery")  # what the worker itself queues stays in the test's queue

CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 8, "unacked_restore_throttle": 1}
INGEST_LEASE_SECONDS = 6
INGEST_REQUEUE_AFTER = 6
LOGGING = {"version": 1, "disable_existing_loggers": False}
