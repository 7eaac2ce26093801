"""The demo's stories: what becomes of each contact, and the deals they open."""

from __future__ import annotations

import bisect

from dealercrm.demo.base import DemoBase
from dealercrm.demo.plan import ContactPlan, OppPlan
from dealercrm.demo.reference import (
    BUY_CHANCE,
    INACTIVE_REASONS,
    LOST_REASONS,
    MODEL_KNOWN_FACTOR,
    NO_MODEL_FACTOR,
    NO_TRADE_IN_FACTOR,
    TRADE_IN_FACTOR,
)
from dealercrm.models.enums import OPEN_STAGES, ContactKind, Lifecycle, Stage


class Stories(DemoBase):
    """What becomes of each contact: prospect, lost, customer; their deals and the stages they reach."""

    def plan_story(self, c: ContactPlan) -> None:
        """What happens to this contact over the years: purchases, deals lost and deals in progress."""
        rng = self.rng
        remaining = self.yesterday - c.day
        company = c.kind is ContactKind.COMPANY
        c.model = self.any_model.pick(rng) if rng.random() < 0.8 else None
        c.has_trade_in = rng.random() < 0.35
        # Who buys is drawn from documented factors (docs/PREDICTION.md), each a multiplier of the
        # chance, plus chance itself: where they came from (a walk-in means business, a web form less
        # so), a company, a car to trade in, a known model (hence a stated budget). A lead whose
        # decision time has not come yet has not bought yet.
        buys = min(
            0.8,
            BUY_CHANCE[c.source]
            * (1.35 if company else 1.0)
            * (TRADE_IN_FACTOR if c.has_trade_in else NO_TRADE_IN_FACTOR)
            * (MODEL_KNOWN_FACTOR if c.model is not None else NO_MODEL_FACTOR),
        )
        lead = rng.randint(3, 30) if rng.random() < 0.6 else rng.randint(30, 120)
        if lead <= remaining and rng.random() < buys:
            day = c.day + lead
            c.sale_days.append(day)
            if company:  # fleets buy again and again
                for _ in range(rng.choice((0, 0, 1, 1, 2, 3, 4))):
                    day += rng.randint(20, 240)
                    if day <= self.yesterday:
                        c.sale_days.append(day)
            elif rng.random() < 0.3:
                day += rng.randint(330, 900)
                if day <= self.yesterday:
                    c.sale_days.append(day)
        customer = bool(c.sale_days)
        lost = 1 if rng.random() < (0.12 if customer else 0.36) else 0
        if remaining > 400 and rng.random() < 0.08:
            lost += 1
        for _ in range(lost):
            self.plan_lost_opp(c)
        for day in c.sale_days:
            self.plan_won_opp(c, day)
        recent = remaining <= 120
        if rng.random() < (0.5 if recent and not customer else 0.06):
            self.plan_open_opp(c, recent)
        c.opps.sort(key=lambda o: (o.created_day, o.id))
        has_open = any(o.stage in OPEN_STAGES for o in c.opps)
        if customer:
            c.lifecycle = Lifecycle.CUSTOMER
        elif not has_open:
            lost_opps = [o for o in c.opps if o.stage is Stage.LOST]
            if lost_opps and rng.random() < 0.7:
                c.lifecycle, c.lost_reason = Lifecycle.LOST, lost_opps[-1].lost_reason
            elif remaining > 540 and rng.random() < 0.06:
                c.lifecycle, c.lost_reason = Lifecycle.LOST, rng.choice(INACTIVE_REASONS)
        # Customers and anyone past a first lead have a salesperson; fresh leads may wait for one.
        if customer or any(o.stage is not Stage.NEW_LEAD for o in c.opps) or rng.random() < 0.8:
            c.owner_id = self.salespeople[bisect.bisect_right((0.38, 0.72), rng.random())]

    def new_opp(self, c: ContactPlan, stage: Stage, created: int, end: int, reached: int) -> OppPlan:
        rng = self.rng
        model = c.model if c.model is not None and rng.random() < 0.7 else self.any_model.pick(rng)
        opp = OppPlan(
            len(self.opps) + 1, c, stage, created, end, reached, model, reached >= 3 and rng.random() < 0.85
        )
        self.opps.append(opp)
        c.opps.append(opp)
        return opp

    def plan_won_opp(self, c: ContactPlan, sale_day: int) -> None:
        created = max(c.day, sale_day - self.rng.randint(5, 60))
        self.new_opp(c, Stage.WON, created, sale_day, 5 if self.rng.random() < 0.8 else 4)

    def plan_lost_opp(self, c: ContactPlan) -> None:
        rng = self.rng
        latest = max(c.day, self.today_ord - 20)
        if rng.random() < 0.6:  # most lost deals are opened when the lead comes in, as won ones are
            created = min(latest, c.day + rng.randint(0, 21))
        else:
            created = self.day_between(c.day, latest)
        end = min(self.yesterday, created + rng.randint(7, 75))
        reached = bisect.bisect_right((0.15, 0.4, 0.6, 0.75, 0.9), rng.random())
        self.new_opp(c, Stage.LOST, created, end, reached).lost_reason = rng.choice(LOST_REASONS)

    def plan_open_opp(self, c: ContactPlan, recent: bool) -> None:
        rng = self.rng
        # A healthy dealership follows its open deals up: one in twenty has gone stale, and the last touch
        # of the others is within ten days for nine in ten of them (today's "hot leads with no contact"
        # shows a handful per salesperson, not dozens).
        stale = rng.random() < 0.05
        if recent:
            created = min(self.yesterday, c.day + rng.randint(0, 5))
        elif stale:
            created = max(c.day, self.today_ord - rng.randint(120, 360))
        else:
            created = max(c.day, self.today_ord - rng.randint(1, 90))
        reached = bisect.bisect_right((0.25, 0.45, 0.63, 0.75, 0.89), rng.random())
        if stale:
            end = min(self.yesterday, created + rng.randint(0, 30))
        else:
            end = max(created, self.today_ord - 1 - int(rng.random() ** 4 * 14))
        self.new_opp(c, OPEN_STAGES[reached], created, end, reached)

    def ensure_stages(self) -> None:
        """Every stage of the pipeline at least once, even in a tiny demo."""
        present = {o.stage for o in self.opps}
        candidates = [
            c for c in self.contacts if c.day < self.today_ord - 30 and c.lifecycle is not Lifecycle.LOST
        ]
        for stage in (*OPEN_STAGES, Stage.LOST):
            if stage in present or not candidates:
                continue
            c = self.rng.choice(candidates)
            if stage is Stage.LOST:
                self.plan_lost_opp(c)
            else:
                reached = OPEN_STAGES.index(stage)
                self.new_opp(c, stage, self.today_ord - 20, self.today_ord - 3, reached).test_drive = (
                    reached >= 3
                )
            c.owner_id = c.owner_id or self.salespeople[0]
