"""Submissions: every XML a phone sends, stored first (raw bytes and attachments), processed after.

A Submission is one record keyed by its first instanceID within a form; each XML received for it
(the original, then each edit through deprecatedID) is an immutable SubmissionVersion holding the
exact bytes, so an identical resend can be recognised byte for byte and anything can be reprocessed.
"""
