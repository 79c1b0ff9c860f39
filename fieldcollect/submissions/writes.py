"""Write a new submission's two rows with plain INSERT … RETURNING statements.

Nearly every POST creates a submission and its first version. Going through the unit of work for
that costs more than the rest of storing it (change tracking, dependency sorting, flush events for
two objects that nothing else in the request changes), so the receiver builds the objects, records
the verdict on them, and has them written here. The objects stay out of the session: they only
carry the values on to the merge and the receipt, and get their ids from the RETURNING clauses.
On PostgreSQL both rows go in one statement (the submission's INSERT in a WITH clause), one round
trip fewer on every POST; SQLite cannot put an INSERT in a WITH clause, so it gets two.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import Connection, Insert, Table, bindparam, insert, select

from fieldcollect.submissions.models import Submission, SubmissionVersion

SUBMISSIONS: Table = Submission.__table__
VERSIONS: Table = SubmissionVersion.__table__


def insert_new_submission(connection: Connection, version: SubmissionVersion) -> None:
    """Insert a new (transient) version and its submission; give both objects their ids."""
    submission = version.submission
    submission_values, version_values = _values(submission, SUBMISSIONS), _values(version, VERSIONS)
    if connection.dialect.name == "postgresql":
        statement = _both(tuple(submission_values), tuple(version_values))
        parameters = ({f"s_{key}": value for key, value in submission_values.items()}
                      | {f"v_{key}": value for key, value in version_values.items()})
        submission.id, version.id = connection.execute(statement, parameters).one()
        version.submission_pk = submission.id
        return
    submission.id = connection.execute(SUBMISSIONS.insert(), submission_values).inserted_primary_key[0]
    version.submission_pk = submission.id
    version.id = connection.execute(VERSIONS.insert(), {**version_values, "submission_pk": submission.id}) \
        .inserted_primary_key[0]


@cache  # one statement per set of columns given: a handful (a failed arrival sets fewer)
def _both(submission_keys: tuple[str, ...], version_keys: tuple[str, ...]) -> Insert:
    """Return WITH s AS (INSERT INTO submissions … RETURNING id) INSERT INTO submission_versions … SELECT."""
    new = (insert(SUBMISSIONS).values({key: _bind("s", SUBMISSIONS, key) for key in submission_keys})
           .returning(SUBMISSIONS.c.id).cte("new_submission"))
    keys = [key for key in version_keys if key != "submission_pk"]
    rows = select(new.c.id, *(_bind("v", VERSIONS, key) for key in keys))
    return (insert(VERSIONS).from_select(["submission_pk", *keys], rows)
            .returning(VERSIONS.c.submission_pk, VERSIONS.c.id))


def _bind(prefix: str, table: Table, key: str):
    return bindparam(f"{prefix}_{key}", type_=table.c[key].type)


def _values(row, table: Table) -> dict:
    # The attributes that were set, and for the others their column defaults (a submission's review
    # state is "received" until processing says otherwise), given here because an INSERT … SELECT
    # does not apply them.
    state = vars(row)
    values = {}
    for column in table.columns:
        if column.key in state:
            values[column.key] = state[column.key]
        elif column.default is not None and column.default.is_scalar:
            values[column.key] = column.default.arg
    return values
