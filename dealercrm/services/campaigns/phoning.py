"""The phoning cockpit: a caller's call list (only contacts who may be called now, and why the others are
not offered), the next contact's card with the script filled in, recording outcomes, live progress.

Every attempt is an interaction on the contact's timeline (type call, the outcome, the note, the
duration, the campaign). An appointment creates an appointment task, a callback a call-back task on the
caller's today page; "do not call again" records a refusal consent and puts the numbers on the
suppression list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session, aliased

from dealercrm import i18n
from dealercrm.i18n import _, ngettext
from dealercrm.models import Campaign, CampaignTarget, Consent, Contact, Interaction, Task, User, utcnow
from dealercrm.models.enums import (
    CallOutcome,
    CampaignKind,
    CampaignStatus,
    Channel,
    ConsentPurpose,
    ConsentStatus,
    Direction,
    InteractionType,
    Lifecycle,
    Role,
    TargetStatus,
    TaskKind,
)
from dealercrm.models.people import display_name_sql
from dealercrm.services.audit import unit_of_work
from dealercrm.services.base import Service
from dealercrm.services.compliance import (
    LawSettings,
    call_history,
    in_calling_hours,
    load_law,
    local_day,
    next_calling_moment,
    refusal_blocks,
    refusal_ends_on,
)
from dealercrm.services.contacts import format_phone
from dealercrm.services.errors import NotFound, PermissionDenied, ValidationError
from dealercrm.services.messaging import merge_values, render
from dealercrm.services.permissions import require
from dealercrm.services.suppression import add_to_suppression, normalise_phone, phone_hash, suppressed_hashes

PHONE_OUTCOMES = (
    CallOutcome.INTERESTED,
    CallOutcome.APPOINTMENT,
    CallOutcome.CALLBACK,
    CallOutcome.NOT_INTERESTED,
    CallOutcome.WRONG_NUMBER,
    CallOutcome.NO_ANSWER,
    CallOutcome.VOICEMAIL,
    CallOutcome.DO_NOT_CALL,
)
REACHED = frozenset(
    {
        CallOutcome.INTERESTED,
        CallOutcome.APPOINTMENT,
        CallOutcome.CALLBACK,
        CallOutcome.NOT_INTERESTED,
        CallOutcome.DO_NOT_CALL,
    }
)
# Outcomes after which the contact stays on the list (tried again later).
OPEN_OUTCOMES = frozenset({CallOutcome.NO_ANSWER, CallOutcome.VOICEMAIL, CallOutcome.CALLBACK})
OPEN = (TargetStatus.PENDING, TargetStatus.IN_PROGRESS)
# Who may work any caller's list (supervision, taking over).
SUPERVISORS = frozenset({Role.MANAGER, Role.MARKETING})


@dataclass(frozen=True)
class NotOffered:
    target_id: int
    contact_id: int
    contact_name: str
    reason: str
    until: dt.datetime | None = None


@dataclass(frozen=True)
class CallListEntry:
    target_id: int
    contact_id: int
    contact_name: str
    phone: str
    attempts: int
    callback_at: dt.datetime | None


@dataclass(frozen=True)
class CallList:
    """A caller's open targets: those offered now, in calling order, and the others with the reason."""

    campaign_id: int
    calling_allowed: bool
    next_window: dt.datetime | None
    offered: tuple[CallListEntry, ...]
    not_offered: tuple[NotOffered, ...]


@dataclass(frozen=True)
class RecentInteraction:
    """One of a contact's last interactions, as the cockpit lists them (the screen words and dates it)."""

    occurred_at: dt.datetime
    type: InteractionType
    outcome: CallOutcome | None
    summary: str


@dataclass(frozen=True)
class CallCard:
    """What the cockpit shows for the contact to call."""

    target_id: int
    campaign_id: int
    campaign_name: str
    contact_id: int
    contact_name: str
    lifecycle: Lifecycle
    phone: str  # as dialled, E.164
    phone_display: str
    tel_uri: str
    email: str
    owner_name: str
    vehicle: str
    due_on: str
    score: int | None
    last_contact_at: dt.datetime | None
    recent: tuple[RecentInteraction, ...]  # the last interactions, newest first
    attempts: int
    last_outcome: CallOutcome | None
    callback_at: dt.datetime | None
    script: str
    missing_fields: tuple[str, ...]


@dataclass(frozen=True)
class OutcomeResult:
    target_id: int
    status: TargetStatus
    interaction_id: int
    task_id: int | None


@dataclass(frozen=True)
class CallerProgress:
    user_id: int | None
    name: str
    assigned: int
    done: int
    open: int
    reached: int
    appointments: int


@dataclass(frozen=True)
class CampaignProgress:
    campaign_id: int
    targets: int
    done: int
    open: int
    reached: int
    appointments: int
    callers: tuple[CallerProgress, ...]


class CallingService(Service):
    """A caller's work on a phoning campaign."""

    # Call list ----------
    def _phoning(self, session: Session, campaign_id: int) -> Campaign:
        campaign = session.get(Campaign, campaign_id)
        if campaign is None:
            raise NotFound(_("No campaign #{campaign_id}.").format(campaign_id=campaign_id))
        if campaign.kind is not CampaignKind.PHONING:
            raise ValidationError({"campaign": _("This is not a phoning campaign.")})
        return campaign

    def phoning_campaigns(self, *, include: int | None = None) -> list[tuple[int, str]]:
        """Frozen or running phoning campaigns where the actor has open targets (all of them for a
        supervisor), and the phoning campaign `include` whatever its state (the one being opened)."""
        require(self._actor, "campaigns.call")
        offered: ColumnElement[bool] = Campaign.status.in_((CampaignStatus.FROZEN, CampaignStatus.RUNNING))
        if self._actor.role not in SUPERVISORS:
            mine = select(CampaignTarget.campaign_id).where(
                CampaignTarget.assigned_user_id == self._actor.id, CampaignTarget.status.in_(OPEN)
            )
            offered = offered & Campaign.id.in_(mine)
        if include is not None:
            offered = offered | (Campaign.id == include)
        stmt = select(Campaign.id, Campaign.name).where(Campaign.kind == CampaignKind.PHONING, offered)
        with self._session_factory() as session:
            return [(r.id, r.name) for r in session.execute(stmt.order_by(Campaign.starts_on.desc()))]

    def call_list(
        self, *, campaign_id: int, now: dt.datetime | None = None, caller_id: int | None = None
    ) -> CallList:
        """The open targets assigned to the caller (the actor by default): who may be called now, in order
        (callbacks due first, then the least tried), and who may not, with the reason."""
        require(self._actor, "campaigns.call")
        now = now or utcnow()
        caller = caller_id or self._actor.id
        if caller != self._actor.id and self._actor.role not in SUPERVISORS:
            raise PermissionDenied(_("Only a manager may see another caller's list."))
        with self._session_factory() as session:
            self._phoning(session, campaign_id)
            law = load_law(session)
            rows = session.execute(
                select(
                    CampaignTarget.id,
                    CampaignTarget.contact_id,
                    CampaignTarget.attempts,
                    CampaignTarget.callback_at,
                    display_name_sql().label("contact_name"),
                    Contact.mobile,
                    Contact.landline,
                    Contact.erased_at,
                )
                .join(Contact, Contact.id == CampaignTarget.contact_id)
                .where(
                    CampaignTarget.campaign_id == campaign_id,
                    CampaignTarget.assigned_user_id == caller,
                    CampaignTarget.status.in_(OPEN),
                )
                .order_by(CampaignTarget.contact_id)
            ).all()
            ids = [r.contact_id for r in rows]
            attempts, refusals = call_history(session, ids, now=now, law=law)
            suppressed = suppressed_hashes(session)
        allowed_now = in_calling_hours(now, law=law)
        next_window = None if allowed_now else next_calling_moment(now, law=law)
        offered: list[tuple[tuple[int, int, int], CallListEntry]] = []
        blocked: list[NotOffered] = []
        for r in rows:
            name = r.contact_name
            phone = r.mobile or r.landline
            reason, until = self._blocker(r, phone, attempts, refusals, suppressed, now=now, law=law)
            if reason is not None:
                blocked.append(NotOffered(r.id, r.contact_id, name, reason, until))
                continue
            due_callback = r.callback_at is not None and r.callback_at <= now
            key = (0 if due_callback else 1, r.attempts, r.contact_id)
            offered.append(
                (key, CallListEntry(r.id, r.contact_id, name, format_phone(phone), r.attempts, r.callback_at))
            )
        offered.sort(key=lambda item: item[0])
        return CallList(
            campaign_id=campaign_id,
            calling_allowed=allowed_now,
            next_window=next_window,
            offered=tuple(entry for _key, entry in offered),
            not_offered=tuple(blocked),
        )

    @staticmethod
    def _blocker(
        r: object,
        phone: str | None,
        attempts: dict[int, int],
        refusals: dict[int, dt.datetime],
        suppressed: set[str],
        *,
        now: dt.datetime,
        law: LawSettings,
    ) -> tuple[str | None, dt.datetime | None]:
        contact_id: int = getattr(r, "contact_id")  # noqa: B009 - a Row
        if getattr(r, "erased_at") is not None:  # noqa: B009
            return _("erased under the GDPR"), None
        if not phone:
            return _("no phone number"), None
        numbers = [n for n in (getattr(r, "mobile"), getattr(r, "landline")) if n]  # noqa: B009
        if any(phone_hash(n) in suppressed for n in numbers):
            return _("asked never to be called again (suppression list)"), None
        refused = refusals.get(contact_id)
        if refusal_blocks(refused, now=now, law=law):
            assert refused is not None
            until = refusal_ends_on(refused, law=law)
            return (
                _("refused a call on {day}: not before {until}").format(
                    day=i18n.date(local_day(refused, law)), until=i18n.date(until)
                ),
                dt.datetime.combine(until, dt.time(0, 0), tzinfo=law.timezone),
            )
        made = attempts.get(contact_id, 0)
        if made >= law.max_attempts:
            return ngettext(
                "already called {n} times in the last {days} days",
                "already called {n} times in the last {days} days",
                made,
            ).format(n=made, days=law.attempts_window_days), None
        callback_at: dt.datetime | None = getattr(r, "callback_at")  # noqa: B009
        if callback_at is not None and callback_at > now:
            return _("asked to be called back later"), callback_at
        return None, None

    # The card ----------
    def card(self, *, target_id: int, now: dt.datetime | None = None) -> CallCard:
        """Everything the cockpit shows for one target: summary, recent history, the filled-in script."""
        require(self._actor, "campaigns.call")
        now = now or utcnow()
        with self._session_factory() as session:
            target = self._target(session, target_id)
            campaign = session.get_one(Campaign, target.campaign_id)
            contact = session.get_one(Contact, target.contact_id)
            values = merge_values(
                session,
                contact_id=contact.id,
                objective=campaign.objective,
                sender_name=self._actor.display_name,
                today=now.date(),
            )
            script = render(campaign.script or "", values)
            owner = session.get(User, contact.owner_id) if contact.owner_id else None
            recent_rows = session.execute(
                select(Interaction.occurred_at, Interaction.type, Interaction.outcome, Interaction.summary)
                .where(Interaction.contact_id == contact.id)
                .order_by(Interaction.occurred_at.desc())
                .limit(4)
            ).all()
        phone = normalise_phone(contact.mobile or contact.landline) or (
            contact.mobile or contact.landline or ""
        )
        recent = tuple(
            RecentInteraction(r.occurred_at, r.type, r.outcome, (r.summary or "")[:80]) for r in recent_rows
        )
        return CallCard(
            target_id=target.id,
            campaign_id=campaign.id,
            campaign_name=campaign.name,
            contact_id=contact.id,
            contact_name=contact.display_name,
            lifecycle=contact.lifecycle,
            phone=phone,
            phone_display=format_phone(phone),
            tel_uri=f"tel:{phone}" if phone else "",
            email=contact.email or "",
            owner_name=owner.display_name if owner else "",
            vehicle=" ".join(p for p in (values.get("vehicule", ""), values.get("immatriculation", "")) if p),
            due_on=values.get("echeance", ""),
            score=contact.score,
            last_contact_at=contact.last_contact_at,
            recent=recent,
            attempts=target.attempts,
            last_outcome=target.last_outcome,
            callback_at=target.callback_at,
            script=script.text,
            missing_fields=script.missing + script.unknown,
        )

    def next_card(
        self, *, campaign_id: int, now: dt.datetime | None = None, skip: frozenset[int] = frozenset()
    ) -> CallCard | None:
        """The first contact the caller may call now (None when there is none)."""
        calls = self.call_list(campaign_id=campaign_id, now=now)
        if not calls.calling_allowed:
            return None
        for entry in calls.offered:
            if entry.target_id not in skip:
                return self.card(target_id=entry.target_id, now=now)
        return None

    def _target(self, session: Session, target_id: int) -> CampaignTarget:
        target = session.get(CampaignTarget, target_id)
        if target is None:
            raise NotFound(_("No campaign target #{target_id}.").format(target_id=target_id))
        if target.assigned_user_id != self._actor.id and self._actor.role not in SUPERVISORS:
            raise PermissionDenied(_("This contact is on another caller's list."))
        return target

    # Outcomes ----------
    def record_outcome(
        self,
        *,
        target_id: int,
        outcome: CallOutcome,
        note: str = "",
        duration_seconds: int | None = None,
        callback_at: dt.datetime | None = None,
        appointment_at: dt.datetime | None = None,
        now: dt.datetime | None = None,
    ) -> OutcomeResult:
        """Record one call attempt and its outcome (required), with its consequences: an appointment
        task, a call-back task, or a refusal written to consents and the suppression list."""
        require(self._actor, "campaigns.call")
        now = now or utcnow()
        if outcome not in PHONE_OUTCOMES:
            raise ValidationError({"outcome": _("Choose the outcome of the call.")})
        if outcome is CallOutcome.CALLBACK and (callback_at is None or callback_at <= now):
            raise ValidationError({"callback_at": _("Give the date and time to call back, in the future.")})
        if outcome is CallOutcome.APPOINTMENT and appointment_at is None:
            raise ValidationError({"appointment_at": _("Give the date and time of the appointment.")})
        with unit_of_work(self._session_factory, self._actor) as session:
            target = self._target(session, target_id)
            campaign = self._phoning(session, target.campaign_id)
            if target.status not in OPEN:
                raise ValidationError({"target": _("This contact's call is already closed.")})
            law = load_law(session)
            if not in_calling_hours(now, law=law):
                if law.calendar.is_holiday(local_day(now, law)):
                    raise ValidationError({"time": _("Calls are not allowed on a public holiday.")})
                raise ValidationError(
                    {"time": _("Calls are not allowed at this hour (weekdays 10-13 h and 14-20 h).")}
                )
            contact = session.get_one(Contact, target.contact_id)
            attempts, refusals = call_history(session, [contact.id], now=now, law=law)
            if attempts.get(contact.id, 0) >= law.max_attempts:
                raise ValidationError(
                    {"attempts": _("This contact was already called too often in the last 30 days.")}
                )
            if refusal_blocks(refusals.get(contact.id), now=now, law=law):
                raise ValidationError({"refusal": _("This contact refused a call less than 60 days ago.")})

            interaction = Interaction(
                contact_id=contact.id,
                user_id=self._user_id,
                type=InteractionType.CALL,
                direction=Direction.OUTBOUND,
                occurred_at=now,
                outcome=outcome,
                duration_seconds=duration_seconds,
                summary=note.strip() or None,
                campaign_id=campaign.id,
            )
            session.add(interaction)
            target.attempts += 1
            target.last_outcome = outcome
            target.last_attempt_at = now
            if outcome in REACHED and target.reached_at is None:
                target.reached_at = now
            target.callback_at = callback_at if outcome is CallOutcome.CALLBACK else None
            target.status = TargetStatus.IN_PROGRESS if outcome in OPEN_OUTCOMES else TargetStatus.DONE
            if target.assigned_user_id is None:
                target.assigned_user_id = self._user_id
            contact.last_contact_at = now
            if campaign.status is CampaignStatus.FROZEN:
                campaign.status = CampaignStatus.RUNNING

            task: Task | None = None
            name = contact.display_name
            # An appointment or a call back becomes a task for the caller: (kind, title, when, minutes).
            follow_up: tuple[TaskKind, str, dt.datetime | None, int] | None = None
            if outcome is CallOutcome.APPOINTMENT:
                title = _("Appointment with {name} ({campaign})").format(name=name, campaign=campaign.name)
                follow_up = (TaskKind.APPOINTMENT, title, appointment_at, 60)
            elif outcome is CallOutcome.CALLBACK:
                title = _("Call back {name} ({campaign})").format(name=name, campaign=campaign.name)
                follow_up = (TaskKind.CALL_BACK, title, callback_at, 15)
            if follow_up is not None:
                kind, title, due_at, minutes = follow_up
                assert due_at is not None
                task = Task(
                    contact_id=contact.id,
                    user_id=self._user_id,
                    created_by_id=self._user_id,
                    kind=kind,
                    title=title,
                    due_at=due_at,
                    duration_minutes=minutes,
                    notes=note.strip() or None,
                    campaign_id=campaign.id,
                )
            elif outcome is CallOutcome.DO_NOT_CALL:
                day = i18n.date(local_day(now, law))
                session.add(
                    Consent(
                        contact_id=contact.id,
                        channel=Channel.PHONE,
                        purpose=ConsentPurpose.PROSPECTING,
                        status=ConsentStatus.REFUSED,
                        recorded_at=now,
                        proof=_("asked not to be called again, call of {day} ({campaign})").format(
                            day=day, campaign=campaign.name
                        )[:300],
                        recorded_by_id=self._user_id,
                    )
                )
                for number in (contact.mobile, contact.landline):
                    if number:
                        add_to_suppression(
                            session,
                            kind="phone",
                            value=number,
                            reason=_("Do not call again (call of {day})").format(day=day),
                        )
            if task is not None:
                session.add(task)
            session.flush()
            return OutcomeResult(target.id, target.status, interaction.id, task.id if task else None)

    # Progress ----------
    def progress(self, *, campaign_id: int) -> CampaignProgress:
        """Per caller and for the whole campaign: assigned, done, open, reached, appointments
        (one GROUP BY)."""
        require(self._actor, "campaigns.read")
        caller = aliased(User)
        t = CampaignTarget
        stmt = (
            select(
                t.assigned_user_id,
                caller.display_name,
                func.count(),
                func.sum(case((t.status == TargetStatus.DONE, 1), else_=0)),
                func.sum(case((t.status.in_(OPEN), 1), else_=0)),
                func.sum(case((t.reached_at.is_not(None), 1), else_=0)),
                func.sum(case((t.last_outcome == CallOutcome.APPOINTMENT, 1), else_=0)),
            )
            .outerjoin(caller, caller.id == t.assigned_user_id)
            .where(t.campaign_id == campaign_id, t.status != TargetStatus.EXCLUDED)
            .group_by(t.assigned_user_id, caller.display_name)
            .order_by(caller.display_name)
        )
        with self._session_factory() as session:
            rows = [
                CallerProgress(
                    r[0],
                    r[1] or _("Not assigned"),
                    int(r[2]),
                    int(r[3] or 0),
                    int(r[4] or 0),
                    int(r[5] or 0),
                    int(r[6] or 0),
                )
                for r in session.execute(stmt)
            ]
        return CampaignProgress(
            campaign_id=campaign_id,
            targets=sum(r.assigned for r in rows),
            done=sum(r.done for r in rows),
            open=sum(r.open for r in rows),
            reached=sum(r.reached for r in rows),
            appointments=sum(r.appointments for r in rows),
            callers=tuple(rows),
        )
