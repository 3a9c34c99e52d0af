import os
import threading

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mojoe.settings")
application = get_wsgi_application()

# The first message after a start would otherwise wait for the assistant's models and tables (about 3 s).
from mojoe.assistant.services import assistant_warm_up  # noqa: E402 (needs the app set up above)

threading.Thread(target=assistant_warm_up, name="assistant-warm-up", daemon=True).start()
