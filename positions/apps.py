from django.apps import AppConfig


class PositionsConfig(AppConfig):
    name = "positions"
    verbose_name = "Negotiations and positions"

    def ready(self):
        from . import receivers  # noqa: F401 (connects the receivers that keep the context token)
