"""The demo's segments, campaigns and campaign targets."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from dealercrm.demo.base import DemoBase
from dealercrm.demo.plan import CampaignPlan, ContactPlan, TargetPlan, Weighted, by_id
from dealercrm.demo.reference import DEALERSHIP_DOMAIN
from dealercrm.models import Campaign, CampaignCostLine, CampaignTarget, Segment
from dealercrm.models.enums import (
    CallOutcome,
    CampaignKind,
    CampaignObjective,
    CampaignStatus,
    ContactKind,
    Financing,
    Lifecycle,
    SourceChannel,
    TargetStatus,
)
from dealercrm.services.due_dates import add_months


@dataclass(frozen=True)
class CampaignSpec:
    name: str
    kind: CampaignKind
    objective: CampaignObjective
    months_ago: float  # when it starts, in months before `today` (negative: to come)
    days: int
    share: float  # how many targets, as a share of all contacts


_K, _O = CampaignKind, CampaignObjective
# fmt: off
CAMPAIGNS = (
    CampaignSpec("Portes ouvertes de printemps", _K.SMS, _O.EVENT_INVITATION, 34, 10, 0.05),
    CampaignSpec("Relance fin de LOA", _K.PHONING, _O.LEASE_RENEWAL, 31, 45, 0.02),
    CampaignSpec("Rappel entretien avant l'hiver", _K.EMAIL, _O.SERVICE_REMINDER, 27, 21, 0.05),
    CampaignSpec("Offre de reprise +2 000 €", _K.EMAIL, _O.PROSPECTING, 24, 30, 0.06),
    CampaignSpec("Phoning prospects SUV hybrides", _K.PHONING, _O.PROSPECTING, 21, 30, 0.015),
    CampaignSpec("Lettre des clients fidèles", _K.EMAIL, _O.LOYALTY, 18, 14, 0.05),
    CampaignSpec("Contrôle technique -20 %", _K.SMS, _O.SERVICE_REMINDER, 15, 30, 0.04),
    CampaignSpec("Lancement des nouveautés électriques", _K.EMAIL, _O.EVENT_INVITATION, 12, 14, 0.06),
    CampaignSpec("Anniversaire d'achat : offre fidélité", _K.PHONING, _O.LOYALTY, 9, 30, 0.015),
    CampaignSpec("Portes ouvertes d'automne", _K.SMS, _O.EVENT_INVITATION, 6, 10, 0.05),
    CampaignSpec("Fin de LOA : offre de renouvellement", _K.PHONING, _O.LEASE_RENEWAL, 1, 60, 0.02),
    CampaignSpec("Journée essais hybrides", _K.SMS, _O.EVENT_INVITATION, -0.25, 7, 0.03),
    CampaignSpec("Prospection flottes entreprises", _K.PHONING, _O.PROSPECTING, -1, 45, 0.01),
)
# fmt: on
FLEET_CAMPAIGN = "Prospection flottes entreprises"

SEGMENTS: tuple[tuple[str, str, dict[str, Any]], ...] = (
    (
        "Clients LOA/LLD en fin de contrat",
        "Contrats qui se terminent dans les six mois",
        {"lifecycle": ["customer"], "financing": ["loa", "lld"], "financing_end_within_days": 180},
    ),
    (
        "Prospects SUV récents",
        "Prospects créés depuis quatre mois, intéressés par un SUV",
        {"lifecycle": ["prospect"], "wanted_body": ["suv"], "created_within_days": 120},
    ),
    (
        "Clients sans entretien depuis un an",
        "Pour les relances atelier",
        {"lifecycle": ["customer"], "no_service_visit_within_months": 12},
    ),
    (
        "Entreprises et flottes",
        "Sociétés, prospects et clientes",
        {"kind": ["company"], "lifecycle": ["prospect", "customer"]},
    ),
)
SEGMENT_OF_OBJECTIVE = {
    CampaignObjective.LEASE_RENEWAL: 1,
    CampaignObjective.PROSPECTING: 2,
    CampaignObjective.SERVICE_REMINDER: 3,
}


class Campaigns(DemoBase):
    """Segments, campaigns and their targets."""

    def plan_campaigns(self) -> None:
        for i, spec in enumerate(CAMPAIGNS, start=1):
            start = self.today_ord - int(spec.months_ago * 30.44)
            end = start + spec.days
            if end < self.today_ord:
                status = CampaignStatus.DONE
            elif start <= self.today_ord:
                status = CampaignStatus.RUNNING
            elif start <= self.today_ord + 14:
                status = CampaignStatus.FROZEN
            else:
                status = CampaignStatus.DRAFT
            name = spec.name
            if spec.objective is CampaignObjective.EVENT_INVITATION:
                name = f"{name} {dt.date.fromordinal(start).year}"
            owner = self.manager if spec.kind is CampaignKind.PHONING else self.marketing
            segment = SEGMENT_OF_OBJECTIVE.get(spec.objective)
            if spec.name == FLEET_CAMPAIGN:
                segment = 4
            self.campaigns.append(
                CampaignPlan(
                    i, name, spec.kind, spec.objective, start, end, status, owner, segment, spec.share
                )
            )

    def write_segments_and_campaigns(self) -> None:
        created = self.at(self.start_ord - 20, 10 * 3600)
        segments = [
            {
                "id": i,
                "name": name,
                "owner_id": self.manager if i == 1 else self.marketing,
                "shared": True,
                "filters": filters,
                "description": description,
                "created_at": created,
                "updated_at": created,
            }
            for i, (name, description, filters) in enumerate(SEGMENTS, start=1)
        ]
        self.insert(Segment, segments)
        rows = []
        for cp in self.campaigns:
            created_at = cp.created_at = min(self.work_moment(cp.start - 20), self.now - dt.timedelta(days=3))
            frozen_at = min(self.work_moment(cp.start - 2), self.now - dt.timedelta(hours=20))
            subject = body = script = None
            if cp.kind is CampaignKind.PHONING:
                script = (
                    "Bonjour {civilite} {nom}, {vendeur} du Garage des Tilleuls à l'appareil. "
                    f"Je vous appelle au sujet de notre opération « {cp.name} »…"
                )
            else:
                subject = cp.name if cp.kind is CampaignKind.EMAIL else None
                body = (
                    f"Bonjour {{prenom}}, le Garage des Tilleuls vous invite : {cp.name}. "
                    "Répondez STOP pour ne plus recevoir nos messages."
                )
            event = cp.objective is CampaignObjective.EVENT_INVITATION
            rows.append(
                {
                    "id": cp.id,
                    "name": cp.name,
                    "kind": cp.kind,
                    "objective": cp.objective,
                    "status": cp.status,
                    "channel": SourceChannel.EVENT if event else SourceChannel.CAMPAIGN,
                    "starts_on": dt.date.fromordinal(cp.start),
                    "ends_on": dt.date.fromordinal(cp.end),
                    "owner_id": cp.owner_id,
                    "segment_id": cp.segment_id,
                    "filters": SEGMENTS[cp.segment_id - 1][2] if cp.segment_id else {},
                    "cost": Decimal(0),  # the sum of its cost lines, once the targets are known
                    "script": script,
                    "subject": subject,
                    "body": body,
                    "frozen_at": frozen_at if cp.status is not CampaignStatus.DRAFT else None,
                    "created_at": created_at,
                    "updated_at": created_at,
                }
            )
        self.insert(Campaign, rows)

    def plan_targets(self) -> None:
        """Who each campaign reached and how; a deal opened soon after a positive answer is credited to it."""
        rng = self.rng
        TS, OC = TargetStatus, CallOutcome
        phoning_done = Weighted([(TS.DONE, 78), (TS.EXCLUDED, 10), (TS.PENDING, 12)])
        phoning_running = Weighted([(TS.PENDING, 40), (TS.IN_PROGRESS, 25), (TS.DONE, 25), (TS.EXCLUDED, 10)])
        final_outcomes = Weighted(
            {
                OC.INTERESTED: 14,
                OC.APPOINTMENT: 10,
                OC.NOT_INTERESTED: 34,
                OC.WRONG_NUMBER: 5,
                OC.NO_ANSWER: 17,
                OC.VOICEMAIL: 12,
                OC.DO_NOT_CALL: 4,
                OC.CALLBACK: 4,
            }
        )
        pending_outcomes = Weighted([(OC.CALLBACK, 50), (OC.NO_ANSWER, 30), (OC.VOICEMAIL, 20)])
        message_outcomes = Weighted([(OC.DELIVERED, 88), (OC.SENT, 7), (OC.FAILED, 5)])
        reached = {
            OC.INTERESTED,
            OC.APPOINTMENT,
            OC.CALLBACK,
            OC.NOT_INTERESTED,
            OC.DO_NOT_CALL,
            OC.DELIVERED,
        }
        for cp in self.campaigns:
            if cp.status is CampaignStatus.DRAFT:
                continue
            eligible = [c for c in self.contacts if c.day < cp.start and self.targetable(c, cp)]
            chosen = sorted(
                rng.sample(eligible, min(len(eligible), max(3, round(self.n * cp.share)))), key=by_id
            )
            last_day = min(cp.end, self.yesterday)
            started = cp.start <= self.yesterday  # a campaign starting today has not called anyone yet
            for c in chosen:
                outcome: CallOutcome | None = None
                attempts = 0
                user = callback_at = sent_at = message_id = excluded = None
                if cp.kind is CampaignKind.PHONING:
                    user = c.owner_id or rng.choice(self.salespeople)
                    if cp.status is CampaignStatus.DONE:
                        status = phoning_done.pick(rng)
                    elif cp.status is CampaignStatus.RUNNING and started:
                        status = phoning_running.pick(rng)
                    else:
                        status = TS.EXCLUDED if rng.random() < 0.1 else TS.PENDING
                    if status is TS.DONE:
                        outcome = final_outcomes.pick(rng)
                        attempts = (
                            rng.randint(3, 4)
                            if outcome in (OC.NO_ANSWER, OC.VOICEMAIL)
                            else rng.randint(1, 3)
                        )
                    elif status is TS.IN_PROGRESS:
                        outcome = pending_outcomes.pick(rng)
                        attempts = rng.randint(1, 2)
                        if outcome is OC.CALLBACK:
                            callback_at = self.work_moment(
                                self.today_ord + rng.randint(0, 10), 10 * 3600, 19 * 3600
                            )
                    elif status is TS.EXCLUDED:
                        excluded = rng.choice(("no_consent", "bloctel", "recent_refusal", "max_attempts"))
                else:
                    sent = started and cp.status in (CampaignStatus.DONE, CampaignStatus.RUNNING)
                    if rng.random() < (0.08 if sent else 0.05):
                        status, excluded = TS.EXCLUDED, rng.choice(("no_consent", "suppression_list"))
                    else:
                        status = TS.DONE if sent else TS.PENDING
                    if status is TS.DONE:
                        outcome, attempts = message_outcomes.pick(rng), 1
                        message_id = f"<{cp.id}.{c.id}.{rng.getrandbits(40):010x}@{DEALERSHIP_DOMAIN}>"
                last_attempt = reached_at = None
                if attempts:
                    day = min(cp.start, self.yesterday)
                    if cp.kind is CampaignKind.PHONING:
                        day = self.day_between(cp.start, last_day)
                        last_attempt = self.work_moment(day, 10 * 3600, 19 * 3600)
                    else:
                        last_attempt = sent_at = self.at(day, 9 * 3600 + rng.randint(0, 5400))
                    if last_attempt <= c.created_at:
                        last_attempt = c.created_at + dt.timedelta(hours=1)
                        sent_at = last_attempt if sent_at is not None else None
                    if outcome in reached:
                        reached_at = last_attempt + dt.timedelta(seconds=rng.randint(5, 60))
                    c.targets.append(TargetPlan(cp, attempts, outcome, last_attempt, user))
                    if outcome in (OC.INTERESTED, OC.APPOINTMENT, OC.DELIVERED):
                        for opp in c.opps:
                            if opp.campaign_id is None and day <= opp.created_day <= day + 45:
                                opp.campaign_id = cp.id
                self.target_rows.append(
                    {
                        "id": len(self.target_rows) + 1,
                        "campaign_id": cp.id,
                        "contact_id": c.id,
                        "assigned_user_id": user,
                        "status": status,
                        "excluded_reason": excluded,
                        "attempts": attempts,
                        "last_outcome": outcome,
                        "last_attempt_at": last_attempt,
                        "reached_at": reached_at,
                        "callback_at": callback_at,
                        "sent_at": sent_at,
                        "message_id": message_id,
                    }
                )

    @staticmethod
    def targetable(c: ContactPlan, cp: CampaignPlan) -> bool:
        """Whether the campaign's segment would pick this contact, and the campaign can reach them."""
        if cp.kind is CampaignKind.EMAIL and c.email is None:
            return False
        if cp.kind is CampaignKind.SMS and c.mobile is None:
            return False
        if cp.kind is CampaignKind.PHONING and c.mobile is None and c.landline is None:
            return False
        if cp.objective is CampaignObjective.PROSPECTING:
            if cp.name == FLEET_CAMPAIGN:
                return c.kind is ContactKind.COMPANY
            return c.lifecycle is not Lifecycle.CUSTOMER
        if cp.objective is CampaignObjective.LOYALTY:
            return any(s.day < cp.start for s in c.sales)
        if cp.objective is CampaignObjective.SERVICE_REMINDER:
            return any(v.owned_since < cp.start for v in c.vehicles)
        if cp.objective is CampaignObjective.LEASE_RENEWAL:
            return any(
                s.months is not None
                and s.financing in (Financing.LOA, Financing.LLD)
                and cp.start <= add_months(dt.date.fromordinal(s.day), s.months).toordinal() <= cp.start + 270
                for s in c.sales
            )
        return True

    def write_targets(self) -> None:
        """The campaigns' targets, and their cost lines now that the number of messages is known."""
        self.insert(CampaignTarget, self.target_rows)
        rng = self.rng
        per_campaign: dict[int, int] = {}
        for row in self.target_rows:
            per_campaign[row["campaign_id"]] = per_campaign.get(row["campaign_id"], 0) + 1
        lines: list[dict[str, Any]] = []
        for cp in self.campaigns:
            count = per_campaign.get(cp.id, 0)
            if cp.kind is CampaignKind.SMS:
                items = [
                    (f"Routage SMS ({count} envois)", max(20, round(count * 0.07))),
                    ("Rédaction et ciblage", 150),
                ]
            elif cp.kind is CampaignKind.EMAIL:
                items = [
                    ("Création graphique de l'e-mailing", 450),
                    (f"Plateforme de routage ({count} envois)", max(30, round(count * 0.01))),
                ]
            else:
                hours = max(2, round(count / 12))
                items = [
                    (f"Heures de phoning ({hours} h)", hours * 28),
                    ("Script et formation de l'équipe", 200),
                ]
            if cp.objective is CampaignObjective.EVENT_INVITATION:
                items += [("Traiteur et boissons", rng.randint(8, 16) * 100), ("Affichage et kakémonos", 380)]
            for label, amount in items:
                lines.append(
                    {"id": len(lines) + 1, "campaign_id": cp.id, "label": label, "amount": Decimal(amount)}
                )
            self.campaign_costs[cp.id] = sum(amount for _, amount in items)
        self.insert(CampaignCostLine, lines)
        costs = [
            {"b_id": cp.id, "b_cost": Decimal(self.campaign_costs[cp.id]), "b_updated": cp.created_at}
            for cp in self.campaigns
        ]
        self.update_by_id(Campaign, costs, cost="b_cost", updated_at="b_updated")
