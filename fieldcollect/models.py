"""Import every domain's models so that SQLAlchemy's metadata (and Alembic) sees all tables."""

from fieldcollect.regions.models import Region  # noqa: F401
from fieldcollect.users.models import User  # noqa: F401
from fieldcollect.households.models import Household, Member, MemberEvent, StatusChange  # noqa: F401
from fieldcollect.cadres.models import Cadre, Pairing, WorkTeam, WorkTeamMember  # noqa: F401
from fieldcollect.forms.models import Form, FormVersion  # noqa: F401
from fieldcollect.phones.models import PhoneKey  # noqa: F401
from fieldcollect.submissions.models import Submission, SubmissionAttachment, SubmissionVersion  # noqa: F401
from fieldcollect.submissions.models import SubmissionReview  # noqa: F401
from fieldcollect.auth.models import LoginFailure  # noqa: F401
from fieldcollect.timelines.models import ConflictResolution, TimelineEntry  # noqa: F401
from fieldcollect.rounds.models import (RoundAdmission, RoundEvent, RoundExpectation, RoundProgress,  # noqa: F401
                                        RoundRecord)
