"""Phones: per-user phone keys, the ODK Collect settings a phone is set up with, and its QR codes.

A cadre's phone reaches the server through a URL that carries a revocable key (as ODK Central's
app users do), so nobody types a password on a phone. The settings payload and the QR images are
built here from plain values; the sync edge serves them.
"""
