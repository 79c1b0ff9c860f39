"""The phone boundary: the OpenRosa server that ODK Collect and KoboCollect talk to."""

from flask import Blueprint

blueprint = Blueprint("sync", __name__)
