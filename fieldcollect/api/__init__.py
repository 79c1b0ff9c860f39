"""JSON API for programs, under /api/v1."""

from flask import Blueprint

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")
