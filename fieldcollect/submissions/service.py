"""Receive a submission from a phone: the OpenRosa decision table, store first, then process.

The decision follows ODK Central (PROTOCOL.md §3.4): a new instanceID is created; a byte-identical
resend answers success and adds any attachments it brings (Collect's split uploads with
*isIncomplete*); other XML under a known instanceID is a conflict; an edit names the version it
replaces through deprecatedID and must name the current one.

The raw bytes are never at the mercy of processing. The submission is judged first (validation only
reads), then stored with its verdict in one flush, then merged into its household's timeline, and
one commit ends the request, so the phone hears 201 only once everything is on disk. If judging or
merging raises, everything is rolled back and the arrival is stored again on its own, marked
failed, for `flask submissions reprocess`; the phone still hears that its data is safe. Hard
validation errors reject the submission: the raw stays stored, and the phone is answered 400 with
the reasons in Chinese, so the cadre sees on the phone what to correct.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from fieldcollect.config import Settings
from fieldcollect.forms.models import Form, FormState, FormVersion
from fieldcollect.phones.access import may_fill
from fieldcollect.problems import Problem
from fieldcollect.submissions import processing
from fieldcollect.submissions.instance import Instance, InstanceError, parse_instance
from fieldcollect.submissions.models import (
    ProcessingState,
    ReviewState,
    Submission,
    SubmissionAttachment,
    SubmissionVersion,
)
from fieldcollect.submissions.review import may_review, record_decision
from fieldcollect.submissions.storage import BlobStore
from fieldcollect.submissions.writes import insert_new_submission
from fieldcollect.users.models import User
from fieldcollect.validation.service import FormContext

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class UploadedFile:
    name: str  # the multipart field name, else the file name (Central matches on the field name)
    data: bytes
    content_type: str = "application/octet-stream"


class Outcome:
    CREATED = "created"
    EDITED = "edited"
    RESENT = "resent"  # byte-identical XML again; any new attachments were added


@dataclass(frozen=True)
class Receipt:
    outcome: str
    submission_id: int
    version_id: int
    instance_id: str
    attachments_added: list[str] = field(default_factory=list)
    processed: bool = True  # False: stored safely, processing failed and awaits reprocessing


@dataclass(frozen=True)
class _Arrival:
    instance: Instance
    xml: bytes
    files: Sequence[UploadedFile]
    submitter: User
    device_id: str | None
    user_agent: str | None
    now: datetime


def receive_submission(session: Session, store: BlobStore, xml: bytes, files: Sequence[UploadedFile],
                       submitter: User, device_id: str | None = None, user_agent: str | None = None,
                       now: datetime | None = None, settings: Settings | None = None) -> Receipt:
    """Decide, store (committed) and process one POSTed submission; raise a Problem to refuse it.

    A submission that fails validation is stored and rejected, then refused with
    Problem("submission_rejected") so the phone learns why.
    """
    arrival = _Arrival(_read(xml), xml, files, submitter, device_id or None, user_agent or None,
                       now or datetime.now(UTC))
    target = _target(session, arrival.instance, submitter)
    verdict = _judge(session, arrival, target, settings)  # before writing: the rows are written once, judged
    version, outcome, added, recorded = _store_judged(session, store, arrival, target, verdict)
    processed = version.processing_state == ProcessingState.PROCESSED
    if recorded is not None:
        try:
            processing.merge(session, version, recorded, submitter, settings)
        except Exception as error:  # noqa: BLE001 — whatever the merge raises, the stored bytes stay safe
            log.exception("merging submission %s failed; it is kept for reprocessing",
                          arrival.instance.instance_id)
            session.rollback()
            version, outcome, added, _ = _store_judged(session, store, arrival, target, None, error)
            processed = False
    errors = list(version.errors or []) if processed else []
    receipt = Receipt(outcome, version.submission_pk, version.id, version.instance_id, added, processed)
    session.commit()
    if errors:
        raise Problem("submission_rejected", reasons=processing.rejection_reasons(errors))
    return receipt


@dataclass(frozen=True)
class Selection:
    """Which stored versions to reprocess."""

    include_processed: bool = False  # also versions processed already (after processing changed)
    form_id: str | None = None
    since: date | None = None  # received on or after this day (UTC)
    instance_id: str | None = None  # any version's instanceID, or the submission's first one


def reprocess_versions(session: Session, store: BlobStore, include_processed: bool = False,
                       selection: Selection | None = None,
                       settings: Settings | None = None) -> tuple[int, int]:
    """Run processing again for the selected stored versions, oldest first; return (processed, failed)."""
    selection = selection or Selection(include_processed=include_processed)
    done = failed = 0
    for version_id in list(session.scalars(_selected(selection))):
        if _process(session, store, session.get(SubmissionVersion, version_id), settings):
            done += 1
        else:
            failed += 1
    return done, failed


def replay_all(session: Session, store: BlobStore, settings: Settings | None = None) -> tuple[int, int]:
    """Rebuild every timeline from scratch: drop the entries, then process every stored version again."""
    from fieldcollect.timelines.service import clear_timelines

    clear_timelines(session)
    session.commit()
    return reprocess_versions(session, store, selection=Selection(include_processed=True), settings=settings)


def _selected(selection: Selection):
    query = select(SubmissionVersion.id).order_by(SubmissionVersion.id)
    if not selection.include_processed:
        query = query.where(SubmissionVersion.processing_state != ProcessingState.PROCESSED)
    if selection.form_id:
        query = (query.join(Form, Form.id == SubmissionVersion.form_pk)
                 .where(Form.form_id == selection.form_id))
    if selection.since:
        start = datetime.combine(selection.since, datetime.min.time(), tzinfo=UTC)
        query = query.where(SubmissionVersion.received_at >= start)
    if selection.instance_id:
        query = query.join(Submission, Submission.id == SubmissionVersion.submission_pk).where(
            (SubmissionVersion.instance_id == selection.instance_id)
            | (Submission.instance_id == selection.instance_id))
    return query


VERSION_BY_INSTANCE = (select(SubmissionVersion)
                       .where(SubmissionVersion.form_pk == bindparam("form_pk"),
                              SubmissionVersion.instance_id == bindparam("instance_id")))


def get_version_by_instance(session: Session, form: Form, instance_id: str) -> SubmissionVersion | None:
    """Return the form's submission version with this instanceID, or None."""
    return _version_by_instance(session, form.id, instance_id)


def _version_by_instance(session: Session, form_pk: int, instance_id: str) -> SubmissionVersion | None:
    return session.scalar(VERSION_BY_INSTANCE, {"form_pk": form_pk, "instance_id": instance_id})


def _read(xml: bytes) -> Instance:
    try:
        instance = parse_instance(xml)
    except InstanceError as error:
        raise Problem(error.code, **({"detail": error.detail} if error.detail else {})) from None
    if instance.instance_id is None:  # as Central: a submission without one still gets an identity
        instance = replace(instance, instance_id=f"uuid:{uuid.uuid4()}")
    return instance


@dataclass(frozen=True)
class _Target:
    form_pk: int
    category: str
    form_version_id: int
    md5: str  # of the form version's XForm: names its content, and so its rules
    stored: bool  # a version with this instanceID was already stored when the request began

    def context(self) -> FormContext:
        return FormContext(self.form_version_id, self.md5, self.category)


# One query, built once, for the form, its version (none of the large columns: XForm, workbook) and
# whether this instanceID is known: it runs on every POST, so it reads plain columns, not objects.
TARGET = (select(Form.id, Form.state, Form.category, FormVersion.id, FormVersion.md5, SubmissionVersion.id)
          .outerjoin(FormVersion, (FormVersion.form_pk == Form.id)
                     & (FormVersion.version == bindparam("version")))
          .outerjoin(SubmissionVersion, (SubmissionVersion.form_pk == Form.id)
                     & (SubmissionVersion.instance_id == bindparam("instance_id")))
          .where(Form.form_id == bindparam("form_id")))


def _target(session: Session, instance: Instance, submitter: User) -> _Target:
    row = session.connection().execute(TARGET, {"form_id": instance.form_id, "version": instance.version,
                                                "instance_id": instance.instance_id}).first()
    if row is None:
        raise Problem("form_not_found", form_id=instance.form_id)
    form_pk, state, category, form_version_id, md5, stored_id = row
    if form_version_id is None:
        raise Problem("form_version_not_found", form_id=instance.form_id, version=instance.version)
    if state == FormState.CLOSED:
        raise Problem("form_closed", form_id=instance.form_id)
    if not may_fill(submitter.role, category):
        raise Problem("form_forbidden", form_id=instance.form_id)
    return _Target(form_pk, category, form_version_id, md5, stored_id is not None)


def _judge(session: Session, arrival: _Arrival, target: _Target, settings: Settings | None):
    try:
        return processing.judge(session, target.context(), arrival.instance, arrival.now, arrival.submitter,
                                settings)
    except Exception as error:  # noqa: BLE001 — the submission is still stored, marked failed
        log.exception("validating submission %s failed; it is kept for reprocessing",
                      arrival.instance.instance_id)
        return error


def _store_judged(session: Session, store: BlobStore, arrival: _Arrival, target: _Target, verdict,
                  failure: Exception | None = None):
    """Store the arrival with the verdict recorded on a new (or unprocessed) version, writing each row once."""
    for attempt in (1, 2):
        try:
            version, outcome = _store(session, store, arrival, target, look_up=attempt > 1)
            recorded = None
            if version.processing_state != ProcessingState.PROCESSED:
                if isinstance(verdict, Exception) or verdict is None:
                    processing.mark_failed(version, failure or verdict or RuntimeError("not processed"))
                else:
                    recorded = processing.record(version, arrival.instance, verdict, target.category)
            if outcome == Outcome.CREATED:
                insert_new_submission(session.connection(), version)
            else:
                session.flush()  # an edit or a resend changes rows the session holds
            added = _attach(session, store, version, arrival)
            if added:
                session.flush()
            return version, outcome, added, recorded
        except IntegrityError:
            if attempt == 2:
                raise
            # A parallel request stored this instanceID first; decide again against what it stored.
            session.rollback()


def _store(session: Session, store: BlobStore, arrival: _Arrival, target: _Target, look_up: bool = False):
    """Return the version the arrival is stored as, and the outcome; a new one is left out of the session.

    A new submission's two rows are written by insert_new_submission, two INSERT … RETURNING
    statements, rather than through the unit of work: this is the path of nearly every POST.
    """
    known = target.stored or look_up  # after a lost race, look again: the target predates it
    existing = (_version_by_instance(session, target.form_pk, arrival.instance.instance_id)
                if known else None)
    if existing is not None:
        _resend(store, existing, arrival)
        return existing, Outcome.RESENT
    if arrival.instance.deprecated_id:
        version = _edit(session, store, target.form_pk, target.form_version_id, arrival)
        return version, Outcome.EDITED
    submission = Submission(form_pk=target.form_pk, instance_id=arrival.instance.instance_id,
                            submitter_pk=arrival.submitter.id, created_at=arrival.now)
    return _new_version(store, submission, target.form_pk, target.form_version_id, arrival), Outcome.CREATED


def _resend(store: BlobStore, existing: SubmissionVersion, arrival: _Arrival) -> None:
    if existing.submission.deleted_at is not None:
        raise Problem("submission_deleted", instance_id=existing.instance_id)
    same = (existing.xml_md5 == hashlib.md5(arrival.xml).hexdigest()
            and store.get(existing.xml_content, existing.xml_key) == arrival.xml)
    if not same:
        raise Problem("submission_conflict", instance_id=existing.instance_id)
    if not existing.current:
        raise Problem("submission_stale", instance_id=existing.instance_id)


def _edit(session: Session, store: BlobStore, form_pk: int, form_version_id: int,
          arrival: _Arrival) -> SubmissionVersion:
    old = _version_by_instance(session, form_pk, arrival.instance.deprecated_id)
    if old is None:
        raise Problem("edit_target_not_found", instance_id=arrival.instance.deprecated_id)
    if old.submission.deleted_at is not None:
        raise Problem("submission_deleted", instance_id=old.instance_id)
    if not old.current:
        raise Problem("submission_stale", instance_id=old.instance_id)
    old.current = False
    old.submission.review_state = ReviewState.EDITED
    version = _new_version(store, old.submission, form_pk, form_version_id, arrival)
    session.add(version)
    _carry_forward(session, old, version, arrival)
    return version


def _new_version(store: BlobStore, submission: Submission, form_pk: int, form_version_id: int,
                 arrival: _Arrival) -> SubmissionVersion:
    stored = store.put(arrival.xml)
    version = SubmissionVersion(
        submission=submission, form_pk=form_pk, form_version_pk=form_version_id, attachments=[],
        instance_id=arrival.instance.instance_id, deprecated_id=arrival.instance.deprecated_id,
        current=True, xml_content=stored.content, xml_key=stored.key, xml_md5=stored.md5,
        xml_size=stored.size, received_at=arrival.now, submitter_pk=arrival.submitter.id,
        device_id=arrival.device_id, user_agent=arrival.user_agent,
        instance_name=arrival.instance.instance_name, processing_state=ProcessingState.PENDING)
    return version


def _attach(session: Session, store: BlobStore, version: SubmissionVersion, arrival: _Arrival) -> list[str]:
    # Only files the XML names are kept; others are ignored, and a repeated part counts once (Central).
    if not arrival.files:
        return []
    referenced = arrival.instance.values()
    wanted = {upload.name: upload for upload in arrival.files if upload.name in referenced}
    have = {attachment.name: attachment for attachment in version.attachments}
    added = []
    for name, upload in sorted(wanted.items()):
        if name in have and have[name].md5 == hashlib.md5(upload.data).hexdigest():
            continue
        stored = store.put(upload.data)
        # By key: a new submission's version is written with Core and stays out of the session.
        attachment = have.get(name) or SubmissionAttachment(version_pk=version.id, name=name)
        attachment.content_type = upload.content_type[:100]
        attachment.md5, attachment.size = stored.md5, stored.size
        attachment.content, attachment.storage_key = stored.content, stored.key
        attachment.received_at = arrival.now
        session.add(attachment)
        added.append(name)
    return added


def _carry_forward(session: Session, old: SubmissionVersion, version: SubmissionVersion,
                   arrival: _Arrival) -> None:
    # An edit that still names an old file keeps it without the phone sending it again (Central).
    referenced = arrival.instance.values()
    for attachment in old.attachments:
        if attachment.name in referenced:
            session.add(SubmissionAttachment(
                version=version, name=attachment.name, content_type=attachment.content_type,
                md5=attachment.md5, size=attachment.size, content=attachment.content,
                storage_key=attachment.storage_key, received_at=attachment.received_at))


def _process(session: Session, store: BlobStore, version: SubmissionVersion,
             settings: Settings | None = None) -> bool:
    """Process a stored (committed) version and commit; on failure keep it, marked failed."""
    version_id = version.id
    try:
        processing.process_version(session, version, store, settings=settings)
        session.commit()
        return True
    except Exception as error:  # noqa: BLE001 — whatever processing raises, the stored bytes stay safe
        session.rollback()
        log.exception("processing submission version %s failed; it is kept for reprocessing", version_id)
        processing.mark_failed(session.get(SubmissionVersion, version_id), error)
        session.commit()
        return False


def review_submission(session: Session, store: BlobStore, submission: Submission, state: str, comment: str,
                      reviewer: User, now: datetime | None = None, settings: Settings | None = None):
    """Record a supervisor's decision on the current version, then reprocess it (state, timeline, todo)."""
    if not may_review(reviewer):  # here, not only in the views: a command or job deciding is held to it too
        raise Problem("forbidden")
    current = next(version for version in submission.versions if version.current)
    record_decision(session, submission, current, state, comment, reviewer.id, now or datetime.now(UTC))
    return processing.process_version(session, current, store, settings=settings)
