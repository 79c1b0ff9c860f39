"""WSGI entry point: `flask --app app run` and `gunicorn app:app` both load this."""

import sys

from fieldcollect import create_app
from fieldcollect.config import StartupError

try:
    app = create_app()
except StartupError as error:  # one clear line, not a traceback wall
    sys.exit(f"fieldcollect: {error}")
