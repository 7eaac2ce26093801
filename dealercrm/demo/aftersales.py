"""The demo's after-sales: workshop visits, the journey's car (AB-123-CD) and claims."""

from __future__ import annotations

import bisect
import datetime as dt
from decimal import Decimal
from typing import Any

from dealercrm.demo.base import DemoBase
from dealercrm.demo.plan import (
    ClaimPlan,
    VehiclePlan,
    VisitPlan,
    Weighted,
    a_year_after,
    note_of,
)
from dealercrm.demo.reference import (
    ANCHOR_PLATE,
    CHANNEL_NAMES,
    CLAIM_TEXTS,
    MAINTENANCE_LOYALTY,
    OPEN_CLAIMS,
    SERVICE_NOTES,
)
from dealercrm.models import Claim, ClaimEvent, ServiceVisit
from dealercrm.models.enums import (
    Channel,
    ClaimCategory,
    ClaimStatus,
    ContactKind,
    ServiceKind,
    Severity,
    StockStatus,
    VehicleCondition,
)


class Aftersales(DemoBase):
    """The workshop's visits, the after-sales journey's car and the claims with their history."""

    def plan_service_visits(self) -> None:
        """Yearly servicing, the contrôle technique (at 4 years, then every 2) and repairs, for the cars
        our customers own; most but not all of them come back to our workshop."""
        rng = self.rng
        for v in self.vehicles:
            if v.owner is None or v.status is not StockStatus.CUSTOMER_OWNED:
                continue
            start = v.delivery_day or v.owned_since
            registered = v.first_registration or start
            planned: list[tuple[int, ServiceKind]] = []
            # Maintenance: the workshop calls a few weeks before it falls due and most owners book then,
            # so a visit comes up to six weeks before the due date (12 months after the last one, or after the
            # first registration), now and then a few days late. Each time, some owners go elsewhere for
            # good (more of them once the car is out of warranty or bought used).
            stays = MAINTENANCE_LOYALTY[v.condition]
            due = (
                a_year_after(registered)
                if v.condition is VehicleCondition.NEW
                else start + rng.randint(30, 330)
            )
            while due - 40 <= self.yesterday and rng.random() < stays:
                day = due - rng.randint(0, 40) if rng.random() < 0.92 else due + rng.randint(1, 12)
                if day > self.yesterday:
                    break  # booked, still to come
                planned.append((max(day, start), ServiceKind.MAINTENANCE))
                due = a_year_after(max(day, start))
                stays = MAINTENANCE_LOYALTY[VehicleCondition.USED] if day - start > 730 else stays
            day = registered + 4 * 365 - rng.randint(0, 40)
            while day <= self.yesterday:
                # Done at a CT centre: we know of it when we took the car there or the owner told us.
                if day >= start and rng.random() < 0.8:
                    planned.append((day, ServiceKind.TECHNICAL_INSPECTION))
                day += 730
            for year_start in range(start, self.yesterday, 365):
                repair = year_start + rng.randint(20, 365)
                if repair <= self.yesterday and rng.random() < 0.2:
                    planned.append((repair, ServiceKind.REPAIR))
            planned.sort(key=lambda p: p[0])
            for day, kind in planned:
                if day % 7 == 0:  # the workshop is shut on Sundays
                    day -= 1
                mileage = max(v.mileage, v.mileage + int(v.km_per_year * (day - v.mileage_day) / 365))
                visit = VisitPlan(len(self.visits) + 1, v, day, kind, mileage)
                self.visits.append(visit)
                v.owner.visits.append(visit)
                v.mileage, v.mileage_day = mileage, day

    def plan_anchor_vehicle(self) -> None:
        """AB-123-CD (the after-sales journey's plate): a customer's car, repaired a few days ago, with no
        claim about it."""
        owned = [
            v
            for v in self.vehicles
            if v.status is StockStatus.CUSTOMER_OWNED
            and v.owner is not None
            and v.owner.kind is ContactKind.PERSON
            and v.plate is not None
            and v.owned_since < self.today_ord - 60
        ]
        if not owned:
            return
        vehicle = owned[len(owned) // 2]
        vehicle.plate = ANCHOR_PLATE
        self.anchor_vehicle = vehicle
        day = self.today_ord - 6
        while not self.calling_day(day):
            day -= 1
        visit = VisitPlan(len(self.visits) + 1, vehicle, day, ServiceKind.REPAIR, vehicle.mileage)
        self.visits.append(visit)
        owner = vehicle.owner
        assert owner is not None  # chosen among customer-owned cars
        owner.visits.append(visit)

    def plan_claims(self) -> None:
        """About one claim for five contacts, mostly about a car we sold or serviced; old ones are settled,
        recent ones in every state, and a few have been left open past their deadline."""
        rng = self.rng
        owned = [v for v in self.vehicles if v.owner is not None and v.status is StockStatus.CUSTOMER_OWNED]
        vehicle_categories = Weighted(
            {
                ClaimCategory.MECHANICAL: 30,
                ClaimCategory.ELECTRICAL: 18,
                ClaimCategory.BODYWORK: 12,
                ClaimCategory.DELIVERY: 12,
                ClaimCategory.BILLING: 10,
                ClaimCategory.RECEPTION: 8,
                ClaimCategory.OTHER: 5,
            }
        )
        other_categories = Weighted(
            [(ClaimCategory.BILLING, 4), (ClaimCategory.RECEPTION, 4), (ClaimCategory.OTHER, 2)]
        )
        severities = Weighted(
            [(Severity.LOW, 30), (Severity.MEDIUM, 40), (Severity.HIGH, 22), (Severity.CRITICAL, 8)]
        )
        channels = Weighted(
            {Channel.PHONE: 40, Channel.EMAIL: 30, Channel.VISIT: 20, Channel.POST: 5, Channel.SMS: 5}
        )
        S = ClaimStatus
        # The state of a claim opened more than a month ago, or within the month.
        states = (S.CLOSED, S.RESOLVED, S.IN_PROGRESS, S.WAITING_PARTS, S.WAITING_CUSTOMER, S.OPEN)
        old = Weighted(zip(states[:4], (78, 21, 0.5, 0.5), strict=True))
        month = Weighted(zip(states, (45, 35, 7, 8, 3, 2), strict=True))
        fresh = Weighted(
            {
                S.OPEN: 30,
                S.IN_PROGRESS: 25,
                S.WAITING_PARTS: 12,
                S.WAITING_CUSTOMER: 10,
                S.RESOLVED: 15,
                S.CLOSED: 8,
            }
        )
        workshop = (ClaimCategory.MECHANICAL, ClaimCategory.ELECTRICAL, ClaimCategory.BODYWORK)
        planned: list[ClaimPlan] = []
        # Claims follow the business, which grows slowly: spread evenly over the three years (a slight
        # rise), each about a car owned by then when it is about a car.
        owned = [v for v in owned if v is not self.anchor_vehicle]
        owned.sort(key=lambda v: (v.delivery_day or v.owned_since, v.id))
        since = [v.delivery_day or v.owned_since for v in owned]
        contact_days = [c.day for c in self.contacts]
        span = self.yesterday - self.start_ord
        total = max(1, round(self.n * 0.2))
        for k in range(total):
            day = self.start_ord + int(span * ((k + rng.random()) / total) ** 0.9)
            vehicle: VehiclePlan | None = None
            category = vehicle_categories.pick(rng) if rng.random() < 0.85 else other_categories.pick(rng)
            if category is ClaimCategory.DELIVERY:
                lo, hi = bisect.bisect_left(since, day - 45), bisect.bisect_left(since, day)
            else:
                lo, hi = 0, bisect.bisect_right(since, day - 3)
            if hi > lo and (category in workshop or category is ClaimCategory.DELIVERY or rng.random() < 0.6):
                vehicle = owned[lo + int(rng.random() * (hi - lo))]
                c = vehicle.owner
                assert c is not None
            else:
                if category is ClaimCategory.DELIVERY or category in workshop:
                    category = other_categories.pick(rng)
                c = self.contacts[int(rng.random() * max(1, bisect.bisect_right(contact_days, day)))]
                day = max(day, c.day)
            day = min(day, self.yesterday)
            opened = self.work_moment(day)
            if opened <= c.created_at:
                opened = c.created_at + dt.timedelta(hours=1)
            age = self.today_ord - day
            status = (old if age > 60 else month if age > 15 else fresh).pick(rng)
            if category in workshop:
                assignee = self.workshop_chief if rng.random() < 0.7 else self.desk
            else:
                assignee = self.desk if rng.random() < 0.8 else self.workshop_chief
            severity, channel = severities.pick(rng), channels.pick(rng)
            planned.append(
                ClaimPlan(0, c, vehicle, category, severity, channel, status, opened, assignee, "")
            )
        self.ensure_each(planned, "category", list(ClaimCategory))
        self.ensure_each(planned, "status", list(ClaimStatus))
        self.ensure_each(planned, "severity", list(Severity))
        planned.sort(key=lambda p: (p.opened_at, p.contact.id))
        for i, claim in enumerate(planned, start=1):
            claim.id = i
            model = claim.vehicle.model.name if claim.vehicle is not None else "le véhicule"
            claim.description = rng.choice(CLAIM_TEXTS[claim.category][0]).format(m=model)
            claim.contact.claims.append(claim)
        self.claims = planned

    def write_aftersales(self) -> None:
        rng = self.rng
        visits = []
        for visit in self.visits:
            if visit.kind is ServiceKind.MAINTENANCE:
                cents, share = rng.randint(18_000, 52_000), rng.uniform(0.4, 0.55)
            elif visit.kind is ServiceKind.TECHNICAL_INSPECTION:  # subcontracted: a thin margin
                cents, share = rng.randint(7_800, 9_500), rng.uniform(0.15, 0.25)
            else:
                cents, share = rng.randint(15_000, 220_000), rng.uniform(0.3, 0.45)
            owner = visit.vehicle.owner
            visits.append(
                {
                    "id": visit.id,
                    "vehicle_id": visit.vehicle.id,
                    "contact_id": owner.id if owner is not None else None,
                    "visited_on": dt.date.fromordinal(visit.day),
                    "kind": visit.kind,
                    "mileage_km": visit.mileage,
                    "amount": Decimal(cents).scaleb(-2),
                    "margin": Decimal(int(cents * share)).scaleb(-2),
                    "notes": rng.choice(SERVICE_NOTES[visit.kind]),
                    "created_at": self.work_moment(visit.day, 17 * 3600, 19 * 3600),
                }
            )
        self.insert(ServiceVisit, visits)
        claims: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        satisfaction = Weighted([(5, 40), (4, 30), (3, 15), (2, 9), (1, 6)])
        due = {
            claim.id: self.add_working_hours(claim.opened_at, int(self.sla_hours[claim.severity.value]))
            for claim in self.claims
        }
        self.settle_late_claims(due)
        for claim in self.claims:
            history = self.claim_history(claim, due[claim.id])
            for at, from_status, to_status, note in history:
                events.append(
                    {
                        "id": len(events) + 1,
                        "claim_id": claim.id,
                        "at": at,
                        "user_id": self.desk if from_status is None else claim.assignee,
                        "from_status": from_status,
                        "to_status": to_status,
                        "note": note,
                    }
                )
            reached = {to_status: at for at, _, to_status, _ in history}
            claim.resolved_at = reached.get(ClaimStatus.RESOLVED)
            settled = claim.status in (ClaimStatus.RESOLVED, ClaimStatus.CLOSED)
            score = None
            if rng.random() < {ClaimStatus.CLOSED: 0.85, ClaimStatus.RESOLVED: 0.3}.get(claim.status, 0.0):
                score = satisfaction.pick(rng)
            claims.append(
                {
                    "id": claim.id,
                    "contact_id": claim.contact.id,
                    "vehicle_id": claim.vehicle.id if claim.vehicle is not None else None,
                    "category": claim.category,
                    "severity": claim.severity,
                    "channel": claim.channel,
                    "description": claim.description,
                    "status": claim.status,
                    "opened_by_id": self.desk,
                    "assignee_id": claim.assignee,
                    "opened_at": claim.opened_at,
                    "due_at": due[claim.id],
                    "resolved_at": claim.resolved_at if settled else None,
                    "closed_at": reached.get(ClaimStatus.CLOSED)
                    if claim.status is ClaimStatus.CLOSED
                    else None,
                    "resolution": note_of(history, ClaimStatus.RESOLVED) if settled else None,
                    "satisfaction": score,
                    "goodwill_cost": Decimal(rng.randint(3, 90) * 10)
                    if settled and rng.random() < 0.18
                    else None,
                    "lock_version": len(history),
                    "created_at": claim.opened_at,
                    "updated_at": history[-1][0],
                }
            )
        self.insert(Claim, claims)
        self.insert(ClaimEvent, events)

    def settle_late_claims(self, due: dict[int, dt.datetime]) -> None:
        """A healthy desk: of the claims still open past their deadline, two or three a few days late
        stay open (the ones to handle next); the others were in fact settled."""
        day = dt.timedelta(days=1)
        late = sorted(
            (c for c in self.claims if c.status in OPEN_CLAIMS and due[c.id] < self.now),
            key=lambda c: (self.now - due[c.id], c.id),
        )
        keep = [c for c in late if day <= self.now - due[c.id] <= 5 * day][:3]
        if len(keep) < 2:
            keep = [c for c in late if self.now - due[c.id] <= 10 * day][:3]
        if len(keep) < 2:  # a small demo: the latest settled claims were in fact left a few days late
            for claim in sorted(self.claims, key=lambda c: (c.opened_at, c.id), reverse=True)[
                : 2 - len(keep)
            ]:
                claim.status, claim.severity = ClaimStatus.IN_PROGRESS, Severity.HIGH
                claim.opened_at = max(
                    claim.contact.created_at, self.work_moment(self.today_ord - 6, 9 * 3600, 12 * 3600)
                )
                due[claim.id] = self.add_working_hours(claim.opened_at, int(self.sla_hours["high"]))
                keep.append(claim)
        kept = {c.id for c in keep}
        for claim in late:
            if claim.id not in kept:
                recent = claim.opened_at > self.now - dt.timedelta(days=30)
                claim.status = ClaimStatus.RESOLVED if recent else ClaimStatus.CLOSED
        # Every open state on the desk, even in a small demo: the latest claims, opened in the last days
        # with a deadline still ahead.
        present = {c.status for c in self.claims}
        latest = [
            c
            for c in sorted(self.claims, key=lambda c: (c.opened_at, c.id), reverse=True)
            if c.status not in OPEN_CLAIMS
        ]
        for k, status in enumerate(s for s in OPEN_CLAIMS if s not in present):
            if k >= len(latest):
                break
            claim = latest[k]
            claim.status = status
            claim.opened_at = max(claim.opened_at, self.work_moment(self.yesterday - k, 9 * 3600, 17 * 3600))
            if claim.opened_at <= claim.contact.created_at:
                claim.opened_at = claim.contact.created_at + dt.timedelta(minutes=30)
            if claim.severity not in (Severity.LOW, Severity.MEDIUM):
                claim.severity = Severity.MEDIUM
            due[claim.id] = self.add_working_hours(claim.opened_at, int(self.sla_hours[claim.severity.value]))

    def claim_history(
        self, claim: ClaimPlan, due: dt.datetime
    ) -> list[tuple[dt.datetime, ClaimStatus | None, ClaimStatus, str | None]]:
        """The status changes that led the claim where it is, between its opening and now: most settled
        claims were resolved within their deadline, about one in ten a few days after it."""
        rng = self.rng
        S = ClaimStatus
        opened, status = claim.opened_at, claim.status
        history: list[tuple[dt.datetime, ClaimStatus | None, ClaimStatus, str | None]] = [
            (opened, None, S.OPEN, f"Réclamation enregistrée ({CHANNEL_NAMES[claim.channel]}).")
        ]
        if status is S.OPEN:
            return history
        path: list[tuple[ClaimStatus, str]] = [(S.IN_PROGRESS, "Prise en charge.")]
        if status is S.WAITING_CUSTOMER:
            path.append((status, "En attente d'un retour du client."))
        elif status is S.WAITING_PARTS:
            path.append((status, "Pièce commandée chez le constructeur."))
        elif status in (S.RESOLVED, S.CLOSED):
            if rng.random() < 0.25:
                path.append((S.WAITING_PARTS, "Pièce commandée chez le constructeur."))
                path.append((S.IN_PROGRESS, "Pièce reçue, intervention planifiée."))
            path.append((S.RESOLVED, rng.choice(CLAIM_TEXTS[claim.category][1])))
        latest = self.now - dt.timedelta(minutes=10)
        if status in (S.RESOLVED, S.CLOSED):
            if rng.random() < 0.9:
                end = opened + (min(due, latest) - opened) * rng.uniform(0.25, 0.95)
            else:
                end = min(latest, due + dt.timedelta(hours=rng.uniform(2, 96)))
        else:
            end = min(due, latest)
            end = opened + (end - opened) * rng.uniform(0.3, 0.9)
        previous = S.OPEN
        for k, (to_status, note) in enumerate(path, start=1):
            at = opened + (end - opened) * (k / len(path))
            at = max(at, history[-1][0] + dt.timedelta(seconds=30))
            history.append((at, previous, to_status, note))
            previous = to_status
        if status is S.CLOSED:
            closed = min(latest, history[-1][0] + dt.timedelta(days=rng.uniform(1, 7)))
            closed = max(closed, history[-1][0] + dt.timedelta(seconds=30))
            history.append((closed, S.RESOLVED, S.CLOSED, "Clôturée après l'appel de satisfaction."))
        return history
