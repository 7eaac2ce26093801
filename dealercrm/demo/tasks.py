"""The demo's tasks and each salesperson's agenda around today."""

from __future__ import annotations

import datetime as dt

from dealercrm.demo.base import DemoBase
from dealercrm.demo.plan import ContactPlan, OppPlan, VehiclePlan
from dealercrm.demo.reference import AGENDA, CATALOG, OPEN_CLAIMS, TASK_PLACES
from dealercrm.models import Task
from dealercrm.models.enums import OPEN_STAGES, CampaignStatus, Stage, TaskKind


class Tasks(DemoBase):
    """Tasks: done ones behind each deal, open ones ahead, and each salesperson's agenda around today."""

    def write_tasks(self) -> None:
        """The tasks behind each deal (call-backs, test drives, deliveries), done once their time has
        passed, the next steps of live deals, and everyone's agenda around `today`."""
        rng = self.rng
        self.future_load: dict[tuple[int, int], int] = {}
        self.delivery_tasks: set[int] = set()
        next_step = {
            Stage.NEW_LEAD: TaskKind.CALL_BACK,
            Stage.CONTACTED: TaskKind.CALL_BACK,
            Stage.QUALIFIED: TaskKind.APPOINTMENT,
            Stage.TEST_DRIVE: TaskKind.TEST_DRIVE,
            Stage.OFFER: TaskKind.FOLLOW_UP,
            Stage.NEGOTIATION: TaskKind.APPOINTMENT,
        }
        for opp in self.opps:
            c = opp.contact
            user = c.owner_id
            if user is None:
                continue
            live = opp.stage in OPEN_STAGES
            model = opp.model.name
            if rng.random() < 0.25:
                due = self.work_moment(opp.created_day + rng.randint(1, 3), 9 * 3600 + 1800, 18 * 3600 + 1800)
                self.deal_task(TaskKind.CALL_BACK, user, opp, due)
            if opp.reached >= 2 and rng.random() < 0.6:  # qualified: a meeting at the showroom
                day = opp.created_day + (opp.end_day - opp.created_day) // 3
                due = self.work_moment(day, 9 * 3600 + 1800, 18 * 3600)
                self.deal_task(TaskKind.APPOINTMENT, user, opp, due)
            if opp.test_drive and (live or rng.random() < 0.5):
                day = opp.created_day + (opp.end_day - opp.created_day) // 2
                due = self.work_moment(day, 10 * 3600, 18 * 3600)
                self.deal_task(
                    TaskKind.TEST_DRIVE, user, opp, due, vehicle=opp.vehicle or self.demo_cars.get(model)
                )
            if opp.stage is Stage.WON and opp.vehicle is not None and opp.vehicle.delivery_day is not None:
                due = self.work_moment(opp.vehicle.delivery_day, 16 * 3600, 18 * 3600 + 1800)
                if self.deal_task(TaskKind.DELIVERY, user, opp, due, vehicle=opp.vehicle):
                    self.delivery_tasks.add(opp.id)
            if live and opp.end_day >= self.today_ord - 21 and rng.random() < 0.6:
                due = self.work_moment(self.today_ord + rng.randint(1, 14), 9 * 3600, 18 * 3600 + 1800)
                self.deal_task(next_step[opp.stage], user, opp, due, vehicle=self.demo_cars.get(model))
        self.agenda()
        self.insert(Task, self.task_rows)

    def task_title(self, kind: TaskKind, c: ContactPlan, model: str) -> str:
        return {
            TaskKind.CALL_BACK: f"Rappeler {c.label} — projet {model}",
            TaskKind.APPOINTMENT: f"RDV showroom : {c.label} ({model})",
            TaskKind.TEST_DRIVE: f"Essai {model} avec {c.label}",
            TaskKind.DELIVERY: f"Livraison {model} à {c.label}",
            TaskKind.FOLLOW_UP: f"Relancer {c.label} sur l'offre {model}",
        }[kind]

    def deal_task(
        self,
        kind: TaskKind,
        user: int,
        opp: OppPlan,
        due: dt.datetime,
        *,
        vehicle: VehiclePlan | None = None,
    ) -> bool:
        """A task of a deal: done when its time has passed; upcoming ones are capped per salesperson and
        day so the agenda stays believable at any size. False when it was left out."""
        rng = self.rng
        due = max(due, opp.created_at + dt.timedelta(hours=1))  # a Sunday moved back could precede the deal
        done = None
        if due < self.now:
            # Done in time: the overdue call-backs of the agenda are the only ones left (see agenda()).
            done = min(self.now, due + dt.timedelta(minutes=rng.randint(0, 150)))
        else:
            key = (user, (due - self.now).days)
            if self.future_load.get(key, 0) >= 4:
                return False
            self.future_load[key] = self.future_load.get(key, 0) + 1
        minutes, location = TASK_PLACES[kind]
        self.add_task(
            kind,
            user,
            opp.contact,
            self.task_title(kind, opp.contact, opp.model.name),
            due,
            minutes=minutes,
            location=location,
            done=done,
            opp=opp,
            vehicle=vehicle,
        )
        return True

    def add_task(
        self,
        kind: TaskKind,
        user: int,
        c: ContactPlan | None,
        title: str,
        due: dt.datetime,
        *,
        minutes: int = 30,
        location: str | None = None,
        done: dt.datetime | None = None,
        opp: OppPlan | None = None,
        vehicle: VehiclePlan | None = None,
        campaign: int | None = None,
    ) -> None:
        created = min(due, self.now) - dt.timedelta(hours=self.rng.randint(2, 120))
        if c is not None:
            created = max(created, c.created_at)
        if opp is not None:
            created = max(created, opp.created_at)
        created = min(created, self.now - dt.timedelta(minutes=5))
        self.task_rows.append(
            {
                "id": len(self.task_rows) + 1,
                "contact_id": c.id if c is not None else None,
                "user_id": user,
                "created_by_id": user,
                "kind": kind,
                "title": title[:200],
                "due_at": due,
                "duration_minutes": minutes,
                "location": location,
                "notes": None,
                "done_at": done,
                "opportunity_id": opp.id if opp is not None else None,
                "campaign_id": campaign,
                "vehicle_id": vehicle.id if vehicle is not None else None,
                "created_at": created,
                "updated_at": max(created, done) if done is not None else created,
            }
        )

    def agenda(self) -> None:
        """Everyone's days around `today`, at any size: a few overdue call-backs, this morning's and this
        afternoon's appointments and test drives, deliveries, and the next days."""
        today = self.today_ord

        def when(offset: int, hour: float) -> dt.datetime:
            day = today + offset
            if offset and day % 7 == 0:  # nobody books a Sunday
                day += 1 if offset > 0 else -1
            return self.at(day, int(hour * 3600))

        live: dict[int, list[OppPlan]] = {}
        for opp in self.opps:
            if opp.stage in OPEN_STAGES and opp.contact.owner_id is not None:
                live.setdefault(opp.contact.owner_id, []).append(opp)
        for n, user in enumerate(self.salespeople):
            deals = sorted(live.get(user, []), key=lambda o: (-o.end_day, o.id))
            theirs = [c for c in self.contacts if c.owner_id == user] or self.contacts
            to_deliver = [
                s
                for s in self.sales
                if s.contact.owner_id == user
                and s.opp.id not in self.delivery_tasks
                and (s.vehicle.delivery_day or 0) >= today
            ]
            for k, (offset, hour, kind) in enumerate(AGENDA):
                deal = deals[k % len(deals)] if deals else None
                c = deal.contact if deal is not None else theirs[k % len(theirs)]
                model = deal.model.name if deal is not None else (c.model or CATALOG[0]).name
                vehicle = None
                if kind is TaskKind.DELIVERY:
                    if to_deliver:
                        sale = to_deliver.pop()
                        c, deal, vehicle, model = sale.contact, sale.opp, sale.vehicle, sale.opp.model.name
                    else:
                        kind = TaskKind.APPOINTMENT
                elif kind is TaskKind.TEST_DRIVE:
                    vehicle = self.demo_cars.get(model) or next(iter(self.demo_cars.values()), None)
                minutes, location = TASK_PLACES[kind]
                due = when(offset, hour + n * 0.25)
                title = self.task_title(kind, c, model)
                self.add_task(
                    kind, user, c, title, due, minutes=minutes, location=location, opp=deal, vehicle=vehicle
                )
        for n, user in enumerate(self.aftersales):
            open_claims = [
                cl for cl in self.claims if cl.assignee == user and cl.status in OPEN_CLAIMS
            ] or self.claims
            for k, (offset, hour) in enumerate(((-1, 11.0), (0, 10.0), (0, 15.0), (1, 9.5), (2, 14.5))):
                claim = open_claims[-1 - k % len(open_claims)] if open_claims else None
                c = claim.contact if claim is not None else self.contacts[k % len(self.contacts)]
                title = f"Rappeler {c.label} : réclamation n° {claim.id}" if claim else f"Rappeler {c.label}"
                vehicle = claim.vehicle if claim is not None else None
                self.add_task(
                    TaskKind.CALL_BACK, user, c, title, when(offset, hour + n * 0.5), vehicle=vehicle
                )
        coming = [cp for cp in self.campaigns if cp.status in (CampaignStatus.FROZEN, CampaignStatus.DRAFT)]
        running = [cp for cp in self.campaigns if cp.status is CampaignStatus.RUNNING]
        for offset, hour, campaigns, title in (
            (0, 11.5, coming, "Valider la liste d'appel de la campagne"),
            (2, 14.0, running, "Point d'étape de la campagne"),
        ):
            cp = campaigns[0] if campaigns else None
            label = f"{title} « {cp.name} »" if cp is not None else title
            campaign = cp.id if cp is not None else None
            self.add_task(
                TaskKind.FOLLOW_UP, self.marketing, None, label, when(offset, hour), campaign=campaign
            )
        self.add_task(
            TaskKind.APPOINTMENT,
            self.manager,
            None,
            "Revue du pipeline avec l'équipe commerciale",
            when(1, 8.75),
            minutes=45,
            location="Bureau de direction",
        )
