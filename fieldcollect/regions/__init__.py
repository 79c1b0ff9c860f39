"""Regions: the four-level tree city > banner/district > township > village, keyed by NBS codes."""
