"""The demo's pipeline, sales and vehicles."""

from __future__ import annotations

import datetime as dt
from collections import deque
from decimal import Decimal

from dealercrm.demo.base import DemoBase
from dealercrm.demo.plan import (
    PLATE_LETTERS,
    SIV_SERIES_PER_YEAR,
    SIV_START,
    OppPlan,
    SalePlan,
    VehiclePlan,
    Weighted,
    make_vin,
    round_euros,
    to_date,
    to_money,
)
from dealercrm.demo.reference import COLORS, DEALERSHIP_BRANDS, USED_CAR_NOTES, CarModel
from dealercrm.models import Opportunity, Sale, Vehicle
from dealercrm.models.enums import (
    OPEN_STAGES,
    BodyType,
    ContactKind,
    Financing,
    SourceChannel,
    Stage,
    StockStatus,
    VehicleCondition,
)
from dealercrm.models.search_terms import compact_plate
from dealercrm.services.due_dates import add_months, financing_end_on
from dealercrm.services.sales import compute_margin


class Sales(DemoBase):
    """The pipeline, the sales and the vehicles (stock, sold, trade-ins, customer-owned)."""

    def plan_pipeline(self) -> None:
        """The instants of every deal, and the campaign behind the first deal of a campaign lead."""
        rng = self.rng
        for c in self.contacts:
            for n, opp in enumerate(c.opps):
                if n == 0 and c.source is SourceChannel.CAMPAIGN:
                    opp.campaign_id = c.campaign_id
                created = self.work_moment(opp.created_day)
                if created <= c.created_at:
                    created = c.created_at + dt.timedelta(minutes=rng.randint(5, 90))
                end = self.work_moment(opp.end_day)
                if end <= created:
                    end = created + dt.timedelta(minutes=rng.randint(30, 240))
                opp.created_at, opp.end_at = created, min(end, self.now - dt.timedelta(minutes=5))
                if opp.stage in OPEN_STAGES:
                    if opp.end_day >= self.today_ord - 45:
                        opp.expected_close = self.today_ord + rng.randint(5, 75)
                    else:  # a deal nobody has touched for a while: its expected date has passed
                        opp.expected_close = opp.end_day + rng.randint(20, 60)
                else:
                    opp.expected_close = opp.end_day + rng.randint(-10, 10)

    def price_new(self, base: int, day: int) -> int:
        """The list price on `day` (prices rose about 2.5 % a year), ending in 90 like a price list."""
        years_before = (self.today_ord - day) / 365.25
        return round_euros(base * (1 - 0.025 * years_before), 100) - 10

    @staticmethod
    def used_value(new_price: int, age_days: int, km: int) -> int:
        years = max(0.3, age_days / 365.25)
        return max(1500, round_euros(new_price * 0.8 * 0.88 ** (years - 1) - km * 0.02))

    def add_vehicle(
        self,
        model: CarModel,
        condition: VehicleCondition,
        status: StockStatus,
        *,
        created_day: int,
        registered: int | None,
        model_year: int | None = None,
    ) -> VehiclePlan:
        rng = self.rng
        year = model_year or dt.date.fromordinal(registered or created_day).year
        v = VehiclePlan(
            len(self.vehicles) + 1,
            model,
            rng.choice(model.versions),
            condition,
            status,
            year,
            created_day,
            created_day,
        )
        # Serial numbers: a bijection of the id modulo 10^6, so no two VINs are the same.
        v.vin = make_vin(rng, rng.choice(model.wmis), year, (v.id * 7919 + 104_729) % 1_000_000)
        v.color = rng.choice(COLORS)
        v.km_per_year = rng.randint(7, 26) * 1000
        if registered is not None:
            v.first_registration = registered
            v.plate = self.plate(registered)
        self.vehicles.append(v)
        return v

    def plate(self, registered: int) -> str:
        """A SIV plate "AB-123-CD" whose first letters roughly match the registration date."""
        rng = self.rng
        letters = PLATE_LETTERS
        series = int(max(0, registered - SIV_START) / 365.25 * SIV_SERIES_PER_YEAR)
        while True:
            index = max(0, series + rng.randint(-2, 2))
            first = letters[index // 23 % 23] + letters[index % 23]
            last = rng.choice(letters) + rng.choice(letters)
            plate = f"{first}-{rng.randint(1, 999):03d}-{last}"
            if first not in ("SS", "WW") and last != "SS" and plate not in self.plates:
                self.plates.add(plate)
                return plate

    def used_vehicle(self, model: CarModel, day: int, *, min_age: int, max_age: int) -> VehiclePlan:
        """A used car entering stock on `day`, first registered `min_age` to `max_age` years before."""
        rng = self.rng
        age_days = rng.randint(min_age * 365, max_age * 365)
        v = self.add_vehicle(
            model, VehicleCondition.USED, StockStatus.IN_STOCK, created_day=day, registered=day - age_days
        )
        v.mileage = max(500, int(v.km_per_year * age_days / 365 * rng.uniform(0.7, 1.2)))
        v.mileage_day = day
        v.in_stock_since = day
        v.notes = rng.choice(USED_CAR_NOTES)
        return v

    def stock_used_car(self, model: CarModel, day: int) -> VehiclePlan:
        """A used car bought at auction, priced to sell."""
        v = self.used_vehicle(model, day, min_age=1, max_age=7)
        value = self.used_value(
            self.price_new(v.version[2], day), day - (v.first_registration or day), v.mileage
        )
        v.purchase_cost = round_euros(value * self.rng.uniform(0.8, 0.88))
        v.list_price = round_euros(value * 1.08, 100) - 10
        return v

    def plan_sales_and_vehicles(self) -> None:
        """Every sale in date order: new cars, used cars (trade-ins first), financing, trade-ins; then
        today's stock, reservations for deals close to signing, and cars bought elsewhere."""
        rng = self.rng
        won = sorted((o for o in self.opps if o.stage is Stage.WON), key=lambda o: (o.end_day, o.id))
        trade_ins: deque[VehiclePlan] = deque()
        financings = list(Financing)
        private = Weighted(zip(financings, (30, 32, 30, 8), strict=True))
        fleet = Weighted(zip(financings, (15, 15, 20, 50), strict=True))
        months = {
            Financing.LOAN: (24, 36, 48, 60, 72, 84),
            Financing.LOA: (24, 36, 37, 48, 49),
            Financing.LLD: (24, 36, 48),
        }
        for k, opp in enumerate(won):
            c, day = opp.contact, opp.end_day
            company = c.kind is ContactKind.COMPANY
            while trade_ins and (trade_ins[0].in_stock_since or 0) < day - 150:
                self.sell_to_trader(trade_ins.popleft())
            if rng.random() < (0.8 if company else 0.6):
                v, price, cost = self.new_car_sale(opp, day)
            else:
                if trade_ins and (trade_ins[0].in_stock_since or day) <= day - 7 and rng.random() < 0.7:
                    v = trade_ins.popleft()
                else:
                    v = self.stock_used_car(opp.model, day - rng.randint(10, 90))
                assert v.list_price is not None and v.purchase_cost is not None
                price = round_euros(v.list_price * (1 - rng.uniform(0, 0.04)))
                cost = v.purchase_cost + rng.randint(30, 150) * 10
                v.delivery_day = day + rng.randint(2, 10)
                v.mileage += int(v.km_per_year * (day - v.mileage_day) / 365 * 0.05)  # a few test drives
                v.mileage_day = day
            v.status = StockStatus.CUSTOMER_OWNED
            v.owner = c
            v.owned_since = day
            v.updated_day = min(self.yesterday, max(day, v.delivery_day or day))
            opp.model, opp.vehicle, opp.amount = v.model, v, price
            sale = SalePlan(len(self.sales) + 1, c, day, opp, v, price, cost)
            sale.financing = (
                financings[k] if k < len(financings) else (fleet if company else private).pick(rng)
            )
            if sale.financing is not Financing.CASH:
                sale.months = rng.choice(months[sale.financing])
            if rng.random() < (0.6 if c.has_trade_in else 0.06):
                sale.trade_in = self.trade_in(day)
                trade_ins.append(sale.trade_in)
            c.sales.append(sale)
            c.vehicles.append(v)
            self.sales.append(sale)
        for old in trade_ins:
            if (old.in_stock_since or 0) < self.today_ord - 150:
                self.sell_to_trader(old)
        # Today's stock: new cars waiting for a buyer, used cars bought at auction.
        for _ in range(max(15, self.n // 40)):
            since = self.today_ord - 1 - int(rng.random() ** 1.5 * 240)
            v = self.add_vehicle(
                self.new_model.pick(rng),
                VehicleCondition.NEW,
                StockStatus.IN_STOCK,
                created_day=since,
                registered=None,
                model_year=dt.date.fromordinal(since).year,
            )
            v.in_stock_since = since
            v.list_price = self.price_new(v.version[2], since) + rng.choice((0, 500, 900, 1500))
            v.purchase_cost = round_euros(v.list_price * rng.uniform(0.83, 0.88))
            v.mileage, v.mileage_day = rng.randint(5, 40), since
        for _ in range(max(10, self.n // 70)):
            self.stock_used_car(self.any_model.pick(rng), self.today_ord - 1 - int(rng.random() ** 1.5 * 150))
        # Deals at the offer or negotiation stage often hold a car from stock.
        stock: dict[str, list[VehiclePlan]] = {}
        for v in self.vehicles:
            if v.status is StockStatus.IN_STOCK:
                stock.setdefault(v.model.name, []).append(v)
        self.demo_cars = {name: cars[0] for name, cars in stock.items()}
        closing = [opp for opp in self.opps if opp.stage in (Stage.OFFER, Stage.NEGOTIATION)]
        for k, opp in enumerate(closing):
            cars = stock.get(opp.model.name)
            if k == 0 and not cars:  # at least one reservation, even in a tiny demo
                cars = next((cars for cars in stock.values() if cars), None)
            if cars and (k == 0 or rng.random() < 0.3):
                v = cars.pop()
                v.status, v.reserved_for, opp.vehicle, opp.model = StockStatus.RESERVED, opp.id, v, v.model
                v.updated_day = max(v.updated_day, opp.end_day)
        # Cars bought elsewhere that our workshop looks after.
        for c in self.contacts:
            if c.kind is ContactKind.PERSON and not c.sales and rng.random() < 0.06:
                v = self.used_vehicle(self.any_model.pick(rng), c.day, min_age=2, max_age=12)
                v.status, v.in_stock_since, v.notes = StockStatus.CUSTOMER_OWNED, None, None
                v.owner, v.owned_since = c, c.day
                c.vehicles.append(v)

    def new_car_sale(self, opp: OppPlan, day: int) -> tuple[VehiclePlan, int, int]:
        """A new car ordered or taken from stock for `opp`: the vehicle, the price and the cost."""
        rng = self.rng
        model = opp.model
        if not model.current or model.make not in DEALERSHIP_BRANDS:
            model = self.new_model.pick(rng)
        v = self.add_vehicle(
            model,
            VehicleCondition.NEW,
            StockStatus.CUSTOMER_OWNED,
            created_day=day - rng.randint(5, 90),
            registered=None,
            model_year=dt.date.fromordinal(day).year,
        )
        list_price = self.price_new(v.version[2], day) + rng.choice((0, 0, 500, 900, 1500, 2400))
        v.in_stock_since = v.created_day
        v.list_price = list_price
        v.purchase_cost = round_euros(list_price * rng.uniform(0.83, 0.88))
        price = round_euros(list_price * (1 - rng.uniform(0.02, 0.1)))
        cost = v.purchase_cost + rng.randint(15, 45) * 10
        # Registered and handed over a few days to weeks later: the latest sales are not delivered yet.
        v.delivery_day = day + rng.randint(3, 25)
        if v.delivery_day < self.today_ord:
            v.first_registration = v.delivery_day
            v.plate = self.plate(v.delivery_day)
        v.mileage, v.mileage_day = rng.randint(5, 60), min(v.delivery_day, self.yesterday)
        return v, price, cost

    def trade_in(self, day: int) -> VehiclePlan:
        """The customer's old car, taken in part-exchange: it enters the used-car stock."""
        rng = self.rng
        v = self.used_vehicle(self.any_model.pick(rng), day, min_age=3, max_age=12)
        registered = v.first_registration or day
        value = self.used_value(self.price_new(v.version[2], registered), day - registered, v.mileage)
        v.purchase_cost = round_euros(value * rng.uniform(0.85, 0.95), 100)  # what the customer gets for it
        v.list_price = round_euros(value * 1.15 + 500, 100) - 10
        return v

    @staticmethod
    def sell_to_trader(v: VehiclePlan) -> None:
        """A trade-in still unsold after five months goes to a trader: sold, to no contact of ours."""
        v.status = StockStatus.SOLD
        v.updated_day = (v.in_stock_since or v.created_day) + 150

    def write_vehicles(self) -> None:
        rows = []
        for v in self.vehicles:
            created = self.work_moment(v.created_day)
            updated = self.work_moment(v.updated_day) if v.updated_day > v.created_day else created
            v.updated_at = max(created, updated)
            rows.append(
                {
                    "id": v.id,
                    "vin": v.vin,
                    "plate": v.plate,
                    "plate_compact": compact_plate(v.plate),
                    "make": v.model.make,
                    "model": v.model.model,
                    "version": v.version[0],
                    "body": v.model.body,
                    "fuel": v.version[1],
                    "color": v.color,
                    "first_registration_on": to_date(v.first_registration),
                    "mileage_km": v.mileage,
                    "condition": v.condition,
                    "stock_status": v.status,
                    "in_stock_since": to_date(v.in_stock_since),
                    "purchase_cost": to_money(v.purchase_cost),
                    "list_price": to_money(v.list_price),
                    "condition_notes": v.notes,
                    "owner_contact_id": v.owner.id if v.owner is not None else None,
                    "reserved_for_opportunity_id": None,  # set once the opportunities exist
                    "lock_version": 1,
                    "created_at": created,
                    "updated_at": v.updated_at,
                }
            )
        self.insert(Vehicle, rows)

    def opp_title(self, opp: OppPlan) -> str:
        c = opp.contact
        if c.kind is ContactKind.COMPANY:
            prefix = (
                "Flotte :" if opp.model.body is BodyType.VAN or opp.id % 3 == 0 else "Véhicule de fonction :"
            )
        else:
            prefix = ("Projet", "Achat", "Renouvellement", "Remplacement")[opp.id % 4]
        return f"{prefix} {opp.model.name} — {c.label}"[:160]

    def write_pipeline(self) -> None:
        rng = self.rng
        rows = []
        for opp in self.opps:
            c = opp.contact
            if opp.amount is None and opp.reached >= 2:  # qualified deals carry an estimate
                opp.amount = self.price_new(rng.choice(opp.model.versions)[2], opp.created_day)
            closed = opp.stage in (Stage.WON, Stage.LOST)
            source = (
                c.source
                if opp is c.opps[0]
                else rng.choice((c.source, SourceChannel.PHONE, SourceChannel.WALK_IN))
            )
            rows.append(
                {
                    "id": opp.id,
                    "contact_id": c.id,
                    "owner_id": c.owner_id,
                    "title": self.opp_title(opp),
                    "vehicle_id": opp.vehicle.id if opp.vehicle is not None else None,
                    "wanted_model": opp.model.name,
                    "stage": opp.stage,
                    "stage_changed_at": opp.created_at if opp.stage is Stage.NEW_LEAD else opp.end_at,
                    "amount": to_money(opp.amount),
                    "expected_close_on": dt.date.fromordinal(opp.expected_close),
                    "closed_at": opp.end_at if closed else None,
                    "lost_reason": opp.lost_reason,
                    "source_channel": source,
                    "campaign_id": opp.campaign_id,
                    "lock_version": 1 + opp.reached + closed,
                    "created_at": opp.created_at,
                    "updated_at": opp.end_at,
                }
            )
        self.insert(Opportunity, rows)
        reserved = [
            {"b_id": v.id, "b_opp": v.reserved_for, "b_updated": v.updated_at}
            for v in self.vehicles
            if v.reserved_for is not None
        ]
        self.update_by_id(Vehicle, reserved, reserved_for_opportunity_id="b_opp", updated_at="b_updated")
        warranty_years = {"Dacia": 3, "Toyota": 3, "Tesla": 4}
        sales = []
        for s in self.sales:
            v = s.vehicle
            sold_on = dt.date.fromordinal(s.day)
            warranty = (
                12 if v.condition is VehicleCondition.USED else 12 * warranty_years.get(v.model.make, 2)
            )
            sales.append(
                {
                    "id": s.id,
                    "contact_id": s.contact.id,
                    "vehicle_id": v.id,
                    "salesperson_id": s.contact.owner_id,
                    "sold_on": sold_on,
                    "price": Decimal(s.price),
                    "cost": Decimal(s.cost),
                    "margin": compute_margin(Decimal(s.price), Decimal(s.cost)),
                    "financing": s.financing,
                    "financing_months": s.months,
                    "financing_end_on": financing_end_on(sold_on, s.financing, s.months),
                    "warranty_end_on": add_months(sold_on, warranty),
                    "trade_in_vehicle_id": s.trade_in.id if s.trade_in is not None else None,
                    "trade_in_value": to_money(s.trade_in.purchase_cost if s.trade_in is not None else None),
                    "opportunity_id": s.opp.id,
                    "campaign_id": s.opp.campaign_id,
                    "created_at": s.opp.end_at,
                }
            )
        self.insert(Sale, sales)
