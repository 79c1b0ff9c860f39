"""The user table."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fieldcollect.extensions import db


class User(db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    # md5(username:realm:password) for HTTP Digest, which ODK Collect uses over plain HTTP (RFC 7616 §3.4.2);
    # Digest cannot work from the Argon2 hash, so this is the one extra secret kept (as Kobo does).
    digest_ha1: Mapped[str] = mapped_column(String(32), default="")
    role: Mapped[str] = mapped_column(String(32), index=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    display_name: Mapped[str] = mapped_column(String(64), default="")
    # A cadre's login is linked to their Cadre record; that link is what scopes their data.
    cadre_id: Mapped[int | None] = mapped_column(ForeignKey("cadres.id"), index=True)
    cadre = relationship("Cadre")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    # The four members flask-login reads, written out so this package need not import it.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role}>"
