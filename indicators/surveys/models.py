"""Surveys, their questions, the personal invitations and the responses with their answers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from indicators.surveys.enums import (
    Expectation,
    InvitationStatus,
    QuestionKind,
    SurveyKind,
    SurveyStatus,
)
from portal.enums import ClientType, Segment, db_enum
from portal.extensions import db
from portal.models import Entity, User
from portal.timeutil import UTCDateTime, utcnow

survey_entities = Table(
    "survey_entities", db.metadata,
    Column("survey_id", ForeignKey("surveys.id"), primary_key=True),
    Column("entity_id", ForeignKey("entities.id"), primary_key=True),
)


class Survey(db.Model):
    """A questionnaire: the one sent after requests, or a campaign sent to an audience."""

    __tablename__ = "surveys"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[SurveyKind] = mapped_column(db_enum(SurveyKind, "survey_kind"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    edition: Mapped[str] = mapped_column(String(40), default="")
    intro: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[SurveyStatus] = mapped_column(db_enum(SurveyStatus, "survey_status"),
                                                 default=SurveyStatus.DRAFT)
    anonymous: Mapped[bool] = mapped_column(default=False)
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    segments: Mapped[list] = mapped_column(JSON, default=list)
    roles: Mapped[list] = mapped_column(JSON, default=list)
    delay_hours: Mapped[int] = mapped_column(default=24)
    sampling_percent: Mapped[int] = mapped_column(default=100)
    cooldown_days: Mapped[int] = mapped_column(default=30)
    reminder_days: Mapped[int] = mapped_column(default=5)
    lifetime_days: Mapped[int] = mapped_column(default=15)
    low_score: Mapped[int] = mapped_column(default=2)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    entities: Mapped[list[Entity]] = relationship(secondary=survey_entities,
                                                  order_by="Entity.name")
    questions: Mapped[list[Question]] = relationship(
        back_populates="survey", cascade="all, delete-orphan", order_by="Question.position")
    created_by: Mapped[User | None] = relationship()


class Question(db.Model):
    """One question; its code links the same question across editions (the barometer)."""

    __tablename__ = "survey_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    code: Mapped[str] = mapped_column(String(60), index=True)
    text: Mapped[str] = mapped_column(String(400))
    help: Mapped[str] = mapped_column(String(400), default="")
    kind: Mapped[QuestionKind] = mapped_column(db_enum(QuestionKind, "question_kind"))
    required: Mapped[bool] = mapped_column(default=True)
    choices: Mapped[list] = mapped_column(JSON, default=list)
    low_label: Mapped[str] = mapped_column(String(80), default="")
    high_label: Mapped[str] = mapped_column(String(80), default="")
    expectation: Mapped[Expectation] = mapped_column(db_enum(Expectation, "expectation"),
                                                     default=Expectation.NONE)

    survey: Mapped[Survey] = relationship(back_populates="questions")


class Invitation(db.Model):
    """A personal, single-use link to a survey, sent once, reminded once, then expired."""

    __tablename__ = "survey_invitations"
    __table_args__ = (Index("ix_survey_invitations_email_sent", "email", "sent_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), unique=True)
    nonce: Mapped[str] = mapped_column(String(32), unique=True)
    status: Mapped[InvitationStatus] = mapped_column(
        db_enum(InvitationStatus, "invitation_status"), default=InvitationStatus.PLANNED)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    survey: Mapped[Survey] = relationship()
    user: Mapped[User | None] = relationship()
    entity: Mapped[Entity | None] = relationship()
    ticket = relationship("Ticket")


class Response(db.Model):
    """One filled questionnaire, with what it is broken down by; anonymous ones name no one."""

    __tablename__ = "survey_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), index=True)
    invitation_key: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"), index=True)
    segment: Mapped[Segment | None] = mapped_column(db_enum(Segment, "segment"))
    client_type: Mapped[ClientType | None] = mapped_column(db_enum(ClientType, "client_type"))
    service_id: Mapped[int | None] = mapped_column(ForeignKey("catalog_services.id"), index=True)
    family_id: Mapped[int | None] = mapped_column(ForeignKey("catalog_families.id"))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    dissatisfied: Mapped[bool] = mapped_column(default=False)

    survey: Mapped[Survey] = relationship()
    user: Mapped[User | None] = relationship()
    entity: Mapped[Entity | None] = relationship()
    service = relationship("Service")
    ticket = relationship("Ticket")
    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan", order_by="Answer.question_id")


class Answer(db.Model):
    """The answer to one question: a score, a text, or the choices ticked."""

    __tablename__ = "survey_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("survey_responses.id"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_questions.id"), index=True)
    score: Mapped[int | None]
    text: Mapped[str] = mapped_column(Text, default="")
    choices: Mapped[list] = mapped_column(JSON, default=list)

    response: Mapped[Response] = relationship(back_populates="answers")
    question: Mapped[Question] = relationship()
