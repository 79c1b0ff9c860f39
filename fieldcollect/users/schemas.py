"""Marshmallow schemas for users: never the password hash or the Digest HA1."""

from __future__ import annotations

from marshmallow import Schema, fields


class LinkedCadreSchema(Schema):
    id = fields.Integer()
    name = fields.String()


class UserSchema(Schema):
    id = fields.Integer()
    username = fields.String()
    display_name = fields.String()
    role = fields.String()
    region_code = fields.String()
    active = fields.Boolean()
    cadre = fields.Nested(LinkedCadreSchema, allow_none=True)
