import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup(set_prefix=False)

from config.http import Handler  # noqa: E402  (after setup: the handler loads the middleware)

application = Handler()
