"""Rounds: the quarterly collection cycles (季度信息采集), their deadlines, locks and completion.

Importing the package installs rounds.progress's flush listener, which keeps round_progress in
step with every timeline entry written through the ORM: wherever the tables exist, so does it.
"""

from fieldcollect.rounds import progress  # noqa: F401
