"""Import every domain's models so that SQLAlchemy's metadata (and Alembic) sees all tables."""

from fieldcollect.regions.models import Region  # noqa: F401
from fieldcollect.users.models import User  # noqa: F401
from fieldcollect.forms.models import Form, FormVersion  # noqa: F401
