import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "municipium.settings")

application = get_wsgi_application()

# The search's dictionary of word forms is ready before the first request (built at
# `migrate` already; this covers a table removed since or a server started another way).
from municipium.search.startup import prepare_lemmas  # noqa: E402

prepare_lemmas()
