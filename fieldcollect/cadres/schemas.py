"""Marshmallow schemas that turn cadres, pairings and work teams into JSON-ready dicts."""

from __future__ import annotations

from marshmallow import Schema, fields


class CadreSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    work_unit = fields.String()
    position = fields.String()
    phone = fields.String(allow_none=True)
    region_code = fields.String()


class PairingSchema(Schema):
    cadre = fields.Nested(CadreSchema)
    start_date = fields.Date()
    end_date = fields.Date(allow_none=True)
    is_primary = fields.Boolean()
