"""Logging what happens with a contact: calls with their outcome, visits, test drives, quotes, notes.

Each one is an `interactions` row; the contact's `last_contact_at` moves to it when the contact was
actually reached (a call unanswered is logged but is not a contact), and `last_inbound_at` when the
contact came to us (an inbound call or e-mail, a showroom visit, a test drive): the CNIL retention clock
of prospects runs from there. A test drive or a quote on an opportunity moves it forward to that stage
if it was behind (never backwards); a quote gives the opportunity its amount. The score is refreshed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from dealercrm.i18n import _
from dealercrm.models import Interaction, Opportunity, Vehicle, utcnow
from dealercrm.models.enums import OPEN_STAGES, CallOutcome, Direction, InteractionType, Stage
from dealercrm.services.audit import unit_of_work
from dealercrm.services.base import Service, get_contact, row_from
from dealercrm.services.errors import ValidationError
from dealercrm.services.permissions import require
from dealercrm.services.scoring import refresh_scores

# Outcomes of a call or message that did not reach the contact.
NOT_REACHED = frozenset(
    {CallOutcome.NO_ANSWER, CallOutcome.VOICEMAIL, CallOutcome.WRONG_NUMBER, CallOutcome.FAILED}
)
# Interactions where the contact comes to us, whatever the direction typed.
ALWAYS_INBOUND = frozenset({InteractionType.VISIT, InteractionType.TEST_DRIVE})
STAGE_OF = {InteractionType.TEST_DRIVE: Stage.TEST_DRIVE, InteractionType.QUOTE: Stage.OFFER}
STAGE_RANK = {stage: rank for rank, stage in enumerate(OPEN_STAGES)}
MAX_SUMMARY = 5000


@dataclass(frozen=True)
class LoggedInteraction:
    id: int
    contact_id: int
    type: InteractionType
    occurred_at: dt.datetime
    outcome: CallOutcome | None
    amount: Decimal | None
    reached: bool
    opportunity_stage: Stage | None  # the opportunity's stage after logging, if one was given
    score: int | None


class InteractionService(Service):
    def log(
        self,
        *,
        contact_id: int,
        type: InteractionType,  # noqa: A002 - the column's name
        summary: str = "",
        outcome: CallOutcome | None = None,
        direction: Direction = Direction.OUTBOUND,
        occurred_at: dt.datetime | None = None,
        duration_seconds: int | None = None,
        amount: Decimal | None = None,
        opportunity_id: int | None = None,
        vehicle_id: int | None = None,
    ) -> LoggedInteraction:
        """Record one interaction with a contact the actor may see (audited) and update the contact's
        last-contact dates and score."""
        require(self._actor, "interactions.log")
        errors: dict[str, str] = {}
        now = utcnow()
        occurred_at = occurred_at or now
        if occurred_at.tzinfo is None:
            errors["occurred_at"] = _("a timezone-aware instant is expected")
        elif occurred_at > now + dt.timedelta(minutes=5):
            errors["occurred_at"] = _("cannot be in the future: plan a task instead")
        if type is InteractionType.CALL and outcome is None:
            errors["outcome"] = _("say how the call went")
        if type is InteractionType.QUOTE and (amount is None or amount <= 0):
            errors["amount"] = _("a quote needs its amount")
        if amount is not None and amount < 0:
            errors["amount"] = _("cannot be negative")
        if duration_seconds is not None and not 0 <= duration_seconds <= 24 * 3600:
            errors["duration_seconds"] = _("between 0 and 24 hours")
        text = (summary or "").strip()
        if len(text) > MAX_SUMMARY:
            errors["summary"] = _("at most {MAX_SUMMARY} characters").format(MAX_SUMMARY=MAX_SUMMARY)
        if type is InteractionType.NOTE and not text:
            errors["summary"] = _("write the note")
        if errors:
            raise ValidationError(errors)
        if type in ALWAYS_INBOUND:
            direction = Direction.INBOUND
        with unit_of_work(self._session_factory, self._actor) as session:
            contact = get_contact(session, contact_id)
            require(self._actor, "contacts.read", contact)
            opportunity: Opportunity | None = None
            if opportunity_id is not None:
                opportunity = session.get(Opportunity, opportunity_id)
                if opportunity is None or opportunity.contact_id != contact_id:
                    raise ValidationError({"opportunity_id": _("not an opportunity of this contact")})
            if vehicle_id is not None and session.get(Vehicle, vehicle_id) is None:
                raise ValidationError({"vehicle_id": _("no such vehicle")})
            interaction = Interaction(
                contact_id=contact_id,
                user_id=self._user_id,
                type=type,
                direction=direction,
                occurred_at=occurred_at,
                outcome=outcome,
                duration_seconds=duration_seconds,
                amount=amount,
                summary=text or None,
                opportunity_id=opportunity_id,
                vehicle_id=vehicle_id,
            )
            session.add(interaction)
            reached = type is not InteractionType.NOTE and outcome not in NOT_REACHED
            if reached and (contact.last_contact_at is None or occurred_at > contact.last_contact_at):
                contact.last_contact_at = occurred_at
            if (
                reached
                and direction is Direction.INBOUND
                and (contact.last_inbound_at is None or occurred_at > contact.last_inbound_at)
            ):
                contact.last_inbound_at = occurred_at
            if opportunity is not None:
                self._advance(opportunity, type, amount, now)
            session.flush()
            scores = refresh_scores(session, [contact_id])
            return row_from(
                LoggedInteraction,
                interaction,
                reached=reached,
                opportunity_stage=opportunity.stage if opportunity is not None else None,
                score=scores[contact_id].value if contact_id in scores else None,
            )

    def _advance(
        self, opportunity: Opportunity, type_: InteractionType, amount: Decimal | None, now: dt.datetime
    ) -> None:
        target = STAGE_OF.get(type_)
        if opportunity.stage not in OPEN_STAGES:
            return
        require(self._actor, "opportunities.manage", opportunity)
        if type_ is InteractionType.QUOTE and amount is not None:
            opportunity.amount = amount
        if target is not None and STAGE_RANK[opportunity.stage] < STAGE_RANK[target]:
            opportunity.stage = target
            opportunity.stage_changed_at = now

    # The call action's shortcut ---------------------------------------------------------------------
    def log_call(
        self,
        *,
        contact_id: int,
        outcome: CallOutcome,
        summary: str = "",
        direction: Direction = Direction.OUTBOUND,
        duration_seconds: int | None = None,
        occurred_at: dt.datetime | None = None,
    ) -> LoggedInteraction:
        """A phone call and how it went."""
        return self.log(
            contact_id=contact_id,
            type=InteractionType.CALL,
            outcome=outcome,
            summary=summary,
            direction=direction,
            duration_seconds=duration_seconds,
            occurred_at=occurred_at,
        )
