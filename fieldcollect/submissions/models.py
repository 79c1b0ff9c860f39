"""Submission, SubmissionVersion and SubmissionAttachment tables.

Raw bytes live either in the row (`content`) or in the content-addressed file store (`storage_key`),
as [openrosa] storage says; storage.BlobStore reads both, so the setting may change over time.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fieldcollect.extensions import db
from fieldcollect.forms.models import Form, FormVersion


class ReviewState:
    RECEIVED = "received"
    EDITED = "edited"  # a newer version arrived through deprecatedID (Central's "edited")
    HAS_ISSUES = "has_issues"  # accepted with findings, or a supervisor asks for a correction
    APPROVED = "approved"  # a supervisor approved the current version
    REJECTED = "rejected"  # failed validation, or a supervisor rejected it: never in a household's state

    SUPERVISOR_DECISIONS = (APPROVED, HAS_ISSUES, REJECTED)


class ProcessingState:
    PENDING = "pending"  # stored, not yet processed
    PROCESSED = "processed"
    FAILED = "failed"  # stored safely; processing raised and must be run again


class Submission(db.Model):
    __tablename__ = "submissions"
    __table_args__ = (
        UniqueConstraint("form_pk", "instance_id"),
        Index("ix_submissions_household_category", "household_id", "category", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    form_pk: Mapped[int] = mapped_column(ForeignKey("forms.id"), index=True)
    instance_id: Mapped[str] = mapped_column(String(255))  # the first version's instanceID
    review_state: Mapped[str] = mapped_column(String(16), default=ReviewState.RECEIVED)
    submitter_pk: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # What processing read from the current version (the receiver, issue 6).
    household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"))
    category: Mapped[str | None] = mapped_column(String(32))  # the form's category code
    period: Mapped[str | None] = mapped_column(String(6), index=True)
    # The latest supervisor decision; it applies only while reviewed_version_pk is the current version.
    review_decision: Mapped[str | None] = mapped_column(String(16))
    review_comment: Mapped[str | None] = mapped_column(Text)
    reviewed_by_pk: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # A version id; no foreign key, because versions already point at submissions.
    reviewed_version_pk: Mapped[int | None] = mapped_column(Integer)
    # What the cadre is asked to fix (shown in the phone's households.csv); None when nothing.
    correction: Mapped[str | None] = mapped_column(Text)
    correction_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    form: Mapped[Form] = relationship()
    versions: Mapped[list[SubmissionVersion]] = relationship(back_populates="submission",
                                                             order_by="SubmissionVersion.id")

    def __repr__(self) -> str:
        return f"<Submission {self.id} {self.instance_id}>"


class SubmissionVersion(db.Model):
    __tablename__ = "submission_versions"
    # instanceIDs are unique within a form (PROTOCOL.md §3.4 rows 14 and E5); the database holds the line.
    __table_args__ = (UniqueConstraint("form_pk", "instance_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_pk: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    form_pk: Mapped[int] = mapped_column(ForeignKey("forms.id"))
    form_version_pk: Mapped[int] = mapped_column(ForeignKey("form_versions.id"), index=True)
    instance_id: Mapped[str] = mapped_column(String(255))
    deprecated_id: Mapped[str | None] = mapped_column(String(255))
    current: Mapped[bool] = mapped_column(Boolean, default=True)
    xml_content: Mapped[bytes | None] = mapped_column(LargeBinary)
    xml_key: Mapped[str | None] = mapped_column(String(80))
    xml_md5: Mapped[str] = mapped_column(String(32))
    xml_size: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    submitter_pk: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    device_id: Mapped[str | None] = mapped_column(String(255))
    user_agent: Mapped[str | None] = mapped_column(String(500))
    instance_name: Mapped[str | None] = mapped_column(String(255))
    processing_state: Mapped[str] = mapped_column(String(16), default=ProcessingState.PENDING, index=True)
    processing_error: Mapped[str | None] = mapped_column(Text)
    processed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    errors: Mapped[list | None] = mapped_column(JSON)  # hard validation issues (validation.issues)
    findings: Mapped[list | None] = mapped_column(JSON)  # soft validation issues

    submission: Mapped[Submission] = relationship(back_populates="versions")
    form_version: Mapped[FormVersion] = relationship()
    attachments: Mapped[list[SubmissionAttachment]] = relationship(back_populates="version",
                                                                   order_by="SubmissionAttachment.name")

    def __repr__(self) -> str:
        return f"<SubmissionVersion {self.id} {self.instance_id} {self.processing_state}>"


class SubmissionAttachment(db.Model):
    __tablename__ = "submission_attachments"
    __table_args__ = (UniqueConstraint("version_pk", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_pk: Mapped[int] = mapped_column(ForeignKey("submission_versions.id"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    md5: Mapped[str] = mapped_column(String(32))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    storage_key: Mapped[str | None] = mapped_column(String(80))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    version: Mapped[SubmissionVersion] = relationship(back_populates="attachments")

    def __repr__(self) -> str:
        return f"<SubmissionAttachment {self.name} {self.md5}>"


class SubmissionReview(db.Model):
    """One supervisor decision on a submission (the history; the latest is copied onto the submission)."""

    __tablename__ = "submission_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_pk: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    version_pk: Mapped[int] = mapped_column(ForeignKey("submission_versions.id"))
    state: Mapped[str] = mapped_column(String(16))
    comment: Mapped[str] = mapped_column(Text, default="")
    reviewer_pk: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
