from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "ingest"
    verbose_name = "Ingestion"

    def ready(self):
        from positions import signals

        from . import services, tasks  # noqa: F401 (tasks: registered, so that services can queue them by name)

        # positions announces an issue's new words; linking lives here, so re-linking is queued from here.
        signals.issues_changed.connect(services.negotiation_relink_queue, dispatch_uid="ingest-relink")
