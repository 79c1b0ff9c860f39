"""Import every domain's models so that SQLAlchemy's metadata (and Alembic) sees all tables."""

from fieldcollect.auth.models import LoginFailure  # noqa: F401
from fieldcollect.cadres.models import Cadre, Pairing, WorkTeam, WorkTeamMember  # noqa: F401
from fieldcollect.forms.models import Form, FormVersion  # noqa: F401
from fieldcollect.households.models import Household, Member, MemberEvent, StatusChange  # noqa: F401
from fieldcollect.phones.models import PhoneKey  # noqa: F401
from fieldcollect.regions.models import Region  # noqa: F401
from fieldcollect.rounds.models import (  # noqa: F401
                                        RoundAdmission,
                                        RoundEvent,
                                        RoundExpectation,
                                        RoundProgress,
                                        RoundRecord,
)
from fieldcollect.submissions.models import (  # noqa: F401
                                        Submission,
                                        SubmissionAttachment,
                                        SubmissionReview,  # noqa: F401
                                        SubmissionVersion,
)
from fieldcollect.timelines.models import ConflictResolution, TimelineEntry  # noqa: F401
from fieldcollect.users.models import User  # noqa: F401
