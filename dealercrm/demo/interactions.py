"""The demo's interactions: each contact's timeline."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from dealercrm.demo.base import CHUNK, DemoBase
from dealercrm.demo.plan import ContactPlan, Event, call_seconds, duration_of, event_time
from dealercrm.demo.reference import (
    CALL_AFTER_DELIVERY,
    CALL_CLAIM_DONE,
    CALL_SERVICE,
    CLAIM_FIRST_CONTACT,
    EMAIL_OFFER,
    FIRST_TOUCH,
    OUTCOME_TEXTS,
    SMS_CAR_READY,
    SMS_SURVEY,
    SMS_TEST_DRIVE,
    STAGE_TEXTS,
)
from dealercrm.models import Contact, Interaction
from dealercrm.models.enums import (
    OPEN_STAGES,
    CallOutcome,
    CampaignKind,
    Direction,
    InteractionType,
    SourceChannel,
    Stage,
)


class Interactions(DemoBase):
    """Every contact's timeline of calls, e-mails, visits..., kept to the calling hours."""

    def write_interactions(self) -> None:
        """Each contact's timeline, contact after contact (ids follow the contact and the time, which
        keeps the indexes cheap to fill); then last_contact_at (latest interaction that is not an
        internal note) and last_inbound_at (latest inbound one) on every contact."""
        rows: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        next_id = 1
        total = len(self.contacts)
        inbound, note = Direction.INBOUND, InteractionType.NOTE
        for index, c in enumerate(self.contacts):
            events = self.in_calling_hours(c, self.timeline(c))
            events.sort(key=event_time)
            last = last_in = None
            for (
                at,
                kind,
                direction,
                outcome,
                seconds,
                amount,
                summary,
                campaign,
                opp,
                vehicle,
                user,
            ) in events:
                rows.append(
                    {
                        "id": next_id,
                        "contact_id": c.id,
                        "user_id": user,
                        "type": kind,
                        "direction": direction,
                        "occurred_at": at,
                        "outcome": outcome,
                        "duration_seconds": seconds,
                        "amount": amount,
                        "summary": summary,
                        "campaign_id": campaign,
                        "opportunity_id": opp,
                        "vehicle_id": vehicle,
                    }
                )
                next_id += 1
                if kind is not note:
                    last = at
                    if direction is inbound:
                        last_in = at
            if last is not None:
                updates.append(
                    {"b_id": c.id, "b_last": last, "b_in": last_in, "b_updated": max(last, c.created_at)}
                )
            if len(rows) >= CHUNK:
                self.insert(Interaction, rows)
                rows = []
                self.step("Writing interactions", 0.95 * index / total)
        self.insert(Interaction, rows)
        self.update_by_id(
            Contact, updates, last_contact_at="b_last", last_inbound_at="b_in", updated_at="b_updated"
        )

    def in_calling_hours(self, c: ContactPlan, events: list[Event]) -> list[Event]:
        """The events moved into calling hours on calling days (those that cannot be are left out)."""
        moved: list[Event] = []
        for event in events:
            at = self.calling_time(event[0], c.created_at)
            if at is not None:
                moved.append(event if at is event[0] else (at, *event[1:]))
        return moved

    def timeline(self, c: ContactPlan) -> list[Event]:
        """Every interaction with one contact, unsorted: the first touch, each deal's steps, deliveries,
        workshop reminders, claims, campaign calls and messages, and the odd call or newsletter."""
        rng = self.rng
        events: list[Event] = []
        add = events.append
        seconds: int | None
        who: int | None
        user = c.owner_id
        call, visit, email, sms = (
            InteractionType.CALL,
            InteractionType.VISIT,
            InteractionType.EMAIL,
            InteractionType.SMS,
        )
        out, inb = Direction.OUTBOUND, Direction.INBOUND
        interested = CallOutcome.INTERESTED
        wanted = c.model.name if c.model is not None else "un véhicule"
        kind, direction, texts = FIRST_TOUCH[c.source]
        campaign = c.campaign_id if c.source is SourceChannel.CAMPAIGN else None
        outcome = interested if kind is call else None
        summary = rng.choice(texts).format(m=wanted)
        add(
            (
                c.created_at,
                kind,
                direction,
                outcome,
                duration_of(rng, kind),
                None,
                summary,
                campaign,
                None,
                None,
                user,
            )
        )
        for n, opp in enumerate(c.opps):
            model, oid = opp.model.name, opp.id
            vid = opp.vehicle.id if opp.vehicle is not None else None
            if n > 0 or opp.created_day > c.day + 2:
                kind = call if rng.random() < 0.6 else email
                outcome = interested if kind is call else None
                seconds = duration_of(rng, kind)
                add(
                    (
                        opp.created_at,
                        kind,
                        inb,
                        outcome,
                        seconds,
                        None,
                        f"Nouveau projet : {model}.",
                        None,
                        oid,
                        None,
                        user,
                    )
                )
            stages = [
                s for s in OPEN_STAGES[1 : opp.reached + 1] if s is not Stage.TEST_DRIVE or opp.test_drive
            ]
            steps = len(stages) + 1
            start, span = opp.created_at, opp.end_at - opp.created_at
            for k, stage in enumerate(stages, start=1):
                at = start + span * ((k - 0.5 + rng.random() * 0.8) / steps)
                text = rng.choice(STAGE_TEXTS[stage]).format(m=model)
                if stage is Stage.CONTACTED:
                    outcome = CallOutcome.CALLBACK if rng.random() < 0.3 else interested
                    add(
                        (
                            at,
                            call,
                            out,
                            outcome,
                            rng.randint(120, 600),
                            None,
                            text,
                            opp.campaign_id,
                            oid,
                            None,
                            user,
                        )
                    )
                elif stage is Stage.QUALIFIED:
                    kind = visit if rng.random() < 0.75 else call
                    outcome = interested if kind is call else None
                    add((at, kind, inb, outcome, duration_of(rng, kind), None, text, None, oid, None, user))
                elif stage is Stage.TEST_DRIVE:
                    car = opp.vehicle or self.demo_cars.get(model)
                    if rng.random() < 0.5:
                        reminder = max(at - dt.timedelta(hours=20), start + (at - start) / 2)
                        add((reminder, sms, out, None, None, None, SMS_TEST_DRIVE, None, oid, None, user))
                    seconds = rng.randint(20, 60) * 60
                    car_id = car.id if car is not None else None
                    add(
                        (
                            at,
                            InteractionType.TEST_DRIVE,
                            inb,
                            None,
                            seconds,
                            None,
                            text,
                            None,
                            oid,
                            car_id,
                            user,
                        )
                    )
                elif stage is Stage.OFFER:
                    amount = Decimal(opp.amount or opp.model.versions[0][2])
                    add((at, InteractionType.QUOTE, out, None, None, amount, text, None, oid, vid, user))
                    if rng.random() < 0.6:
                        sent = at + dt.timedelta(minutes=rng.randint(10, 240))
                        add((sent, email, out, None, None, None, EMAIL_OFFER, None, oid, None, user))
                else:
                    direction = inb if rng.random() < 0.5 else out
                    add(
                        (
                            at,
                            call,
                            direction,
                            interested,
                            rng.randint(300, 900),
                            None,
                            text,
                            None,
                            oid,
                            None,
                            user,
                        )
                    )
            if opp.stage is Stage.WON:
                text = f"Signature du bon de commande pour {model}."
                add(
                    (opp.end_at, visit, inb, None, rng.randint(40, 90) * 60, None, text, None, oid, vid, user)
                )
            elif opp.stage is Stage.LOST:
                text = f"Relance : {opp.lost_reason or 'projet abandonné'}."
                outcome = CallOutcome.NOT_INTERESTED
                add((opp.end_at, call, out, outcome, rng.randint(60, 300), None, text, None, oid, None, user))
            elif opp.end_day >= self.today_ord - 14 and rng.random() < 0.9:
                # An open deal moving lately is followed up: a call on the day of its last step (so nine in
                # ten live deals were touched in the last fortnight, most of them in the last ten days).
                text = f"Point d'étape sur le projet {model}."
                outcome = CallOutcome.CALLBACK if rng.random() < 0.4 else interested
                add((opp.end_at, call, out, outcome, rng.randint(90, 420), None, text, None, oid, None, user))
        for sale in c.sales:
            v = sale.vehicle
            delivered = v.delivery_day
            if delivered is None or delivered >= self.today_ord:
                continue
            at = self.work_moment(delivered, 15 * 3600, 18 * 3600 + 1800)
            text = f"Livraison de {v.model.name}, présentation des équipements."
            add((at, visit, inb, None, rng.randint(45, 75) * 60, None, text, None, sale.opp.id, v.id, user))
            if delivered + 7 < self.today_ord and rng.random() < 0.7:
                at = self.work_moment(delivered + 7)
                add(
                    (
                        at,
                        call,
                        out,
                        interested,
                        rng.randint(120, 400),
                        None,
                        CALL_AFTER_DELIVERY,
                        None,
                        None,
                        v.id,
                        user,
                    )
                )
            if delivered + 3 < self.today_ord and rng.random() < 0.35:
                at = self.work_moment(delivered + 3)
                add((at, sms, out, None, None, None, SMS_SURVEY, None, None, v.id, self.marketing))
        for workshop in c.visits:
            vid = workshop.vehicle.id
            r = rng.random()
            if r < 0.5:
                at = self.work_moment(workshop.day, 16 * 3600, 18 * 3600)
                add((at, sms, out, None, None, None, SMS_CAR_READY, None, None, vid, self.desk))
            elif r < 0.7 and workshop.day - 7 > c.day:
                at = self.work_moment(workshop.day - 7)
                outcome = CallOutcome.APPOINTMENT
                add(
                    (
                        at,
                        call,
                        out,
                        outcome,
                        rng.randint(60, 240),
                        None,
                        CALL_SERVICE,
                        None,
                        None,
                        vid,
                        self.desk,
                    )
                )
        for claim in c.claims:
            kind, direction = CLAIM_FIRST_CONTACT[claim.channel]
            vid = claim.vehicle.id if claim.vehicle is not None else None
            outcome = interested if kind is call else None
            text = f"Réclamation : {claim.description}"
            who = claim.assignee
            add(
                (
                    claim.opened_at,
                    kind,
                    direction,
                    outcome,
                    duration_of(rng, kind),
                    None,
                    text,
                    None,
                    None,
                    vid,
                    who,
                )
            )
            if claim.resolved_at is not None:
                seconds = rng.randint(120, 480)
                add(
                    (
                        claim.resolved_at,
                        call,
                        out,
                        interested,
                        seconds,
                        None,
                        CALL_CLAIM_DONE,
                        None,
                        None,
                        vid,
                        who,
                    )
                )
        for target in c.targets:
            cp = target.campaign
            if cp.kind is CampaignKind.PHONING:
                last_day = target.last_attempt.astimezone(self.zone).toordinal()
                for attempt in range(target.attempts):
                    if attempt == target.attempts - 1:
                        at, outcome = target.last_attempt, target.outcome
                    else:  # earlier attempts, a few days apart, went unanswered
                        gap = (target.attempts - 1 - attempt) * rng.randint(1, 4)
                        at = self.work_moment(max(cp.start, last_day - gap), 10 * 3600, 19 * 3600)
                        at = min(at, target.last_attempt - dt.timedelta(hours=1))
                        outcome = rng.choice((CallOutcome.NO_ANSWER, CallOutcome.VOICEMAIL))
                    text = f"Campagne « {cp.name} » : {OUTCOME_TEXTS[outcome or CallOutcome.NO_ANSWER]}"
                    seconds = call_seconds(rng, outcome)
                    add((at, call, out, outcome, seconds, None, text, cp.id, None, None, target.user_id))
            else:
                kind = email if cp.kind is CampaignKind.EMAIL else sms
                text = f"{'E-mail' if kind is email else 'SMS'} de la campagne « {cp.name} »."
                at = target.last_attempt
                add((at, kind, out, target.outcome, None, None, text, cp.id, None, None, self.marketing))
        # The odd call, newsletter, note or visit in between, more often for customers.
        months = (self.yesterday - c.day) / 30.4
        for _ in range(int(months * (0.12 if c.sales else 0.08) + rng.random())):
            kind, direction, texts = self.background.pick(rng)
            outcome = None
            if kind is call:
                outcome = self.call_outcomes.pick(rng) if direction is out else interested
            seconds = call_seconds(rng, outcome) if kind is call else duration_of(rng, kind)
            who = self.marketing if kind is email and direction is out else user
            at = self.work_moment(self.day_between(c.day, self.yesterday))
            add((at, kind, direction, outcome, seconds, None, rng.choice(texts), None, None, None, who))
        # Nothing before the contact existed, nothing after "now".
        created, latest = c.created_at, self.now - dt.timedelta(minutes=1)
        for i, event in enumerate(events):
            if event[0] < created:
                events[i] = (min(latest, created + dt.timedelta(minutes=rng.randint(1, 120))), *event[1:])
            elif event[0] > latest:
                events[i] = (max(created, latest - dt.timedelta(minutes=rng.randint(5, 600))), *event[1:])
        return events
