"""Cadres: paired cadres (结对帮扶干部), their pairings with households, and work teams (驻村工作队)."""
