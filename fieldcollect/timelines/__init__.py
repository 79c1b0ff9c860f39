"""Timelines: each household's submissions, quarter by quarter, with field-level changes and conflicts."""
