"""/healthz: is the process up and can it reach its database? For load balancers and operators."""

from __future__ import annotations

import logging

from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from fieldcollect.extensions import db

blueprint = Blueprint("health", __name__)
log = logging.getLogger("fieldcollect.health")


@blueprint.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        log.error("health check: database unreachable: %s", type(error).__name__)
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok", engine=db.engine.dialect.name)
