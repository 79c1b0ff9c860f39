"""Imports: bulk loading of households, pairings and users from the national export spreadsheets."""
