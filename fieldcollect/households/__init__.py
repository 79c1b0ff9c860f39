"""Households: registered poor households (建档立卡户), their members and the changes to both."""
