"""Import every domain's models so that SQLAlchemy's metadata (and Alembic) sees all tables."""
# ruff: noqa: F401

from fieldcollect.auth.models import LoginFailure
from fieldcollect.cadres.models import Cadre, Pairing, WorkTeam, WorkTeamMember
from fieldcollect.forms.models import Form, FormVersion
from fieldcollect.households.models import Household, Member, MemberEvent, StatusChange
from fieldcollect.phones.models import PhoneKey
from fieldcollect.regions.models import Region
from fieldcollect.rounds.models import RoundAdmission, RoundEvent, RoundExpectation, RoundProgress, RoundRecord
from fieldcollect.submissions.models import Submission, SubmissionAttachment, SubmissionReview, SubmissionVersion
from fieldcollect.timelines.models import ConflictResolution, TimelineEntry
from fieldcollect.users.models import User
