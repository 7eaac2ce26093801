"""The demo's marketing figures (spend, objectives) and opt-out lists."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from dealercrm.demo.base import DemoBase
from dealercrm.demo.plan import fmt_day, round_euros, sha256_hex
from dealercrm.demo.reference import SPEND
from dealercrm.models import BloctelEntry, MarketingSpend, Objective, SuppressionEntry
from dealercrm.models.enums import ObjectiveMetric, SpendChannel
from dealercrm.services.due_dates import add_months


class Marketing(DemoBase):
    """Monthly marketing spend, objectives and the opt-out lists (suppression list, Bloctel)."""

    def write_marketing(self) -> None:
        rng = self.rng
        scale = self.n / 3000  # budgets grow with the size of the business
        by_month: dict[dt.date, int] = {}
        for cp in self.campaigns:
            if cp.start <= self.today_ord:
                month = dt.date.fromordinal(cp.start).replace(day=1)
                by_month[month] = by_month.get(month, 0) + self.campaign_costs.get(cp.id, 0)
        first_month = dt.date.fromordinal(self.start_ord).replace(day=1)
        this_month = self.today.replace(day=1)
        spend: list[dict[str, Any]] = []
        month = first_month
        while month <= this_month:
            busy = month.month in (3, 4, 9, 10)
            season = 1.15 if busy else 0.85 if month.month in (7, 8, 12) else 1.0
            for channel, (base, label) in SPEND.items():
                amount = base * scale * season * rng.uniform(0.85, 1.15)
                if channel is SpendChannel.EVENT and month.month in (3, 9):  # the spring and autumn open days
                    amount += 1800 * scale * rng.uniform(0.9, 1.1)
                elif channel is SpendChannel.CAMPAIGN:
                    amount += by_month.get(month, 0)
                if amount >= 1:
                    spend.append(
                        {
                            "id": len(spend) + 1,
                            "channel": channel,
                            "month": month,
                            "amount": Decimal(round(amount)),
                            "notes": label,
                        }
                    )
            month = add_months(month, 1)
        self.insert(MarketingSpend, spend)
        self.write_objectives(first_month, add_months(this_month, 1))
        self.write_opt_outs()

    def write_objectives(self, first_month: dt.date, last_month: dt.date) -> None:
        """Monthly targets a little above what each salesperson usually achieves; the dealership's are
        the sum of theirs."""
        rng = self.rng
        months = max(1.0, (self.today_ord - self.start_ord) / 30.44)
        sales: dict[int, int] = {}
        margins: dict[int, int] = {}
        for s in self.sales:
            owner = s.contact.owner_id or 0
            sales[owner] = sales.get(owner, 0) + 1
            margins[owner] = margins.get(owner, 0) + s.price - s.cost
        rows: list[dict[str, Any]] = []

        def add(user: int | None, month: dt.date, metric: ObjectiveMetric, value: int) -> None:
            row = {
                "id": len(rows) + 1,
                "user_id": user,
                "month": month,
                "metric": metric,
                "target": Decimal(value),
            }
            rows.append(row)

        month = first_month
        while month <= last_month:
            totals = dict.fromkeys(ObjectiveMetric, 0)
            for user in self.salespeople:
                target = max(1, round(sales.get(user, 0) / months * rng.uniform(1.0, 1.2)))
                average_margin = max(1000, margins.get(user, 0) // max(1, sales.get(user, 0)))
                values = {
                    ObjectiveMetric.SALES: target,
                    ObjectiveMetric.MARGIN: round_euros(target * average_margin, 500),
                    ObjectiveMetric.TEST_DRIVES: round(target * 1.6),
                    ObjectiveMetric.CALLS: round(target * 22),
                }
                for metric, value in values.items():
                    totals[metric] += value
                    add(user, month, metric, value)
            for metric, value in totals.items():
                add(None, month, metric, value)
            month = add_months(month, 1)
        self.insert(Objective, rows)

    def write_opt_outs(self) -> None:
        """A few e-mails and phones on the suppression list, and a slice of Bloctel, hashed (SHA-256 of the
        lower-case e-mail, of the E.164 number)."""
        rng = self.rng
        entries: list[dict[str, Any]] = []
        emails = [c for c in self.contacts if c.email]
        mobiles = [c for c in self.contacts if c.mobile]
        for kind, pool in (("email", emails), ("phone", mobiles)):
            for c in rng.sample(pool, min(2, len(pool))):
                day = self.day_between(c.day, self.yesterday)
                if kind == "email":
                    value = (c.email or "").strip().lower()
                    reason = f"Désinscription demandée par e-mail le {fmt_day(day)}"
                else:
                    value = c.mobile or ""
                    reason = f"Opposition au démarchage exprimée au téléphone le {fmt_day(day)}"
                at = self.work_moment(day)
                entries.append(
                    {
                        "id": len(entries) + 1,
                        "kind": kind,
                        "value_hash": sha256_hex(value),
                        "reason": reason,
                        "added_at": at,
                    }
                )
        self.insert(SuppressionEntry, entries)
        phones = sorted({p for c in self.contacts for p in (c.landline, c.mobile) if p})
        imported = self.now - dt.timedelta(days=9, hours=1)
        listed = rng.sample(phones, min(len(phones), max(5, self.n // 150)))
        self.insert(BloctelEntry, [{"number_hash": sha256_hex(p), "imported_at": imported} for p in listed])
