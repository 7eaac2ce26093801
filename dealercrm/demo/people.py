"""The demo's contacts: identity, contact details, households, employers and consents."""

from __future__ import annotations

import bisect
import datetime as dt
from decimal import Decimal
from typing import Any

from dealercrm.demo.base import CHUNK
from dealercrm.demo.plan import ContactPlan, Weighted, fmt_day, fold_ascii, luhn_complete
from dealercrm.demo.reference import (
    ADDRESS_LINE2,
    ANCHOR_MOBILES,
    CONSENT_CHANCES,
    CONTACT_NOTES,
    GRANT_CHANCE,
    JOB_TITLES,
    OTHER_JOB_TITLES,
    WITHDRAWAL_PROOF,
)
from dealercrm.demo.stories import Stories
from dealercrm.models import Consent, Contact, ContactLink
from dealercrm.models.enums import (
    Channel,
    Civility,
    ConsentPurpose,
    ConsentStatus,
    ContactKind,
    Lifecycle,
    LinkKind,
    SourceChannel,
)
from dealercrm.models.search_terms import phone_search_terms


class People(Stories):
    """Contacts: who they are, how to reach them, their households and employers, their consents."""

    def plan_contacts(self) -> None:
        rng = self.rng
        span = self.yesterday - self.start_ord
        # A growing dealership: a few more new contacts each month than the month before.
        days = sorted(self.start_ord + int(span * rng.random() ** 0.85) for _ in range(self.n))
        sources = Weighted(
            {
                SourceChannel.WALK_IN: 18,
                SourceChannel.WEBSITE: 30,
                SourceChannel.PHONE: 14,
                SourceChannel.SOCIAL: 10,
                SourceChannel.REFERRAL: 8,
                SourceChannel.EVENT: 6,
                SourceChannel.CAMPAIGN: 8,
                SourceChannel.OTHER: 6,
            }
        )
        contacts: list[ContactPlan] = []
        i = 0
        while i < self.n:
            kind = ContactKind.COMPANY if rng.random() < 0.15 else ContactKind.PERSON
            contacts.append(ContactPlan(i + 1, kind, days[i], sources.pick(rng)))
            # A household: the partner's record comes next, with the same address and landline.
            if kind is ContactKind.PERSON and i + 1 < self.n and rng.random() < 0.07:
                partner = ContactPlan(
                    i + 2, ContactKind.PERSON, days[i + 1], SourceChannel.REFERRAL, partner=i + 1
                )
                contacts.append(partner)
                i += 1
            i += 1
        self.contacts = contacts
        self.ensure_each(contacts, "source", list(SourceChannel))
        # Employees and fleet managers of the companies.
        persons = [c for c in contacts if c.kind is ContactKind.PERSON and c.partner is None]
        for company in contacts:
            if company.kind is not ContactKind.COMPANY or not persons:
                continue
            for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
                person = rng.choice(persons)
                if person.company is None:
                    person.company = company.id
                    person.link_kind = LinkKind.FLEET_MANAGER if rng.random() < 0.45 else LinkKind.EMPLOYEE
        for c in contacts:
            self.plan_story(c)
        self.ensure_stages()
        # Two customers everyone may see, whose mobiles start 06 12 34 (Julie's search journey).
        people = [c for c in contacts if c.kind is ContactKind.PERSON and c.lifecycle is Lifecycle.CUSTOMER]
        for c, number in zip(people[len(people) // 3 :], ANCHOR_MOBILES, strict=False):
            self.anchor_phones[c.id] = number

    def person_row(self, c: ContactPlan, partner: ContactPlan | None) -> dict[str, Any]:
        rng = self.rng
        female = rng.random() < 0.52
        if partner is not None:
            female = not partner.female if rng.random() < 0.95 else partner.female
        c.female = female
        first = rng.choice(self.female_names if female else self.male_names)
        last = (
            partner.last_name if partner is not None and rng.random() < 0.7 else rng.choice(self.last_names)
        )
        c.last_name = last
        c.label = f"{'Mme' if female else 'M.'} {last}"
        birth = None
        if rng.random() < 0.8:
            age_days = int(rng.triangular(19, 84, 46) * 365.25) + rng.randint(0, 364)
            birth = dt.date.fromordinal(c.day - age_days)
        if rng.random() < 0.88:
            c.email = self.unique_email(self.person_email(first, last))
        if rng.random() < 0.86:
            c.mobile = self.mobile()
        c.mobile = self.anchor_phones.get(c.id, c.mobile)
        return {
            "civility": Civility.OTHER if rng.random() < 0.01 else (Civility.MRS if female else Civility.MR),
            "first_name": first,
            "last_name": last,
            "company_name": None,
            "siren": None,
            "birth_date": birth,
        }

    def company_row(self, c: ContactPlan) -> dict[str, Any]:
        rng = self.rng
        name = rng.choice(self.company_names)
        c.label = name
        mailbox = rng.choice(("contact", "accueil", "compta", "direction"))
        c.email = self.unique_email(f"{mailbox}@{fold_ascii(name)[:24] or 'entreprise'}.fr")
        if rng.random() < 0.4:
            c.mobile = self.mobile()
        return {
            "civility": None,
            "first_name": None,
            "last_name": None,
            "company_name": name,
            "siren": luhn_complete(f"{rng.choice('345789')}{rng.randint(0, 9_999_999):07d}"),
            "birth_date": None,
        }

    def person_email(self, first: str, last: str) -> str:
        rng = self.rng
        f, la = fold_ascii(first), fold_ascii(last)
        pattern = rng.random()
        if pattern < 0.45:
            local = f"{f}.{la}"
        elif pattern < 0.6:
            local = f"{f[:1]}{la}"
        elif pattern < 0.72:
            local = f"{la}.{f}"
        elif pattern < 0.86:
            local = f"{f}.{la}{rng.randint(1, 99)}"
        else:
            local = f"{f}{la}{rng.randint(60, 99)}"
        return f"{local}@{self.domains.pick(rng)}"

    def unique_email(self, email: str) -> str:
        while email in self.emails:
            local, domain = email.split("@")
            email = f"{local}{self.rng.randint(1, 9)}@{domain}"
        self.emails.add(email)
        return email

    def mobile(self) -> str:
        """A French mobile in E.164: +33 6 (not 63 9x or 69 other than 95, 98, 99) or +33 7 3 to 7 9."""
        rng = self.rng
        while True:
            if rng.random() < 0.85:
                number = f"+336{rng.choice('01245678')}{rng.randint(0, 9_999_999):07d}"
            else:
                number = f"+337{rng.choice('3456789')}{rng.randint(0, 9_999_999):07d}"
            # 06 12 34 ... is kept for the two contacts of the search journey (see plan_anchors).
            if number not in self.phones and not number.startswith("+3361234"):
                self.phones.add(number)
                return number

    def landline(self, prefix: str) -> str:
        while True:
            number = f"+33{prefix}{self.rng.randint(0, 999_999):06d}"
            if number not in self.phones:
                self.phones.add(number)
                return number

    def social_profiles(self, c: ContactPlan, first_name: str | None) -> dict[str, str]:
        rng = self.rng
        if rng.random() >= (0.3 if c.kind is ContactKind.COMPANY else 0.12):
            return {}
        if c.kind is ContactKind.COMPANY:
            slug = fold_ascii(c.label)[:30] or "entreprise"
            return {
                "linkedin": f"https://www.linkedin.com/company/{slug}",
                "website": f"https://www.{slug}.fr",
            }
        handle = f"{fold_ascii(first_name or '')}-{fold_ascii(c.last_name)}"
        profiles = {"linkedin": f"https://www.linkedin.com/in/{handle}-{rng.randint(10, 999)}"}
        if rng.random() < 0.5:
            profiles["facebook"] = f"https://www.facebook.com/{handle.replace('-', '.')}.{rng.randint(1, 99)}"
        return profiles

    def write_contacts(self) -> None:
        rng = self.rng
        contacts = self.contacts
        contact_rows: list[dict[str, Any]] = []
        consent_rows: list[dict[str, Any]] = []
        addresses: dict[int, tuple[str, str | None, str, str, str | None]] = {}
        preferred = Weighted(
            {
                Channel.EMAIL: 35,
                Channel.SMS: 20,
                Channel.PHONE: 30,
                Channel.POST: 3,
                Channel.VISIT: 2,
                None: 10,
            }
        )
        campaign_starts = [(cp.start, cp.id) for cp in self.campaigns if cp.start <= self.yesterday]
        for index, c in enumerate(contacts):
            if index % CHUNK == 0:
                self.step("Creating contacts", index / len(contacts))
            # Web and social leads come in at any hour, the others during opening hours.
            if c.source in (SourceChannel.WEBSITE, SourceChannel.SOCIAL):
                c.created_at = self.at(c.day, 7 * 3600 + int(rng.random() * 16 * 3600))
            else:
                c.created_at = self.work_moment(c.day)
            if c.source is SourceChannel.CAMPAIGN:
                k = bisect.bisect_right(campaign_starts, (c.day, 1 << 30)) - 1
                c.campaign_id = campaign_starts[k][1] if k >= 0 else None
            partner = contacts[c.partner - 1] if c.partner is not None else None
            row = self.company_row(c) if c.kind is ContactKind.COMPANY else self.person_row(c, partner)
            if partner is not None:
                street, line2, postal, city, c.landline = addresses[partner.id]
            else:
                postal, city, _, prefix = self.communes.pick(rng)
                street = (
                    f"{rng.randint(1, 180)}{' bis' if rng.random() < 0.04 else ''} {rng.choice(self.streets)}"
                )
                line2 = rng.choice(ADDRESS_LINE2) if rng.random() < 0.06 else None
                if rng.random() < (0.9 if c.kind is ContactKind.COMPANY else 0.3):
                    c.landline = self.landline(prefix)
            addresses[c.id] = (street, line2, postal, city, c.landline)
            job_title = rng.choice(JOB_TITLES[c.link_kind]) if c.link_kind is not None else None
            if job_title is None and c.kind is ContactKind.PERSON and rng.random() < 0.1:
                job_title = rng.choice(OTHER_JOB_TITLES)
            version = rng.choice(c.model.versions) if c.model is not None else None
            notes = None
            if rng.random() < 0.35:
                notes = rng.choice(CONTACT_NOTES)
                if rng.random() < 0.3:
                    notes += " " + rng.choice(CONTACT_NOTES)
            row.update(
                id=c.id,
                kind=c.kind,
                job_title=job_title,
                mobile=c.mobile,
                landline=c.landline,
                search_phones=phone_search_terms(c.mobile, c.landline),
                email=c.email,
                address_line1=street,
                address_line2=line2,
                postal_code=postal,
                city=city,
                country="FR",
                preferred_channel=preferred.pick(rng),
                source_channel=c.source,
                source_campaign_id=c.campaign_id,
                owner_id=c.owner_id,
                lifecycle=c.lifecycle,
                lost_reason=c.lost_reason,
                budget=Decimal(round(version[2] * rng.uniform(0.75, 1.1) / 500) * 500) if version else None,
                wanted_model=c.model.name if c.model is not None else None,
                wanted_body=c.model.body if c.model is not None else None,
                wanted_fuel=version[1] if version is not None else None,
                has_trade_in=c.has_trade_in,
                wants_financing=rng.random() < 0.55,
                notes=notes,
                social_profiles=self.social_profiles(c, row["first_name"]),
                last_contact_at=None,  # from the interactions, once they are written
                last_inbound_at=None,
                score=None,
                score_reasons=[],
                score_updated_at=None,
                erased_at=None,
                version=1,
                created_at=c.created_at,
                updated_at=c.created_at,
            )
            contact_rows.append(row)
            self.plan_consents(c, consent_rows)
            if len(contact_rows) >= CHUNK:
                self.insert(Contact, contact_rows)
                self.insert(Consent, consent_rows)  # after their contacts: foreign keys are enforced
                contact_rows, consent_rows = [], []
        self.insert(Contact, contact_rows)
        self.insert(Consent, consent_rows)
        links: list[dict[str, Any]] = []
        for c in contacts:
            target, kind = (c.partner, LinkKind.HOUSEHOLD) if c.partner else (c.company, c.link_kind)
            if target is not None and kind is not None:
                other = contacts[target - 1]
                links.append(
                    {
                        "id": len(links) + 1,
                        "from_contact_id": c.id,
                        "to_contact_id": target,
                        "kind": kind,
                        "created_at": max(c.created_at, other.created_at),
                    }
                )
        self.insert(ContactLink, links)

    def plan_consents(self, c: ContactPlan, rows: list[dict[str, Any]]) -> None:
        """A few channel and purpose consents, as collected when the contact came in; now and then one is
        withdrawn (or granted) later, which adds a row: the latest row per channel and purpose is in force."""
        rng = self.rng
        pairs = [
            (channel, purpose)
            for channel, purpose, chance in CONSENT_CHANCES
            if rng.random() < chance
            and not (channel is Channel.EMAIL and c.email is None)
            and not (channel is Channel.SMS and c.mobile is None)
        ]
        if len(pairs) < 2:
            pairs = [(Channel.PHONE, ConsentPurpose.PROSPECTING), (Channel.POST, ConsentPurpose.SERVICE)]
        day = fmt_day(c.day)
        proof, by = {
            SourceChannel.WEBSITE: (f"formulaire web du {day}", None),
            SourceChannel.SOCIAL: (f"formulaire Facebook Lead Ads du {day}", None),
            SourceChannel.PHONE: (f"accord oral lors de l'appel du {day} (enregistré)", c.owner_id),
            SourceChannel.REFERRAL: (f"accord oral lors de l'appel du {day} (enregistré)", c.owner_id),
            SourceChannel.EVENT: (f"bulletin rempli aux portes ouvertes du {day}", c.owner_id),
            SourceChannel.CAMPAIGN: (f"réponse à la campagne du {day}", None),
            SourceChannel.OTHER: ("import du fichier de leads constructeur", self.marketing),
            SourceChannel.WALK_IN: ("formulaire signé en concession", c.owner_id),
        }[c.source]
        recorded = c.created_at + dt.timedelta(seconds=rng.randint(30, 900))
        for channel, purpose in pairs:
            granted = rng.random() < GRANT_CHANCE[purpose]
            status = ConsentStatus.GRANTED if granted else ConsentStatus.REFUSED
            rows.append(self.consent_row(c, channel, purpose, status, recorded, proof, by))
            if c.day + 30 < self.yesterday and rng.random() < (0.08 if granted else 0.03):
                later = self.day_between(c.day + 30, self.yesterday)
                when = fmt_day(later)
                if granted:
                    change = ConsentStatus.WITHDRAWN
                    change_proof, change_by = WITHDRAWAL_PROOF[channel].format(day=when), None
                else:
                    change = ConsentStatus.GRANTED
                    change_proof, change_by = f"case cochée sur le bon de commande du {when}", c.owner_id
                at = self.work_moment(later)
                rows.append(self.consent_row(c, channel, purpose, change, at, change_proof, change_by))

    def consent_row(
        self,
        c: ContactPlan,
        channel: Channel,
        purpose: ConsentPurpose,
        status: ConsentStatus,
        at: dt.datetime,
        proof: str,
        by: int | None,
    ) -> dict[str, Any]:
        self.consent_id += 1
        return {
            "id": self.consent_id,
            "contact_id": c.id,
            "channel": channel,
            "purpose": purpose,
            "status": status,
            "recorded_at": at,
            "proof": proof,
            "recorded_by_id": by,
        }
