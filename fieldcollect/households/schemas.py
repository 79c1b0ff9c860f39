"""Marshmallow schemas that turn households and members into JSON-ready dicts.

ID numbers are personal data: MemberSchema masks them; MemberFullSchema, chosen only for roles that
access.scope.may_see_id_numbers allows, shows them whole.
"""

from __future__ import annotations

from marshmallow import Schema, fields

from fieldcollect.households.id_numbers import mask_id_number


class MemberSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    id_number = fields.Function(lambda member: mask_id_number(member.id_number))
    sex = fields.String()
    birth_date = fields.Date()
    relation = fields.String()
    ethnicity = fields.String()
    political_status = fields.String(allow_none=True)
    education = fields.String(allow_none=True)
    school_status = fields.String(allow_none=True)
    health = fields.Function(lambda member: member.health_codes)
    disability_category = fields.String(allow_none=True)
    disability_grade = fields.String(allow_none=True)
    labour_ability = fields.String(allow_none=True)
    work_area = fields.String(allow_none=True)
    work_months = fields.Integer(allow_none=True)
    is_current = fields.Boolean()
    joined_on = fields.Date(allow_none=True)
    left_on = fields.Date(allow_none=True)


class MemberFullSchema(MemberSchema):
    id_number = fields.String(allow_none=True)


class StatusChangeSchema(Schema):
    status = fields.String()
    year = fields.Integer()
    changed_on = fields.Date()
    note = fields.String()


class HouseholdSchema(Schema):
    household_code = fields.String()
    village_code = fields.String()
    registered_year = fields.Integer()
    attribute = fields.String()
    main_cause = fields.String()
    other_causes = fields.List(fields.String())
    identification_standard = fields.String()
    status = fields.String()
    planned_exit_year = fields.Integer(allow_none=True)
    exit_year = fields.Integer(allow_none=True)
    return_year = fields.Integer(allow_none=True)
    support_track = fields.String(allow_none=True)

