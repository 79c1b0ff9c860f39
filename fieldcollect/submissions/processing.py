"""The step after storing: turn a stored SubmissionVersion into what the rest of the system knows.

Processing has three steps. judge validates a parsed version against its form and the registry
(validation.service) and only reads. record writes the verdict onto the version (errors, findings)
and, for the submission's current version, onto the submission: household, period, the derived
review state and the open correction (review.py). merge puts the submission into its household's
timeline or takes it out (timelines.service). process_version runs all three, for reprocessing and
reviews; receive_submission runs them around its own INSERTs, so a new submission is written once,
already judged. Everything written is derived from stored rows, so running it again, in any order,
gives the same result. Nothing here commits: the caller does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from fieldcollect.config import Settings
from fieldcollect.submissions.instance import Instance, parse_instance
from fieldcollect.submissions.models import ProcessingState, ReviewState, Submission, SubmissionVersion
from fieldcollect.submissions.review import settle_review
from fieldcollect.submissions.storage import BlobStore, StorageError
from fieldcollect.timelines.service import Placement, belongs_in_timeline, place_submission
from fieldcollect.users.models import User
from fieldcollect.validation.issues import problem_of
from fieldcollect.validation.service import FormContext, Verdict, form_context, rules_of, validate_submission

DEFAULT_SETTINGS = Settings()


@dataclass(frozen=True)
class Processed:
    """What processing concluded about a version."""

    state: str  # the submission's review state afterwards
    errors: list[dict]  # hard issues (validation.issues JSON); non-empty means rejected

    @property
    def rejected(self) -> bool:
        return bool(self.errors)


@dataclass(frozen=True)
class Recorded:
    """What record leaves for merge: the verdict and where the submission's entry was before."""

    verdict: Verdict
    category: str
    previous: tuple[int | None, str | None]  # household and category before this processing


def process_version(session: Session, version: SubmissionVersion, store: BlobStore | None = None,
                    instance: Instance | None = None, settings: Settings | None = None,
                    form: FormContext | None = None) -> Processed:
    """Validate one stored version and merge it into its household's timeline; raise if anything fails."""
    settings = settings or DEFAULT_SETTINGS
    instance = instance or parse_instance(load_xml(version, store))
    form = form or form_context(session, version.form_version_pk)
    submitter = session.get(User, version.submitter_pk) if version.submitter_pk else None
    verdict = judge(session, form, instance, version.received_at, submitter, settings)
    recorded = record(version, instance, verdict, form.category)
    session.flush()
    return merge(session, version, recorded, submitter, settings)


def judge(session: Session, form: FormContext, instance: Instance, received_at: datetime,
          submitter: User | None, settings: Settings | None = None) -> Verdict:
    """Validate a parsed submission against its form version and the registry (reads only)."""
    settings = settings or DEFAULT_SETTINGS
    return validate_submission(session, rules_of(session, form), instance.answers, received_at, submitter,
                               settings.server.timezone)


def record(version: SubmissionVersion, instance: Instance, verdict: Verdict, category: str) -> Recorded:
    """Write the verdict onto the version and, when it is current, onto its submission (no queries)."""
    submission = version.submission
    previous = (submission.household_id, submission.category)
    version.instance_name = instance.instance_name
    version.errors = [issue.to_dict() for issue in verdict.errors]
    version.findings = [issue.to_dict() for issue in verdict.findings]
    version.processing_state = ProcessingState.PROCESSED
    version.processing_error = None
    version.processed_at = datetime.now(UTC)
    if version.current:
        submission.household_id, submission.category, submission.period = (
            verdict.household_id, category, verdict.period)
        settle_review(submission, version)
    return Recorded(verdict, category, previous)


def merge(session: Session, version: SubmissionVersion, recorded: Recorded, submitter: User | None,
          settings: Settings | None = None) -> Processed:
    """Put the recorded submission into its household's timeline, or take it out (current versions only)."""
    settings = settings or DEFAULT_SETTINGS
    submission = version.submission
    if version.current:
        place_submission(session, submission.id, _placement(submission, version, recorded, submitter),
                         settings.rounds, settings.server.timezone,
                         {version.form_version_pk: recorded.verdict.rules}, recorded.previous)
    return Processed(submission.review_state, version.errors or [])


def mark_failed(version: SubmissionVersion, error: Exception) -> None:
    """Record that processing the version raised, so that reprocessing finds it."""
    version.processing_state = ProcessingState.FAILED
    version.processing_error = f"{type(error).__name__}: {error}"[:2000]


def rejection_reasons(errors: list[dict]):
    """Return the stored errors as Problems, for the phone's 400 answer."""
    return [problem_of(error) for error in errors]


def load_xml(version: SubmissionVersion, store: BlobStore | None = None) -> bytes:
    """Return the exact XML bytes received for version (a store is needed when they are in files)."""
    if version.xml_content is not None:
        return version.xml_content
    if store is None:
        raise StorageError(f"version {version.id} is in the file store; pass the BlobStore")
    return store.get(None, version.xml_key)


def _placement(submission: Submission, version: SubmissionVersion, recorded: Recorded,
               submitter: User | None) -> Placement | None:
    verdict, category = recorded.verdict, recorded.category
    placed = (submission.review_state != ReviewState.REJECTED and submission.deleted_at is None
              and verdict.household_id is not None and belongs_in_timeline(category, verdict.period))
    if not placed:
        return None
    return Placement(
        household_id=verdict.household_id, category=category, period=verdict.period, version_id=version.id,
        instance_id=version.instance_id, form_version_id=version.form_version_pk,
        cadre_id=submitter.cadre_id if submitter else None, submitter_id=submission.submitter_pk,
        visit_date=verdict.visit_date, received_at=submission.created_at,
        answers=verdict.timeline_answers(), findings=version.findings)
