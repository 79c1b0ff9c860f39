"""Validation: what a submission must satisfy before it becomes knowledge about a household.

Everything about a form is derived from its published version, never written by hand per form:
form_rules reads the field schema and the XForm's binds (relevance, linear calculations, warning
notes), schemas builds the marshmallow schema that types and checks the answers, domain holds the
programme's rules (household, period, ID numbers, totals, 户主), and service puts them together
with the few registry facts they need. Hard errors reject a submission; soft findings accept it
with review state has_issues.
"""
