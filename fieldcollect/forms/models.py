"""Published forms and their versions.

A Form is one form_id (one XLSForm); each publish with a new version adds a FormVersion holding the
exact XForm bytes served to phones, so late submissions made on an old version still validate.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, LargeBinary, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fieldcollect.extensions import db


class FormState:
    OPEN = "open"  # listed and accepting submissions
    CLOSING = "closing"  # not listed, still accepting (Central's semantics)
    CLOSED = "closed"  # not listed, submissions refused with 409


class Form(db.Model):
    __tablename__ = "forms"

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    # One of the eight category codes (basic, income, …) or a procedure (identification, exit).
    category: Mapped[str] = mapped_column(String(32), index=True)
    state: Mapped[str] = mapped_column(String(16), default=FormState.OPEN)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    versions: Mapped[list[FormVersion]] = relationship(back_populates="form", order_by="FormVersion.id")


class FormVersion(db.Model):
    __tablename__ = "form_versions"
    __table_args__ = (UniqueConstraint("form_pk", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    form_pk: Mapped[int] = mapped_column(ForeignKey("forms.id"), index=True)
    version: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    xml: Mapped[bytes] = mapped_column(LargeBinary)  # the exact bytes served
    md5: Mapped[str] = mapped_column(String(32))  # hex md5 of xml
    xlsform: Mapped[bytes | None] = mapped_column(LargeBinary)  # the source workbook, for download
    field_schema: Mapped[list] = mapped_column(JSON)  # list of field dicts, see forms.build
    media: Mapped[list] = mapped_column(JSON, default=list)  # file names the form loads (households.csv …)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    form: Mapped[Form] = relationship(back_populates="versions")
