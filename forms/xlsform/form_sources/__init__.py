"""Readable, diffable sources of the ten XLSForms; generate.py turns them into .xlsx workbooks.

One module per form (fp_basic.py …) holds its survey rows; rows.py has the row helpers,
choices.py the national code lists, parts.py the pieces every form shares (the household
header, the reporting-period rule, ID-number and money constraints).
"""

FORM_MODULES = (
    "fp_basic", "fp_income", "fp_assistance", "fp_industry", "fp_medical", "fp_housing", "fp_training",
    "fp_other", "fp_identification", "fp_exit",
)
