"""The synthetic demo dealership: three years of a believable French car dealership, for demos,
screenshots, manual testing and the benchmarks.

`generate_demo()` fills an EMPTY database: users (the DEMO_ACCOUNTS, password DEMO_PASSWORD), dealership
settings, contacts with their consents and links, vehicles (stock, sold, customer-owned), the pipeline,
sales, workshop visits, claims, campaigns, tasks, interactions, marketing spend, objectives and segments.

Design:
- Everything derives from `seed` and `today`: one `random.Random(seed)` and one seeded Faker("fr_FR")
  (used only to fill pools of names up front), and instants computed from `today`, never from the
  clock. The same seed and day give byte-identical tables.
- Speed (100k contacts, about two million rows, in well under two minutes): rows are written with Core
  bulk inserts in chunks, with ids assigned here so that rows link without reading anything back.
  ORM events are bypassed on purpose, so the derived columns (`search_phones`, `plate_compact`) and
  every timestamp are set explicitly, and the audit log is not written (the demo is not anyone's work).
- One transaction for the whole dealership: cancelling (Progress raises Cancelled) or failing leaves
  the database as empty as it was.
- "Now" for the demo is `today` at 08:00 in the dealership's time zone: the past (interactions, sales,
  closed claims) lies before it, the agenda (today's tasks, appointments) after it.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import hashlib
import random
import time
import unicodedata
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session, sessionmaker
from stdnum import luhn

from dealercrm.db import bulk
from dealercrm.db.postgres import reset_sequences
from dealercrm.models import (
    BloctelEntry,
    Campaign,
    CampaignCostLine,
    CampaignTarget,
    Claim,
    ClaimEvent,
    Consent,
    Contact,
    ContactLink,
    Interaction,
    MarketingSpend,
    Objective,
    Opportunity,
    Sale,
    Segment,
    ServiceVisit,
    Setting,
    SuppressionEntry,
    Task,
    User,
    Vehicle,
)
from dealercrm.models.base import Base
from dealercrm.models.enums import (
    OPEN_STAGES,
    BodyType,
    CallOutcome,
    CampaignKind,
    CampaignObjective,
    CampaignStatus,
    Channel,
    Civility,
    ClaimCategory,
    ClaimStatus,
    ConsentPurpose,
    ConsentStatus,
    ContactKind,
    Direction,
    Financing,
    Fuel,
    InteractionType,
    Lifecycle,
    LinkKind,
    ObjectiveMetric,
    Role,
    ServiceKind,
    Severity,
    SourceChannel,
    SpendChannel,
    Stage,
    StockStatus,
    TargetStatus,
    TaskKind,
    VehicleCondition,
)
from dealercrm.models.search_terms import compact_plate, phone_search_terms
from dealercrm.services.auth import hash_password
from dealercrm.services.compliance import LawSettings, load_law
from dealercrm.services.demo_accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from dealercrm.services.errors import ServiceError
from dealercrm.services.progress import Progress
from dealercrm.services.scoring import refresh_scores
from dealercrm.services.settings import SETTINGS, coerce
from dealercrm.services.vehicle_ids import vin_check_digit
from dealercrm.services.working_hours import add_working_hours

if TYPE_CHECKING:
    from faker import Faker


@dataclass(frozen=True)
class DemoSummary:
    """How many rows of each kind the demo wrote, and how long it took."""

    users: int
    contacts: int
    companies: int
    interactions: int
    tasks: int
    opportunities: int
    vehicles: int
    sales: int
    service_visits: int
    claims: int
    campaigns: int
    campaign_targets: int
    consents: int
    seconds: float


class DemoError(ServiceError):
    """The demo cannot be generated here (the database is not empty)."""


def generate_demo(
    session_factory: sessionmaker[Session],
    *,
    contacts: int = 3000,
    seed: int = 42,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    """Fill an empty database with a synthetic French dealership of about `contacts` contacts over the
    three years up to `today` (default: the current date).

    The same `seed` and `today` always give the same data. Raises DemoError when the database already
    holds users or contacts, and Cancelled (from `progress`) when the user stops it; either way nothing
    is written.
    """
    if contacts < 1:
        raise DemoError("The demo needs at least one contact.")
    started = time.perf_counter()
    with session_factory.begin() as session:
        users = session.scalar(select(func.count()).select_from(User)) or 0
        existing = session.scalar(select(func.count()).select_from(Contact)) or 0
        if users or existing:
            raise DemoError(
                f"This database already holds {users} user(s) and {existing} contact(s): demo data only "
                "goes into an empty database. Create a new database for the demo."
            )
        builder = _DemoBuilder(
            session,
            contacts=contacts,
            seed=seed,
            today=today or dt.date.today(),
            progress=progress or Progress(),
        )
        counts = builder.build()
        # Rows went in with explicit ids: PostgreSQL's sequences must move past them (no-op on SQLite).
        reset_sequences(session.connection())
    return DemoSummary(**counts, seconds=round(time.perf_counter() - started, 3))


# --- Reference data -------------------------------------------------------------------------------

DEALERSHIP_NAME = "Garage des Tilleuls Automobiles"
DEALERSHIP_DOMAIN = "garage-des-tilleuls.fr"
DEALERSHIP_BRANDS = ("Renault", "Dacia", "Peugeot", "Citroën")


@dataclass(frozen=True)
class _Model:
    make: str
    model: str
    body: BodyType
    wmis: tuple[str, ...]
    weight: int
    versions: tuple[tuple[str, Fuel, int], ...]  # label, fuel, price new in euros (today)
    current: bool = True  # still sold new

    @property
    def name(self) -> str:
        return f"{self.make} {self.model}"


# The reference tables below are laid out by hand: the formatter leaves them alone.
# fmt: off
_P, _D, _H, _PH, _E, _L = Fuel.PETROL, Fuel.DIESEL, Fuel.HYBRID, Fuel.PLUGIN_HYBRID, Fuel.ELECTRIC, Fuel.LPG
_B = BodyType

CATALOG: tuple[_Model, ...] = (
    _Model("Renault", "Clio", _B.CITY, ("VF1",), 10, (
        ("TCe 90 Evolution", _P, 19900), ("E-Tech full hybrid 145 Techno", _H, 25400),
        ("ECO-G 100 Esprit Alpine", _L, 23900), ("Blue dCi 100 Evolution", _D, 22500))),
    _Model("Renault", "Captur", _B.SUV, ("VF1",), 9, (
        ("TCe 90 Evolution", _P, 23900), ("mild hybrid 160 Techno", _P, 28900),
        ("E-Tech full hybrid 145 Iconic", _H, 31900), ("E-Tech plug-in 160 Techno", _PH, 34000))),
    _Model("Renault", "Mégane", _B.HATCHBACK, ("VF1",), 4, (
        ("TCe 140 Techno", _P, 29500), ("Blue dCi 115 Evolution", _D, 30500)), current=False),
    _Model("Renault", "Mégane Estate", _B.ESTATE, ("VF1",), 2, (
        ("Blue dCi 115 Business", _D, 31500), ("E-Tech plug-in 160 R.S. Line", _PH, 39900)), current=False),
    _Model("Renault", "Mégane E-Tech", _B.HATCHBACK, ("VF1",), 3, (
        ("EV60 220 ch optimum charge Techno", _E, 42000), ("EV60 220 ch Iconic", _E, 44500))),
    _Model("Renault", "Austral", _B.SUV, ("VF1",), 6, (
        ("mild hybrid 130 Evolution", _P, 33900), ("mild hybrid advanced 130 Techno", _P, 36900),
        ("E-Tech full hybrid 200 Iconic", _H, 43900))),
    _Model("Renault", "Arkana", _B.COUPE, ("VF1",), 3, (
        ("E-Tech full hybrid 145 Techno", _H, 35400), ("mild hybrid 140 Evolution", _P, 31900))),
    _Model("Renault", "Scénic E-Tech", _B.MPV, ("VF1",), 2, (
        ("Electric 220 ch grande autonomie Iconic", _E, 46000),)),
    _Model("Renault", "Kangoo Van", _B.VAN, ("VF1",), 3, (
        ("Blue dCi 95 Grand Confort", _D, 26900), ("E-Tech electric 122 Extra", _E, 38900))),
    _Model("Renault", "Zoe", _B.CITY, ("VF1",), 2, (("R135 Zen", _E, 33000),), current=False),
    _Model("Peugeot", "208", _B.CITY, ("VF3",), 10, (
        ("PureTech 75 Like", _P, 18500), ("PureTech 100 Allure", _P, 23200),
        ("BlueHDi 100 Active", _D, 23900), ("e-208 156 ch GT", _E, 37000),
        ("Hybrid 100 e-DCS6 Allure", _H, 26500))),
    _Model("Peugeot", "2008", _B.SUV, ("VF3",), 8, (
        ("PureTech 130 Allure", _P, 29900), ("Hybrid 136 e-DCS6 GT", _H, 33500),
        ("e-2008 156 ch Allure", _E, 38900), ("BlueHDi 130 EAT8 GT", _D, 33000))),
    _Model("Peugeot", "308", _B.HATCHBACK, ("VF3",), 6, (
        ("PureTech 130 EAT8 Allure", _P, 32000), ("Hybrid 180 e-EAT8 GT", _PH, 42000),
        ("BlueHDi 130 EAT8 Allure Pack", _D, 34500))),
    _Model("Peugeot", "308 SW", _B.ESTATE, ("VF3",), 3, (
        ("Hybrid 136 e-DCS6 Allure", _H, 35500), ("BlueHDi 130 EAT8 GT", _D, 37000))),
    _Model("Peugeot", "408", _B.COUPE, ("VF3",), 2, (("Hybrid 136 e-DCS6 Allure", _H, 37000),)),
    _Model("Peugeot", "3008", _B.SUV, ("VF3",), 7, (
        ("Hybrid 136 e-DCS6 Allure", _H, 41000), ("Plug-in Hybrid 195 e-DCS7 GT", _PH, 48500),
        ("e-3008 210 ch GT", _E, 46000))),
    _Model("Peugeot", "5008", _B.SUV, ("VF3",), 3, (("Hybrid 136 e-DCS6 Allure 7 places", _H, 43500),)),
    _Model("Peugeot", "Partner", _B.VAN, ("VF3",), 2, (("Standard BlueHDi 100 Asphalt", _D, 25000),)),
    _Model("Peugeot", "Rifter", _B.MPV, ("VF3",), 2, (("BlueHDi 100 Allure", _D, 29000),)),
    _Model("Citroën", "C3", _B.CITY, ("VF7",), 8, (
        ("PureTech 83 Feel", _P, 17900), ("Turbo 100 Plus", _P, 19900), ("ë-C3 113 ch You", _E, 23300),
        ("BlueHDi 100 Shine", _D, 21500))),
    _Model("Citroën", "C3 Aircross", _B.SUV, ("VF7",), 4, (
        ("PureTech 110 Plus", _P, 23000), ("Hybrid 136 e-DCS6 Max", _H, 28500))),
    _Model("Citroën", "C4", _B.HATCHBACK, ("VF7",), 3, (
        ("PureTech 130 EAT8 Shine", _P, 29500), ("ë-C4 136 ch Feel Pack", _E, 35500))),
    _Model("Citroën", "C5 Aircross", _B.SUV, ("VF7",), 5, (
        ("PureTech 130 EAT8 Feel Pack", _P, 34500), ("Hybrid rechargeable 225 ë-EAT8 Shine", _PH, 44500),
        ("BlueHDi 130 EAT8 Shine", _D, 37000))),
    _Model("Citroën", "C5 X", _B.SEDAN, ("VF7",), 1, (("Hybrid 180 ë-EAT8 Shine", _PH, 43000),)),
    _Model("Citroën", "Berlingo", _B.MPV, ("VF7",), 3, (
        ("BlueHDi 100 Feel M", _D, 28500), ("ë-Berlingo 136 ch Plus M", _E, 36000))),
    _Model("Dacia", "Sandero", _B.CITY, ("UU1",), 10, (
        ("SCe 65 Essential", _P, 12900), ("TCe 90 Expression", _P, 15400),
        ("Stepway ECO-G 100 Extreme", _L, 18400), ("Stepway TCe 110 Journey", _P, 19200))),
    _Model("Dacia", "Duster", _B.SUV, ("UU1",), 7, (
        ("TCe 130 Journey", _P, 22900), ("ECO-G 100 Expression", _L, 21400),
        ("Hybrid 140 Extreme", _H, 26900), ("Blue dCi 115 4x4 Prestige", _D, 24000))),
    _Model("Dacia", "Jogger", _B.MPV, ("UU1",), 4, (
        ("ECO-G 100 Expression 7 places", _L, 20900), ("Hybrid 140 Extreme 7 places", _H, 27000))),
    _Model("Dacia", "Spring", _B.CITY, ("UU1",), 3, (("Electric 65 Extreme", _E, 18900),)),
    _Model("Toyota", "Yaris", _B.CITY, ("VNK",), 6, (
        ("Hybride 116h Design", _H, 24900), ("1.5 VVT-i 125 Dynamic", _P, 21900))),
    _Model("Toyota", "Yaris Cross", _B.SUV, ("VNK",), 5, (
        ("Hybride 116h Design", _H, 29900), ("Hybride 130h GR Sport", _H, 34500))),
    _Model("Toyota", "C-HR", _B.SUV, ("JTD", "NMT"), 4, (
        ("Hybride 140h Design", _H, 36000), ("Hybride rechargeable 220h GR Sport", _PH, 47000))),
    _Model("Toyota", "Corolla Touring Sports", _B.ESTATE, ("JTD", "SB1"), 3, (
        ("Hybride 140h Design", _H, 34500),)),
    _Model("Toyota", "Hilux", _B.PICKUP, ("AHT",), 1, (
        ("2.8 D-4D 204 Double Cabine Invincible", _D, 52000),)),
    _Model("Volkswagen", "Polo", _B.CITY, ("WVW",), 4, (("1.0 TSI 95 Life", _P, 22500),)),
    _Model("Volkswagen", "Golf", _B.HATCHBACK, ("WVW",), 6, (
        ("1.5 eTSI 150 DSG7 Style", _P, 38000), ("2.0 TDI 115 Life", _D, 34500),
        ("1.5 eHybrid 204 DSG6 GTE", _PH, 46000))),
    _Model("Volkswagen", "T-Roc", _B.SUV, ("WVG",), 5, (
        ("1.0 TSI 115 Life", _P, 29000), ("1.5 TSI 150 DSG7 R-Line", _P, 37500))),
    _Model("Volkswagen", "T-Roc Cabriolet", _B.CONVERTIBLE, ("WVW",), 1, (
        ("1.5 TSI 150 DSG7 R-Line", _P, 40000),)),
    _Model("Volkswagen", "Tiguan", _B.SUV, ("WVG",), 3, (("1.5 eTSI 150 DSG7 Life Plus", _P, 43000),)),
    _Model("Volkswagen", "ID.3", _B.HATCHBACK, ("WVW",), 2, (("Pro 58 kWh 204 ch", _E, 40000),)),
    _Model("Tesla", "Model 3", _B.SEDAN, ("5YJ", "LRW"), 3, (
        ("Propulsion", _E, 40000), ("Grande Autonomie Transmission intégrale", _E, 50000))),
    _Model("Tesla", "Model Y", _B.SUV, ("XP7", "5YJ"), 3, (
        ("Propulsion", _E, 45000), ("Grande Autonomie", _E, 52000))),
)

COLORS = (
    "Blanc Glacier", "Blanc Nacré", "Gris Titanium", "Gris Platine", "Gris Artense", "Noir Étoilé",
    "Noir Perla Nera", "Rouge Flamme", "Rouge Elixir", "Bleu Iron", "Bleu Vertigo", "Bleu Cosmos",
    "Orange Valencia", "Vert Kaki", "Beige Dune",
)

# Communes around the dealership (Saint-Jean-de-Braye, by Orléans): postal code, city, weight, and the
# landline prefix (the national number without its last six digits).
COMMUNES: tuple[tuple[str, str, int, str], ...] = (
    ("45000", "Orléans", 40, "238"), ("45100", "Orléans", 22, "238"),
    ("45800", "Saint-Jean-de-Braye", 18, "238"), ("45400", "Fleury-les-Aubrais", 14, "238"),
    ("45140", "Saint-Jean-de-la-Ruelle", 12, "238"), ("45160", "Olivet", 15, "238"),
    ("45770", "Saran", 10, "238"), ("45140", "Ingré", 6, "238"),
    ("45380", "La Chapelle-Saint-Mesmin", 7, "238"), ("45430", "Chécy", 7, "238"),
    ("45650", "Saint-Jean-le-Blanc", 7, "238"), ("45560", "Saint-Denis-en-Val", 6, "238"),
    ("45750", "Saint-Pryvé-Saint-Mesmin", 5, "238"), ("45400", "Semoy", 3, "238"),
    ("45760", "Boigny-sur-Bionne", 2, "238"), ("45760", "Marigny-les-Usages", 2, "238"),
    ("45430", "Mardié", 3, "238"), ("45150", "Jargeau", 4, "238"),
    ("45110", "Châteauneuf-sur-Loire", 6, "238"), ("45130", "Meung-sur-Loire", 5, "238"),
    ("45190", "Beaugency", 6, "238"), ("45300", "Pithiviers", 7, "238"),
    ("45200", "Montargis", 8, "238"), ("45500", "Gien", 7, "238"),
    ("45410", "Artenay", 2, "238"), ("45520", "Chevilly", 2, "238"),
    ("45170", "Neuville-aux-Bois", 3, "238"), ("45240", "La Ferté-Saint-Aubin", 5, "238"),
    ("45590", "Saint-Cyr-en-Val", 3, "238"), ("45600", "Sully-sur-Loire", 4, "238"),
    ("45140", "Ormes", 3, "238"), ("45120", "Châlette-sur-Loing", 3, "238"),
    ("41000", "Blois", 5, "254"), ("37000", "Tours", 3, "247"),
    ("28000", "Chartres", 2, "237"), ("75015", "Paris", 2, "145"),
    ("91150", "Étampes", 1, "164"), ("18000", "Bourges", 1, "248"),
)

STREETS = (
    "rue de la République", "avenue de Paris", "rue Bannier", "rue des Lilas", "rue du Faubourg Bourgogne",
    "avenue Jean Zay", "rue Jeanne d'Arc", "boulevard Alexandre Martin", "rue de la Gare", "rue Nationale",
    "allée des Tilleuls", "rue des Écoles", "chemin des Vignes", "rue Victor Hugo", "rue Pasteur",
    "avenue de la Libération", "rue du Moulin", "impasse des Acacias", "route de Sandillon",
    "rue de Bourgogne", "rue du Général de Gaulle", "place du Martroi", "rue Jules Ferry",
    "rue de la Fontaine", "rue des Peupliers",
)
ADDRESS_LINE2 = (
    "Appartement 12", "Bâtiment B", "Résidence les Acacias", "Escalier C, 3e étage", "Lieu-dit la Motte",
    "Résidence du Parc", "Apt 4",
)
EMAIL_DOMAINS = (
    ("gmail.com", 30), ("orange.fr", 16), ("hotmail.fr", 10), ("free.fr", 9), ("laposte.net", 5),
    ("sfr.fr", 5), ("wanadoo.fr", 5), ("yahoo.fr", 5), ("outlook.fr", 5), ("icloud.com", 4),
    ("live.fr", 3), ("bbox.fr", 3),
)
COMPANY_PATTERNS = (
    "Transports {n}", "Boulangerie {n}", "{n} et Fils", "Cabinet {n}", "{n} Bâtiment", "Ambulances {n}",
    "Plomberie {n}", "{n} Services", "Électricité {n}", "Taxi {n}", "{n} Paysages", "Menuiserie {n}",
    "Pharmacie {n}", "Agence {n} Immobilier", "Cabinet infirmier {n}", "{n} Conseil", "SARL {n}",
    "Maçonnerie {n}", "{n} Nettoyage", "Couverture {n}", "Auto-école {n}", "{n} Traiteur",
)
COMPANY_FIXED = (
    "Loiret Logistique", "Val de Loire Nettoyage", "Orléans Métropole Services", "Sologne Bois",
    "Les Jardins de Loire", "Centre Froid Industrie", "Beauce Agri Services", "Loire Énergies",
)
JOB_TITLES = {
    LinkKind.EMPLOYEE: (
        "Commercial", "Technicien", "Assistante de direction", "Conducteur de travaux", "Infirmière",
        "Chef d'équipe", "Comptable",
    ),
    LinkKind.FLEET_MANAGER: (
        "Gérant", "Gérante", "Responsable flotte", "Directeur administratif et financier", "Office manager",
        "Responsable des achats", "Directrice des ressources humaines",
    ),
}
OTHER_JOB_TITLES = (
    "Enseignant", "Infirmière", "Artisan", "Cadre commercial", "Retraité", "Agricultrice", "Ingénieur",
    "Aide-soignante", "Chauffeur-livreur",
)
CONTACT_NOTES = (
    "Cherche un véhicule familial, deux enfants en bas âge.",
    "Rappeler après les vacances scolaires.",
    "Souhaite faire reprendre son véhicule actuel.",
    "Client fidèle, a déjà acheté deux véhicules chez nous.",
    "Préfère être contacté en fin de journée.",
    "Fait environ 25 000 km par an, surtout sur autoroute.",
    "Hésite entre hybride et électrique : a une place de parking avec prise.",
    "Budget serré, intéressé par l'occasion récente.",
    "Attend la prime à la conversion avant de se décider.",
    "Compare avec une offre d'un concurrent à Olivet.",
    "Souhaite une LOA avec entretien inclus.",
    "Véhicule de fonction, décision validée par la direction.",
    "Conjoint présent au rendez-vous, décision à deux.",
    "Très attaché(e) à la couleur, attendre un arrivage.",
)
LOST_REASONS = (
    "Prix trop élevé", "A acheté chez un concurrent", "Projet reporté", "Financement refusé",
    "Ne répond plus", "Délai de livraison trop long", "Valeur de reprise jugée insuffisante",
    "A choisi une autre marque",
)
INACTIVE_REASONS = ("A déménagé hors de la région", "Plus de réponse depuis 18 mois")
USED_CAR_NOTES = (
    "Carnet d'entretien complet, deux clés.", "Petites rayures sur le pare-chocs arrière.",
    "Pneus neufs, entretien à jour.", "Première main, non fumeur.", "Jantes légèrement frottées.", None,
)

# Per category: what customers complain about ({m}: the model), and how it was settled.
CLAIM_TEXTS: dict[ClaimCategory, tuple[tuple[str, ...], tuple[str, ...]]] = {
    ClaimCategory.MECHANICAL: (
        (
            "Bruit anormal au freinage sur {m}.",
            "Voyant moteur allumé trois semaines après l'entretien.",
            "Perte de puissance intermittente sur {m}.",
            "Fuite d'huile constatée sous le véhicule.",
            "La boîte automatique passe mal les rapports.",
        ),
        (
            "Plaquettes et disques remplacés sous garantie.",
            "Capteur défectueux remplacé, voyant éteint.",
            "Joint de carter changé, fuite réparée.",
            "Mise à jour du calculateur de boîte effectuée.",
        ),
    ),
    ClaimCategory.BODYWORK: (
        (
            "Rayure sur la portière arrière constatée à la livraison.",
            "Bosse sur le hayon après passage à l'atelier.",
            "Défaut de peinture sur le pare-chocs avant.",
            "Joint de pare-brise décollé.",
        ),
        ("Retouche peinture offerte.", "Débosselage sans peinture réalisé.", "Joint remplacé sous garantie."),
    ),
    ClaimCategory.ELECTRICAL: (
        (
            "L'écran multimédia redémarre tout seul.",
            "Batterie 12 V à plat à plusieurs reprises.",
            "Caméra de recul hors service.",
            "Recharge impossible sur borne rapide.",
            "Connexion Android Auto instable sur {m}.",
        ),
        (
            "Mise à jour logicielle effectuée, problème résolu.",
            "Batterie remplacée sous garantie.",
            "Faisceau de la caméra rebranché.",
            "Module de recharge remplacé par le constructeur.",
        ),
    ),
    ClaimCategory.DELIVERY: (
        (
            "Livraison décalée de trois semaines sans prévenir.",
            "Plein non fait à la livraison.",
            "Tapis de sol promis non fournis.",
            "Carte grise toujours pas reçue un mois après la livraison.",
        ),
        (
            "Tapis livrés et plein offert.",
            "Carte grise reçue et remise au client.",
            "Excuses présentées, entretien offert.",
        ),
    ),
    ClaimCategory.BILLING: (
        (
            "Facture d'entretien supérieure au devis.",
            "Double prélèvement de l'acompte.",
            "Frais de mise à la route non annoncés.",
            "Remise promise absente de la facture.",
        ),
        (
            "Avoir émis pour la différence.",
            "Remboursement du double prélèvement effectué.",
            "Facture rectifiée et renvoyée.",
        ),
    ),
    ClaimCategory.RECEPTION: (
        (
            "Attente de 45 minutes à l'accueil atelier.",
            "Personne n'a rappelé malgré trois messages.",
            "Accueil téléphonique jugé désagréable.",
        ),
        ("Excuses présentées par le chef d'atelier.", "Rappel effectué, rendez-vous prioritaire proposé."),
    ),
    ClaimCategory.OTHER: (
        (
            "Demande de remboursement du véhicule de courtoisie.",
            "Objet personnel oublié dans le véhicule de prêt.",
            "Question sur l'extension de garantie restée sans réponse.",
        ),
        (
            "Objet retrouvé et rendu au client.",
            "Extension de garantie expliquée et souscrite.",
            "Frais de véhicule de courtoisie remboursés.",
        ),
    ),
}

SERVICE_NOTES = {
    ServiceKind.MAINTENANCE: (
        "Révision constructeur et vidange", "Vidange, filtres à huile et à air",
        "Révision et remplacement des essuie-glaces", "Forfait entretien et recharge climatisation",
    ),
    ServiceKind.TECHNICAL_INSPECTION: (
        "Contrôle technique favorable", "Contrôle technique : défaillances mineures",
        "Contrôle technique : contre-visite pour un feu de position",
    ),
    ServiceKind.REPAIR: (
        "Remplacement des plaquettes avant", "Remplacement de la batterie 12 V",
        "Réparation d'un impact sur le pare-brise", "Remplacement de l'embrayage",
        "Changement des deux pneus avant", "Remplacement de la courroie de distribution",
    ),
}

# How each kind of lead first shows up in the timeline ({m}: the model they want).
FIRST_TOUCH: dict[SourceChannel, tuple[InteractionType, Direction, tuple[str, ...]]] = {
    SourceChannel.WEBSITE: (InteractionType.EMAIL, Direction.INBOUND, (
        "Demande d'information via le formulaire du site : {m}.",
        "Demande d'essai reçue depuis le site ({m}).",
        "Demande de devis en ligne pour {m}.",
        "Annonce {m} consultée sur le site, demande de rappel.",
    )),
    SourceChannel.PHONE: (InteractionType.CALL, Direction.INBOUND, (
        "Appel entrant : renseignements sur {m}.",
        "Appel au standard : souhaite un rendez-vous pour {m}.",
    )),
    SourceChannel.WALK_IN: (InteractionType.VISIT, Direction.INBOUND, (
        "Passage au showroom, intérêt pour {m}.",
        "Visite spontanée en concession : projet {m}.",
    )),
    SourceChannel.SOCIAL: (InteractionType.EMAIL, Direction.INBOUND, (
        "Message reçu via Facebook au sujet de {m}.",
        "Contact via Instagram après la publication sur {m}.",
        "Message LinkedIn : recherche d'un véhicule de fonction.",
    )),
    SourceChannel.REFERRAL: (InteractionType.CALL, Direction.INBOUND, (
        "Recommandé(e) par un client, appelle pour {m}.",
        "Parrainage : contact transmis par un client fidèle.",
    )),
    SourceChannel.EVENT: (InteractionType.VISIT, Direction.INBOUND, (
        "Rencontré(e) lors des portes ouvertes, intérêt pour {m}.",
        "Contact pris au salon de l'auto d'Orléans.",
    )),
    SourceChannel.CAMPAIGN: (InteractionType.CALL, Direction.INBOUND, (
        "Rappel suite à la campagne : intérêt pour {m}.",
        "Réponse à l'offre reçue par e-mail ({m}).",
    )),
    SourceChannel.OTHER: (InteractionType.NOTE, Direction.OUTBOUND, (
        "Fiche créée à partir d'une carte de visite.",
        "Lead transmis par le constructeur ({m}).",
    )),
}

STAGE_TEXTS: dict[Stage, tuple[str, ...]] = {
    Stage.CONTACTED: (
        "Premier appel : projet {m}, budget à préciser.",
        "Appel de qualification, rappel souhaité en fin de semaine.",
        "Échange téléphonique sur les délais de livraison de {m}.",
    ),
    Stage.QUALIFIED: (
        "Rendez-vous en concession : présentation de {m}.",
        "Découverte du besoin : usage familial et trajets domicile-travail.",
        "Visite au showroom, comparaison des finitions de {m}.",
    ),
    Stage.TEST_DRIVE: (
        "Essai de {m} sur 30 minutes, bonne impression.",
        "Essai routier de {m} : position de conduite appréciée.",
        "Essai de {m}, questions sur l'autonomie et la recharge.",
    ),
    Stage.OFFER: (
        "Devis {m} remis.",
        "Offre chiffrée {m} avec reprise.",
        "Proposition LOA 37 mois pour {m}.",
    ),
    Stage.NEGOTIATION: (
        "Négociation sur la valeur de reprise.",
        "Demande un geste sur les accessoires (tapis, attelage).",
        "Discussion sur la remise et les délais de livraison.",
    ),
}

# The odd call, e-mail, SMS, note or visit between deals: (type, direction, summaries), weight.
BACKGROUND: tuple[tuple[tuple[InteractionType, Direction, tuple[str, ...]], int], ...] = (
    ((InteractionType.CALL, Direction.OUTBOUND, (
        "Appel de courtoisie.",
        "Relance téléphonique sur le projet.",
        "Appel pour proposer les offres du mois.",
    )), 22),
    ((InteractionType.CALL, Direction.INBOUND, (
        "Question sur les horaires de l'atelier.",
        "Demande de rendez-vous atelier.",
        "Question sur une facture.",
    )), 8),
    ((InteractionType.EMAIL, Direction.OUTBOUND, (
        "Newsletter mensuelle de la concession.",
        "Invitation aux portes ouvertes.",
        "Envoi des offres du moment.",
        "Vœux de la concession.",
    )), 24),
    ((InteractionType.EMAIL, Direction.INBOUND, (
        "Question sur le carnet d'entretien.",
        "Demande de duplicata de facture.",
        "Demande de prix pour des pneus hiver.",
    )), 6),
    ((InteractionType.SMS, Direction.OUTBOUND, (
        "Rappel SMS : rendez-vous atelier demain.",
        "SMS : vos offres pneumatiques.",
    )), 12),
    ((InteractionType.SMS, Direction.INBOUND, (
        "SMS reçu : merci pour le suivi.",
        "SMS reçu : demande de rappel.",
    )), 3),
    ((InteractionType.NOTE, Direction.OUTBOUND, (
        "A changé de numéro de téléphone.",
        "À rappeler en septembre.",
        "Souhaite être recontacté pour la fin de son financement.",
        "Nouvelle adresse communiquée.",
    )), 14),
    ((InteractionType.VISIT, Direction.INBOUND, (
        "Passage au showroom pour voir les nouveautés.",
        "Passage pour un renseignement.",
    )), 5),
)

OUTCOME_TEXTS = {
    CallOutcome.INTERESTED: "intéressé(e), documentation envoyée.",
    CallOutcome.APPOINTMENT: "rendez-vous pris en concession.",
    CallOutcome.CALLBACK: "à rappeler.",
    CallOutcome.NOT_INTERESTED: "pas intéressé(e).",
    CallOutcome.WRONG_NUMBER: "faux numéro.",
    CallOutcome.NO_ANSWER: "pas de réponse.",
    CallOutcome.VOICEMAIL: "message laissé sur le répondeur.",
    CallOutcome.DO_NOT_CALL: "ne souhaite plus être appelé(e).",
    CallOutcome.SENT: "envoyé.",
    CallOutcome.DELIVERED: "délivré.",
    CallOutcome.FAILED: "échec d'envoi.",
}

# Consents asked for when a contact comes in: channel, purpose, how often it is on the form.
_CONSENT_CHANCES = (
    (Channel.EMAIL, ConsentPurpose.PROSPECTING, 0.7),
    (Channel.SMS, ConsentPurpose.PROSPECTING, 0.4),
    (Channel.PHONE, ConsentPurpose.PROSPECTING, 0.45),
    (Channel.EMAIL, ConsentPurpose.SERVICE, 0.35),
    (Channel.SMS, ConsentPurpose.SERVICE, 0.25),
    (Channel.POST, ConsentPurpose.PROSPECTING, 0.08),
    (Channel.EMAIL, ConsentPurpose.SURVEYS, 0.2),
    (Channel.EMAIL, ConsentPurpose.PARTNERS, 0.12),
    (Channel.PHONE, ConsentPurpose.SERVICE, 0.1),
)
_GRANT_CHANCE = {
    ConsentPurpose.PROSPECTING: 0.62,
    ConsentPurpose.SERVICE: 0.88,
    ConsentPurpose.SURVEYS: 0.5,
    ConsentPurpose.PARTNERS: 0.2,
}
_WITHDRAWAL_PROOF = {
    Channel.EMAIL: "lien de désinscription de l'e-mail du {day}",
    Channel.SMS: "réponse STOP au SMS du {day}",
    Channel.PHONE: "opposition exprimée lors de l'appel du {day}",
    Channel.POST: "courrier reçu le {day}",
    Channel.VISIT: "demande faite en concession le {day}",
}

# Task kind: (minutes, where).
_TASK_PLACES: dict[TaskKind, tuple[int, str | None]] = {
    TaskKind.CALL_BACK: (15, None),
    TaskKind.APPOINTMENT: (60, "Showroom"),
    TaskKind.TEST_DRIVE: (45, "Parking essais"),
    TaskKind.DELIVERY: (60, "Espace livraison"),
    TaskKind.FOLLOW_UP: (30, None),
}
# Each salesperson's days around today: (days from today, hour, kind).
_AGENDA = (
    (-1, 10.5, TaskKind.CALL_BACK), (-2, 15.0, TaskKind.CALL_BACK), (-5, 11.25, TaskKind.CALL_BACK),
    (0, 9.5, TaskKind.CALL_BACK), (0, 11.0, TaskKind.APPOINTMENT), (0, 14.5, TaskKind.TEST_DRIVE),
    (0, 16.75, TaskKind.TEST_DRIVE),
    (0, 16.0, TaskKind.CALL_BACK), (0, 17.5, TaskKind.DELIVERY), (1, 10.0, TaskKind.APPOINTMENT),
    (1, 15.5, TaskKind.TEST_DRIVE), (2, 11.0, TaskKind.CALL_BACK), (3, 14.0, TaskKind.APPOINTMENT),
    (5, 10.5, TaskKind.DELIVERY), (7, 16.0, TaskKind.FOLLOW_UP),
)
_OPEN_CLAIMS = (
    ClaimStatus.OPEN, ClaimStatus.IN_PROGRESS, ClaimStatus.WAITING_CUSTOMER, ClaimStatus.WAITING_PARTS,
)
_CHANNEL_NAMES = {
    Channel.EMAIL: "par e-mail",
    Channel.SMS: "par SMS",
    Channel.PHONE: "par téléphone",
    Channel.POST: "par courrier",
    Channel.VISIT: "à l'accueil",
}
_CLAIM_FIRST_CONTACT = {
    Channel.PHONE: (InteractionType.CALL, Direction.INBOUND),
    Channel.EMAIL: (InteractionType.EMAIL, Direction.INBOUND),
    Channel.VISIT: (InteractionType.VISIT, Direction.INBOUND),
    Channel.POST: (InteractionType.NOTE, Direction.OUTBOUND),
    Channel.SMS: (InteractionType.SMS, Direction.INBOUND),
}
# Monthly marketing spend of a 3000-contact dealership: channel: (euros, what it pays for).
_SPEND = {
    SpendChannel.WEBSITE: (13000, "Site, annonces La Centrale et Leboncoin"),
    SpendChannel.SOCIAL: (1700, "Publicités Facebook et Instagram"),
    SpendChannel.EVENT: (180, "Portes ouvertes, salons et sponsoring local"),
    SpendChannel.CAMPAIGN: (250, "Campagnes d'appels, d'e-mails et de SMS"),
    SpendChannel.REFERRAL: (400, "Primes de parrainage"),
    SpendChannel.WALK_IN: (220, "Signalétique et PLV"),
    SpendChannel.PHONE: (180, "Numéro suivi et standard"),
    SpendChannel.OTHER: (150, "Divers"),
}
ANCHOR_PLATE = "AB-123-CD"
ANCHOR_MOBILES = ("+33612340917", "+33612348251")
_BUY_CHANCE = {
    SourceChannel.WALK_IN: 0.6,
    SourceChannel.WEBSITE: 0.3,
    SourceChannel.PHONE: 0.45,
    SourceChannel.SOCIAL: 0.3,
    SourceChannel.REFERRAL: 0.55,
    SourceChannel.EVENT: 0.4,
    SourceChannel.CAMPAIGN: 0.4,
    SourceChannel.OTHER: 0.35,
}
# Multipliers of the chance to buy (documented in docs/PREDICTION.md); about 1 on average each, so the
# number of sales stays what it was.
_TRADE_IN_FACTOR, _NO_TRADE_IN_FACTOR = 1.3, 0.9  # 35 % of contacts declare a trade-in
_MODEL_KNOWN_FACTOR, _NO_MODEL_FACTOR = 1.1, 0.75  # 80 % know the model they want (and state a budget)
_SMS_TEST_DRIVE = "SMS de confirmation de l'essai."
_EMAIL_OFFER = "Envoi de l'offre détaillée et de la simulation de financement."
_CALL_AFTER_DELIVERY = "Appel J+7 après livraison : client satisfait."
_SMS_SURVEY = "SMS : enquête de satisfaction après livraison."
_SMS_CAR_READY = "SMS : votre véhicule est prêt à l'atelier."
_CALL_SERVICE = "Rappel de l'entretien, rendez-vous atelier pris."
_CALL_CLAIM_DONE = "Appel au client : réclamation traitée."
# fmt: on

# --- Pure helpers ---------------------------------------------------------------------------------

T = TypeVar("T")


class _Weighted(Generic[T]):
    """Weighted choice by bisection over cumulative weights (much cheaper than rng.choices per call)."""

    __slots__ = ("_cum", "_items", "_total")

    def __init__(self, pairs: Iterable[tuple[T, float]]) -> None:
        self._items: list[T] = []
        self._cum: list[float] = []
        total = 0.0
        for item, weight in pairs:
            total += weight
            self._items.append(item)
            self._cum.append(total)
        self._total = total

    def pick(self, rng: random.Random) -> T:
        index = bisect.bisect_right(self._cum, rng.random() * self._total)
        return self._items[min(index, len(self._items) - 1)]


_VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
_VIN_YEARS = "ABCDEFGHJKLMNPRSTVWXY123456789"  # model years 1980 + n, in a 30-year cycle


def _make_vin(rng: random.Random, wmi: str, model_year: int, serial: int) -> str:
    vds = "".join(rng.choice(_VIN_CHARS) for _ in range(5))
    body = f"{wmi}{vds}0{_VIN_YEARS[(model_year - 1980) % 30]}{rng.choice(_VIN_CHARS)}{serial:06d}"
    # The check digit every VIN of ours carries, though European makers need not (the shared VIN rule).
    return body[:8] + (vin_check_digit(body) or body[8]) + body[9:]


def _luhn_complete(digits: str) -> str:
    """`digits` followed by the digit that makes the whole number pass the Luhn check (SIREN, SIRET)."""
    return digits + luhn.calc_check_digit(digits)


_PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTVWXYZ"  # SIV plates use no I, O or U
_SIV_START = dt.date(2009, 4, 15).toordinal()  # AA-001-AA
_SIV_SERIES_PER_YEAR = 11.2  # about how many two-letter prefixes a year


def _fold(text: str) -> str:
    """ASCII, lower case, letters and digits only: "Hélène D'Arc" -> "helenedarc"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and c.isalnum()).lower()


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _euros(value: float, step: int = 10) -> int:
    """A whole amount of euros rounded to `step` (never below `step`)."""
    return max(step, round(value / step) * step)


def _fmt_day(day: int) -> str:
    return dt.date.fromordinal(day).strftime("%d/%m/%Y")


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _duration(rng: random.Random, kind: InteractionType) -> int | None:
    if kind is InteractionType.CALL:
        return rng.randint(60, 900)
    if kind is InteractionType.VISIT:
        return rng.randint(20, 90) * 60
    if kind is InteractionType.TEST_DRIVE:
        return rng.randint(20, 60) * 60
    return None


def _call_seconds(rng: random.Random, outcome: CallOutcome | None) -> int:
    if outcome is CallOutcome.NO_ANSWER:
        return 0
    if outcome in (CallOutcome.VOICEMAIL, CallOutcome.WRONG_NUMBER):
        return rng.randint(15, 45)
    return rng.randint(60, 900)


# --- The plan, in memory --------------------------------------------------------------------------
# Everything is decided here first, then written table by table in foreign-key order.


@dataclass(eq=False, slots=True)
class _Vehicle:
    id: int
    model: _Model
    version: tuple[str, Fuel, int]
    condition: VehicleCondition
    status: StockStatus
    model_year: int
    created_day: int  # day ordinals throughout
    updated_day: int
    vin: str = ""
    color: str = ""
    first_registration: int | None = None
    plate: str | None = None
    delivery_day: int | None = None  # sold cars: handed over (or to be) that day
    mileage: int = 0  # km on `mileage_day`
    mileage_day: int = 0
    km_per_year: int = 15000
    in_stock_since: int | None = None
    purchase_cost: int | None = None
    list_price: int | None = None
    owner: _Contact | None = None
    owned_since: int = 0
    reserved_for: int | None = None
    notes: str | None = None
    updated_at: dt.datetime = dt.datetime.min


@dataclass(eq=False, slots=True)
class _Opp:
    id: int
    contact: _Contact
    stage: Stage
    created_day: int
    end_day: int  # closing day, or for an open deal the day of its last stage change
    reached: int  # index in OPEN_STAGES of the last open stage gone through
    model: _Model
    test_drive: bool
    lost_reason: str | None = None
    campaign_id: int | None = None
    vehicle: _Vehicle | None = None
    amount: int | None = None
    created_at: dt.datetime = dt.datetime.min
    end_at: dt.datetime = dt.datetime.min
    expected_close: int = 0


@dataclass(eq=False, slots=True)
class _Sale:
    id: int
    contact: _Contact
    day: int
    opp: _Opp
    vehicle: _Vehicle
    price: int
    cost: int
    financing: Financing = Financing.CASH
    months: int | None = None
    trade_in: _Vehicle | None = None


@dataclass(eq=False, slots=True)
class _Visit:
    id: int
    vehicle: _Vehicle
    day: int
    kind: ServiceKind
    mileage: int


@dataclass(eq=False, slots=True)
class _ClaimPlan:
    id: int
    contact: _Contact
    vehicle: _Vehicle | None
    category: ClaimCategory
    severity: Severity
    channel: Channel
    status: ClaimStatus
    opened_at: dt.datetime
    assignee: int
    description: str
    resolved_at: dt.datetime | None = None


@dataclass(eq=False, slots=True)
class _CampaignPlan:
    id: int
    name: str
    kind: CampaignKind
    objective: CampaignObjective
    start: int
    end: int
    status: CampaignStatus
    owner_id: int
    segment_id: int | None
    share: float
    created_at: dt.datetime = dt.datetime.min


@dataclass(eq=False, slots=True)
class _Target:
    campaign: _CampaignPlan
    attempts: int
    outcome: CallOutcome | None
    last_attempt: dt.datetime
    user_id: int | None


@dataclass(eq=False, slots=True)
class _Contact:
    id: int
    kind: ContactKind
    day: int
    source: SourceChannel
    created_at: dt.datetime = dt.datetime.min
    female: bool = False
    last_name: str = ""
    label: str = ""  # "Mme Dupont", or the company's name
    owner_id: int | None = None
    campaign_id: int | None = None
    email: str | None = None
    mobile: str | None = None
    landline: str | None = None
    model: _Model | None = None  # the car they are after
    has_trade_in: bool = False
    lifecycle: Lifecycle = Lifecycle.PROSPECT
    lost_reason: str | None = None
    sale_days: list[int] = field(default_factory=list)
    opps: list[_Opp] = field(default_factory=list)
    sales: list[_Sale] = field(default_factory=list)
    vehicles: list[_Vehicle] = field(default_factory=list)
    claims: list[_ClaimPlan] = field(default_factory=list)
    visits: list[_Visit] = field(default_factory=list)
    targets: list[_Target] = field(default_factory=list)
    partner: int | None = None  # household: the contact (earlier id) this one lives with
    company: int | None = None  # the company this person works for
    link_kind: LinkKind | None = None


# (occurred_at, type, direction, outcome, duration, amount, summary, campaign, opportunity, vehicle, user)
_Event = tuple[
    dt.datetime,
    InteractionType,
    Direction,
    CallOutcome | None,
    int | None,
    Decimal | None,
    str,
    int | None,
    int | None,
    int | None,
    int | None,
]


def _event_time(event: _Event) -> dt.datetime:
    return event[0]


@dataclass(frozen=True)
class _Campaign:
    name: str
    kind: CampaignKind
    objective: CampaignObjective
    months_ago: float  # when it starts, in months before `today` (negative: to come)
    days: int
    share: float  # how many targets, as a share of all contacts


# fmt: off
CAMPAIGNS = (
    _Campaign("Portes ouvertes de printemps", CampaignKind.SMS, CampaignObjective.EVENT_INVITATION, 34, 10,
        0.05),
    _Campaign("Relance fin de LOA", CampaignKind.PHONING, CampaignObjective.LEASE_RENEWAL, 31, 45, 0.02),
    _Campaign("Rappel entretien avant l'hiver", CampaignKind.EMAIL, CampaignObjective.SERVICE_REMINDER, 27,
        21, 0.05),
    _Campaign("Offre de reprise +2 000 €", CampaignKind.EMAIL, CampaignObjective.PROSPECTING, 24, 30, 0.06),
    _Campaign("Phoning prospects SUV hybrides", CampaignKind.PHONING, CampaignObjective.PROSPECTING, 21, 30,
        0.015),
    _Campaign("Lettre des clients fidèles", CampaignKind.EMAIL, CampaignObjective.LOYALTY, 18, 14, 0.05),
    _Campaign("Contrôle technique -20 %", CampaignKind.SMS, CampaignObjective.SERVICE_REMINDER, 15, 30, 0.04),
    _Campaign("Lancement des nouveautés électriques", CampaignKind.EMAIL, CampaignObjective.EVENT_INVITATION,
        12, 14,
              0.06),
    _Campaign("Anniversaire d'achat : offre fidélité", CampaignKind.PHONING, CampaignObjective.LOYALTY, 9,
        30, 0.015),
    _Campaign("Portes ouvertes d'automne", CampaignKind.SMS, CampaignObjective.EVENT_INVITATION, 6, 10, 0.05),
    _Campaign("Fin de LOA : offre de renouvellement", CampaignKind.PHONING, CampaignObjective.LEASE_RENEWAL,
        1, 60,
              0.02),
    _Campaign("Journée essais hybrides", CampaignKind.SMS, CampaignObjective.EVENT_INVITATION, -0.25, 7,
        0.03),
    _Campaign("Prospection flottes entreprises", CampaignKind.PHONING, CampaignObjective.PROSPECTING, -1, 45,
        0.01),
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

CHUNK = 10_000

# The steps, as the progress callback names them, with their share of the whole job (out of 1000).
DEMO_STEPS: dict[str, int] = {
    "Preparing the dealership": 10,
    "Creating contacts": 190,
    "Planning sales and the workshop": 60,
    "Writing vehicles": 40,
    "Writing the pipeline and sales": 60,
    "Writing workshop visits and claims": 60,
    "Writing campaigns": 20,
    "Writing tasks": 20,
    "Writing interactions": 470,
    "Writing marketing figures": 40,
    "Computing scores": 30,
}


class _DemoBuilder:
    """Plans the whole dealership in memory, then writes it table by table with Core bulk inserts."""

    def __init__(
        self, session: Session, *, contacts: int, seed: int, today: dt.date, progress: Progress
    ) -> None:
        self.session = session
        self.n = contacts
        self.seed = seed
        self.rng = random.Random(seed)
        self.progress = progress
        self.today = today
        self.today_ord = today.toordinal()
        self.yesterday = self.today_ord - 1
        self.start_ord = self.today_ord - 3 * 365 - 1
        try:
            self.zone: dt.tzinfo = ZoneInfo("Europe/Paris")
        except ZoneInfoNotFoundError:  # no time zone database: a fixed offset will do for a demo
            self.zone = dt.timezone(dt.timedelta(hours=1))
        self._midnights: dict[int, dt.datetime] = {}
        self.now = self.at(self.today_ord, 8 * 3600)
        self._done = 0
        self.counts: dict[str, int] = {}
        self.users = {account.login: i for i, account in enumerate(DEMO_ACCOUNTS, start=1)}
        self.salespeople = [self.users[a.login] for a in DEMO_ACCOUNTS if a.role is Role.SALESPERSON]
        self.aftersales = [self.users[a.login] for a in DEMO_ACCOUNTS if a.role is Role.AFTERSALES]
        self.marketing = self.users["karim"]
        self.manager = self.users["marc"]
        self.desk = self.users["sophie"]
        self.workshop_chief = self.users["nicolas"]
        self.sla_hours: dict[str, int] = dict(SETTINGS["claims.sla_hours"].default)
        self.opening: list[int] = list(SETTINGS["claims.working_hours"].default)
        self.contacts: list[_Contact] = []
        self.opps: list[_Opp] = []
        self.vehicles: list[_Vehicle] = []
        self.sales: list[_Sale] = []
        self.visits: list[_Visit] = []
        self.claims: list[_ClaimPlan] = []
        self.campaigns: list[_CampaignPlan] = []
        self.target_rows: list[dict[str, Any]] = []
        self.task_rows: list[dict[str, Any]] = []
        self.campaign_costs: dict[int, int] = {}
        self.demo_cars: dict[str, _Vehicle] = {}
        self.anchor_vehicle: _Vehicle | None = None  # AB-123-CD, the after-sales journey's car
        self.anchor_phones: dict[int, str] = {}  # the two "06 12 34" of the search journey
        self.plates: set[str] = {ANCHOR_PLATE}  # kept for the after-sales journey's car
        self.emails: set[str] = set()
        self.phones: set[str] = set()
        self.consent_id = 0
        self.law = LawSettings()
        self._calling_days: dict[int, bool] = {}
        self.windows: list[tuple[int, int]] = []
        self.window_seconds = 1

    # --- time -------------------------------------------------------------------------------------

    def at(self, day: int, seconds: int) -> dt.datetime:
        """The UTC instant `seconds` after local midnight of `day` (a date ordinal)."""
        midnight = self._midnights.get(day)
        if midnight is None:
            noon = dt.datetime.combine(dt.date.fromordinal(day), dt.time(12), tzinfo=self.zone)
            midnight = dt.datetime.fromordinal(day).replace(tzinfo=dt.UTC) - (
                noon.utcoffset() or dt.timedelta()
            )
            self._midnights[day] = midnight
        return midnight + dt.timedelta(seconds=seconds)

    def work_moment(self, day: int, lo: int = 9 * 3600, hi: int = 19 * 3600) -> dt.datetime:
        """A moment of `day` during opening hours; Sunday moves to the Saturday before."""
        if day % 7 == 0:  # date ordinals divisible by 7 are Sundays
            day -= 1
        return self.at(day, lo + int(self.rng.random() * (hi - lo)))

    def day_between(self, lo: int, hi: int) -> int:
        return lo if hi <= lo else lo + int(self.rng.random() * (hi - lo + 1))

    def add_working_hours(self, start: dt.datetime, hours: int) -> dt.datetime:
        """`hours` of opening time (claims.working_hours, working days of the national calendar) after
        `start`: the rule real claims follow."""
        return add_working_hours(start, hours, opening=self.opening, tz=self.zone)

    def calling_day(self, day: int) -> bool:
        """Whether `day` (a date ordinal) is a day calls are allowed: an allowed weekday, no holiday."""
        allowed = self._calling_days.get(day)
        if allowed is None:
            allowed = self.law.calendar.is_working_day(
                dt.date.fromordinal(day), weekdays=self.law.call_weekdays
            )
            self._calling_days[day] = allowed
        return allowed

    def calling_time(self, at: dt.datetime, floor: dt.datetime) -> dt.datetime | None:
        """`at` when it falls in the calling hours (contact_law settings and the dealership's calendar),
        else the same share of the day mapped into the calling windows of that day or of the next calling
        day; the calling day before when that would be after now, None when no moment in
        [floor, now) fits."""
        local = at.astimezone(self.zone)
        day = local.toordinal()
        seconds = local.hour * 3600 + local.minute * 60 + local.second
        windows = self.windows
        if self.calling_day(day) and any(lo <= seconds < hi for lo, hi in windows):
            return at
        position = int(seconds / 86400 * self.window_seconds)
        for lo, hi in windows:
            if position < hi - lo:
                seconds = lo + position
                break
            position -= hi - lo
        while not self.calling_day(day):
            day += 1
        moment = self.at(day, seconds)
        if moment < floor:
            day += 1
            while not self.calling_day(day):
                day += 1
            moment = self.at(day, seconds)
        if moment >= self.now:
            day = min(day, self.today_ord) - 1
            while not self.calling_day(day):
                day -= 1
            moment = self.at(day, seconds)
        return moment if floor <= moment < self.now else None

    # --- plumbing ---------------------------------------------------------------------------------

    def step(self, name: str, fraction: float = 1.0) -> None:
        """Report progress within step `name`; raises Cancelled when the user asked to stop."""
        self.progress.update(self._done + int(DEMO_STEPS[name] * min(1.0, fraction)), 1000, name)
        if fraction >= 1.0:
            self._done += DEMO_STEPS[name]

    def insert(self, model: type[Base], rows: Sequence[dict[str, Any]]) -> None:
        """Core INSERT ... executemany, CHUNK rows at a time. Not the ORM's bulk insert: that one groups
        rows by which keys are None, which here would mean thousands of small statements."""
        table = Base.metadata.tables[str(model.__tablename__)]
        connection = self.session.connection()
        if connection.dialect.name == "postgresql":
            # COPY FROM STDIN (db/bulk.py); the rows bring their own ids, sequences are reset at the end.
            for k in range(0, len(rows), CHUNK):
                bulk.insert_rows(connection, table, list(rows[k : k + CHUNK]), constants={}, ids=False)
            self.counts[table.name] = self.counts.get(table.name, 0) + len(rows)
            return
        statement = insert(table)
        for k in range(0, len(rows), CHUNK):
            self.session.execute(statement, rows[k : k + CHUNK])
        self.counts[table.name] = self.counts.get(table.name, 0) + len(rows)

    def update_by_id(self, model: type[Base], rows: Sequence[dict[str, Any]], **columns: str) -> None:
        """UPDATE `model` SET column = row[key] ... WHERE id = row["b_id"], for each row (executemany).
        Give `updated_at` too where the table has it: its onupdate default would read the clock."""
        table = Base.metadata.tables[str(model.__tablename__)]
        values = {name: bindparam(key, type_=table.c[name].type) for name, key in columns.items()}
        statement = update(table).where(table.c.id == bindparam("b_id")).values(values)
        for k in range(0, len(rows), CHUNK):
            self.session.execute(statement, rows[k : k + CHUNK])

    # --- the whole job ----------------------------------------------------------------------------

    def build(self) -> dict[str, int]:
        self.step("Preparing the dealership", 0.0)
        from faker import Faker  # heavy, and only the demo needs it

        fake = Faker("fr_FR")
        fake.seed_instance(self.seed)
        self.make_pools(fake)
        self.write_users_and_settings()
        self.plan_campaigns()
        self.write_segments_and_campaigns()
        self.step("Preparing the dealership")
        phases = (
            ("Creating contacts", (self.plan_contacts, self.write_contacts)),
            (
                "Planning sales and the workshop",
                (
                    self.plan_pipeline,
                    self.plan_sales_and_vehicles,
                    self.plan_service_visits,
                    self.plan_anchor_vehicle,
                    self.plan_claims,
                    self.plan_targets,
                ),
            ),
            ("Writing vehicles", (self.write_vehicles,)),
            ("Writing the pipeline and sales", (self.write_pipeline,)),
            ("Writing workshop visits and claims", (self.write_aftersales,)),
            ("Writing campaigns", (self.write_targets,)),
            ("Writing tasks", (self.write_tasks,)),
            ("Writing interactions", (self.write_interactions,)),
            ("Writing marketing figures", (self.write_marketing,)),
            ("Computing scores", (self.write_scores,)),
        )
        for name, work in phases:
            self.step(name, 0.0)  # announced as it starts: the UI shows what is being done
            for part in work:
                part()
            self.step(name)
        counts = self.counts
        return {
            "users": counts.get("users", 0),
            "contacts": counts.get("contacts", 0),
            "companies": sum(1 for c in self.contacts if c.kind is ContactKind.COMPANY),
            "interactions": counts.get("interactions", 0),
            "tasks": counts.get("tasks", 0),
            "opportunities": counts.get("opportunities", 0),
            "vehicles": counts.get("vehicles", 0),
            "sales": counts.get("sales", 0),
            "service_visits": counts.get("service_visits", 0),
            "claims": counts.get("claims", 0),
            "campaigns": counts.get("campaigns", 0),
            "campaign_targets": counts.get("campaign_targets", 0),
            "consents": counts.get("consents", 0),
        }

    def make_pools(self, fake: Faker) -> None:
        """Names and streets drawn once from Faker; the row loops pick from them with `rng` (fast)."""
        rng = self.rng
        self.male_names = [fake.first_name_male() for _ in range(600)]
        self.female_names = [fake.first_name_female() for _ in range(600)]
        self.last_names = [fake.last_name() for _ in range(2000)]
        self.streets = [*STREETS, *(fake.street_name() for _ in range(400))]
        self.company_names = [
            *COMPANY_FIXED,
            *(rng.choice(COMPANY_PATTERNS).format(n=fake.last_name()) for _ in range(900)),
            *(fake.company() for _ in range(300)),
        ]
        self.communes = _Weighted((commune, commune[2]) for commune in COMMUNES)
        self.domains = _Weighted(EMAIL_DOMAINS)
        self.any_model = _Weighted((m, m.weight) for m in CATALOG)
        self.new_model = _Weighted(
            (m, m.weight) for m in CATALOG if m.current and m.make in DEALERSHIP_BRANDS
        )
        self.background = _Weighted(BACKGROUND)
        self.call_outcomes = _Weighted(
            [
                (CallOutcome.NO_ANSWER, 30),
                (CallOutcome.VOICEMAIL, 25),
                (CallOutcome.INTERESTED, 20),
                (CallOutcome.CALLBACK, 15),
                (CallOutcome.NOT_INTERESTED, 10),
            ]
        )

    # --- users, settings, segments, campaigns ------------------------------------------------------

    def write_users_and_settings(self) -> None:
        password_hash = hash_password(DEMO_PASSWORD)  # once: argon2 is slow on purpose
        created = self.at(self.start_ord - 30, 9 * 3600)
        users = []
        for i, account in enumerate(DEMO_ACCOUNTS, start=1):
            names = [_fold(name) for name in account.display_name.split()]
            mailbox = ".".join((names[0], names[-1])) if account.role is not Role.ADMIN else "admin"
            users.append(
                {
                    "id": i,
                    "login": account.login,
                    "display_name": account.display_name,
                    "role": account.role,
                    "email": f"{mailbox}@{DEALERSHIP_DOMAIN}",
                    "phone": f"+332385214{60 + i:02d}",
                    "language": "fr",
                    "password_hash": password_hash,
                    "active": True,
                    "failed_logins": 0,
                    "locked_until": None,
                    "last_login_at": None,
                    "created_at": created,
                    "updated_at": created,
                }
            )
        self.insert(User, users)
        siren = _luhn_complete("41273385")
        settings: dict[str, Any] = {
            "dealership.name": DEALERSHIP_NAME,
            "dealership.address": "12 avenue des Tilleuls\n45800 Saint-Jean-de-Braye",
            "dealership.phone": "02 38 52 14 60",
            "dealership.email": f"contact@{DEALERSHIP_DOMAIN}",
            "dealership.siret": _luhn_complete(siren + "0002"),
            "dealership.brands": list(DEALERSHIP_BRANDS),
            "dealership.timezone": "Europe/Paris",
            "dealership.is_demo": True,  # the login screen then names the demo accounts
        }
        rows = [
            {"key": key, "value": coerce(key, value), "updated_at": created}
            for key, value in settings.items()
        ]
        self.insert(Setting, rows)
        # Interactions keep to the calling hours of the law settings just written, in this calendar.
        self.law = load_law(self.session)
        self.windows = sorted(
            (w[0].hour * 3600 + w[0].minute * 60, w[1].hour * 3600 + w[1].minute * 60)
            for w in self.law.call_windows
        )
        self.window_seconds = max(1, sum(hi - lo for lo, hi in self.windows))

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
                _CampaignPlan(
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

    # --- contacts ---------------------------------------------------------------------------------

    def plan_contacts(self) -> None:
        rng = self.rng
        span = self.yesterday - self.start_ord
        # A growing dealership: a few more new contacts each month than the month before.
        days = sorted(self.start_ord + int(span * rng.random() ** 0.85) for _ in range(self.n))
        sources = _Weighted(
            [
                (SourceChannel.WALK_IN, 18),
                (SourceChannel.WEBSITE, 30),
                (SourceChannel.PHONE, 14),
                (SourceChannel.SOCIAL, 10),
                (SourceChannel.REFERRAL, 8),
                (SourceChannel.EVENT, 6),
                (SourceChannel.CAMPAIGN, 8),
                (SourceChannel.OTHER, 6),
            ]
        )
        contacts: list[_Contact] = []
        i = 0
        while i < self.n:
            kind = ContactKind.COMPANY if rng.random() < 0.15 else ContactKind.PERSON
            contacts.append(_Contact(i + 1, kind, days[i], sources.pick(rng)))
            # A household: the partner's record comes next, with the same address and landline.
            if kind is ContactKind.PERSON and i + 1 < self.n and rng.random() < 0.07:
                partner = _Contact(
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

    def ensure_each(self, items: Sequence[Any], attribute: str, values: Sequence[Any]) -> None:
        """Every value at least once, even in a small demo (where chance alone could miss one)."""
        present = {getattr(item, attribute) for item in items}
        for value in values:
            if value not in present and items:
                setattr(self.rng.choice(items), attribute, value)

    def plan_story(self, c: _Contact) -> None:
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
            _BUY_CHANCE[c.source]
            * (1.35 if company else 1.0)
            * (_TRADE_IN_FACTOR if c.has_trade_in else _NO_TRADE_IN_FACTOR)
            * (_MODEL_KNOWN_FACTOR if c.model is not None else _NO_MODEL_FACTOR),
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

    def new_opp(self, c: _Contact, stage: Stage, created: int, end: int, reached: int) -> _Opp:
        rng = self.rng
        model = c.model if c.model is not None and rng.random() < 0.7 else self.any_model.pick(rng)
        opp = _Opp(
            len(self.opps) + 1, c, stage, created, end, reached, model, reached >= 3 and rng.random() < 0.85
        )
        self.opps.append(opp)
        c.opps.append(opp)
        return opp

    def plan_won_opp(self, c: _Contact, sale_day: int) -> None:
        created = max(c.day, sale_day - self.rng.randint(5, 60))
        self.new_opp(c, Stage.WON, created, sale_day, 5 if self.rng.random() < 0.8 else 4)

    def plan_lost_opp(self, c: _Contact) -> None:
        rng = self.rng
        latest = max(c.day, self.today_ord - 20)
        if rng.random() < 0.6:  # most lost deals are opened when the lead comes in, as won ones are
            created = min(latest, c.day + rng.randint(0, 21))
        else:
            created = self.day_between(c.day, latest)
        end = min(self.yesterday, created + rng.randint(7, 75))
        reached = bisect.bisect_right((0.15, 0.4, 0.6, 0.75, 0.9), rng.random())
        self.new_opp(c, Stage.LOST, created, end, reached).lost_reason = rng.choice(LOST_REASONS)

    def plan_open_opp(self, c: _Contact, recent: bool) -> None:
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

    # Identity ---------------------------------------------------------------------------------------

    def person_row(self, c: _Contact, partner: _Contact | None) -> dict[str, Any]:
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

    def company_row(self, c: _Contact) -> dict[str, Any]:
        rng = self.rng
        name = rng.choice(self.company_names)
        c.label = name
        mailbox = rng.choice(("contact", "accueil", "compta", "direction"))
        c.email = self.unique_email(f"{mailbox}@{_fold(name)[:24] or 'entreprise'}.fr")
        if rng.random() < 0.4:
            c.mobile = self.mobile()
        return {
            "civility": None,
            "first_name": None,
            "last_name": None,
            "company_name": name,
            "siren": _luhn_complete(f"{rng.choice('345789')}{rng.randint(0, 9_999_999):07d}"),
            "birth_date": None,
        }

    def person_email(self, first: str, last: str) -> str:
        rng = self.rng
        f, la = _fold(first), _fold(last)
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

    def social_profiles(self, c: _Contact, first_name: str | None) -> dict[str, str]:
        rng = self.rng
        if rng.random() >= (0.3 if c.kind is ContactKind.COMPANY else 0.12):
            return {}
        if c.kind is ContactKind.COMPANY:
            slug = _fold(c.label)[:30] or "entreprise"
            return {
                "linkedin": f"https://www.linkedin.com/company/{slug}",
                "website": f"https://www.{slug}.fr",
            }
        handle = f"{_fold(first_name or '')}-{_fold(c.last_name)}"
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
        preferred = _Weighted(
            [
                (Channel.EMAIL, 35),
                (Channel.SMS, 20),
                (Channel.PHONE, 30),
                (Channel.POST, 3),
                (Channel.VISIT, 2),
                (None, 10),
            ]
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

    def plan_consents(self, c: _Contact, rows: list[dict[str, Any]]) -> None:
        """A few channel and purpose consents, as collected when the contact came in; now and then one is
        withdrawn (or granted) later, which adds a row: the latest row per channel and purpose is in force."""
        rng = self.rng
        pairs = [
            (channel, purpose)
            for channel, purpose, chance in _CONSENT_CHANCES
            if rng.random() < chance
            and not (channel is Channel.EMAIL and c.email is None)
            and not (channel is Channel.SMS and c.mobile is None)
        ]
        if len(pairs) < 2:
            pairs = [(Channel.PHONE, ConsentPurpose.PROSPECTING), (Channel.POST, ConsentPurpose.SERVICE)]
        day = _fmt_day(c.day)
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
            granted = rng.random() < _GRANT_CHANCE[purpose]
            status = ConsentStatus.GRANTED if granted else ConsentStatus.REFUSED
            rows.append(self.consent_row(c, channel, purpose, status, recorded, proof, by))
            if c.day + 30 < self.yesterday and rng.random() < (0.08 if granted else 0.03):
                later = self.day_between(c.day + 30, self.yesterday)
                when = _fmt_day(later)
                if granted:
                    change = ConsentStatus.WITHDRAWN
                    change_proof, change_by = _WITHDRAWAL_PROOF[channel].format(day=when), None
                else:
                    change = ConsentStatus.GRANTED
                    change_proof, change_by = f"case cochée sur le bon de commande du {when}", c.owner_id
                at = self.work_moment(later)
                rows.append(self.consent_row(c, channel, purpose, change, at, change_proof, change_by))

    def consent_row(
        self,
        c: _Contact,
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

    # --- the pipeline, sales and vehicles ---------------------------------------------------------------

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
        return _euros(base * (1 - 0.025 * years_before), 100) - 10

    @staticmethod
    def used_value(new_price: int, age_days: int, km: int) -> int:
        years = max(0.3, age_days / 365.25)
        return max(1500, _euros(new_price * 0.8 * 0.88 ** (years - 1) - km * 0.02))

    def add_vehicle(
        self,
        model: _Model,
        condition: VehicleCondition,
        status: StockStatus,
        *,
        created_day: int,
        registered: int | None,
        model_year: int | None = None,
    ) -> _Vehicle:
        rng = self.rng
        year = model_year or dt.date.fromordinal(registered or created_day).year
        v = _Vehicle(
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
        v.vin = _make_vin(rng, rng.choice(model.wmis), year, (v.id * 7919 + 104_729) % 1_000_000)
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
        letters = _PLATE_LETTERS
        series = int(max(0, registered - _SIV_START) / 365.25 * _SIV_SERIES_PER_YEAR)
        while True:
            index = max(0, series + rng.randint(-2, 2))
            first = letters[index // 23 % 23] + letters[index % 23]
            last = rng.choice(letters) + rng.choice(letters)
            plate = f"{first}-{rng.randint(1, 999):03d}-{last}"
            if first not in ("SS", "WW") and last != "SS" and plate not in self.plates:
                self.plates.add(plate)
                return plate

    def used_vehicle(self, model: _Model, day: int, *, min_age: int, max_age: int) -> _Vehicle:
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

    def stock_used_car(self, model: _Model, day: int) -> _Vehicle:
        """A used car bought at auction, priced to sell."""
        v = self.used_vehicle(model, day, min_age=1, max_age=7)
        value = self.used_value(
            self.price_new(v.version[2], day), day - (v.first_registration or day), v.mileage
        )
        v.purchase_cost = _euros(value * self.rng.uniform(0.8, 0.88))
        v.list_price = _euros(value * 1.08, 100) - 10
        return v

    def plan_sales_and_vehicles(self) -> None:
        """Every sale in date order: new cars, used cars (trade-ins first), financing, trade-ins; then
        today's stock, reservations for deals close to signing, and cars bought elsewhere."""
        rng = self.rng
        won = sorted((o for o in self.opps if o.stage is Stage.WON), key=lambda o: (o.end_day, o.id))
        trade_ins: deque[_Vehicle] = deque()
        financings = list(Financing)
        private = _Weighted(zip(financings, (30, 32, 30, 8), strict=True))
        fleet = _Weighted(zip(financings, (15, 15, 20, 50), strict=True))
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
                price = _euros(v.list_price * (1 - rng.uniform(0, 0.04)))
                cost = v.purchase_cost + rng.randint(30, 150) * 10
                v.delivery_day = day + rng.randint(2, 10)
                v.mileage += int(v.km_per_year * (day - v.mileage_day) / 365 * 0.05)  # a few test drives
                v.mileage_day = day
            v.status = StockStatus.CUSTOMER_OWNED
            v.owner = c
            v.owned_since = day
            v.updated_day = min(self.yesterday, max(day, v.delivery_day or day))
            opp.model, opp.vehicle, opp.amount = v.model, v, price
            sale = _Sale(len(self.sales) + 1, c, day, opp, v, price, cost)
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
            v.purchase_cost = _euros(v.list_price * rng.uniform(0.83, 0.88))
            v.mileage, v.mileage_day = rng.randint(5, 40), since
        for _ in range(max(10, self.n // 70)):
            self.stock_used_car(self.any_model.pick(rng), self.today_ord - 1 - int(rng.random() ** 1.5 * 150))
        # Deals at the offer or negotiation stage often hold a car from stock.
        stock: dict[str, list[_Vehicle]] = {}
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

    def new_car_sale(self, opp: _Opp, day: int) -> tuple[_Vehicle, int, int]:
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
        v.purchase_cost = _euros(list_price * rng.uniform(0.83, 0.88))
        price = _euros(list_price * (1 - rng.uniform(0.02, 0.1)))
        cost = v.purchase_cost + rng.randint(15, 45) * 10
        # Registered and handed over a few days to weeks later: the latest sales are not delivered yet.
        v.delivery_day = day + rng.randint(3, 25)
        if v.delivery_day < self.today_ord:
            v.first_registration = v.delivery_day
            v.plate = self.plate(v.delivery_day)
        v.mileage, v.mileage_day = rng.randint(5, 60), min(v.delivery_day, self.yesterday)
        return v, price, cost

    def trade_in(self, day: int) -> _Vehicle:
        """The customer's old car, taken in part-exchange: it enters the used-car stock."""
        rng = self.rng
        v = self.used_vehicle(self.any_model.pick(rng), day, min_age=3, max_age=12)
        registered = v.first_registration or day
        value = self.used_value(self.price_new(v.version[2], registered), day - registered, v.mileage)
        v.purchase_cost = _euros(value * rng.uniform(0.85, 0.95), 100)  # what the customer gets for it
        v.list_price = _euros(value * 1.15 + 500, 100) - 10
        return v

    @staticmethod
    def sell_to_trader(v: _Vehicle) -> None:
        """A trade-in still unsold after five months goes to a trader: sold, to no contact of ours."""
        v.status = StockStatus.SOLD
        v.updated_day = (v.in_stock_since or v.created_day) + 150

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
            day = start + rng.randint(300, 420)
            while day <= self.yesterday:
                if rng.random() < 0.72:
                    planned.append((day, ServiceKind.MAINTENANCE))
                day += rng.randint(330, 420)
            day = registered + 4 * 365 - rng.randint(0, 40)
            while day <= self.yesterday:
                if day >= start and rng.random() < 0.55:
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
                visit = _Visit(len(self.visits) + 1, v, day, kind, mileage)
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
        visit = _Visit(len(self.visits) + 1, vehicle, day, ServiceKind.REPAIR, vehicle.mileage)
        self.visits.append(visit)
        owner = vehicle.owner
        assert owner is not None  # chosen among customer-owned cars
        owner.visits.append(visit)

    def plan_claims(self) -> None:
        """About one claim for five contacts, mostly about a car we sold or serviced; old ones are settled,
        recent ones in every state, and a few have been left open past their deadline."""
        rng = self.rng
        owned = [v for v in self.vehicles if v.owner is not None and v.status is StockStatus.CUSTOMER_OWNED]
        vehicle_categories = _Weighted(
            [
                (ClaimCategory.MECHANICAL, 30),
                (ClaimCategory.ELECTRICAL, 18),
                (ClaimCategory.BODYWORK, 12),
                (ClaimCategory.DELIVERY, 12),
                (ClaimCategory.BILLING, 10),
                (ClaimCategory.RECEPTION, 8),
                (ClaimCategory.OTHER, 5),
            ]
        )
        other_categories = _Weighted(
            [(ClaimCategory.BILLING, 4), (ClaimCategory.RECEPTION, 4), (ClaimCategory.OTHER, 2)]
        )
        severities = _Weighted(
            [(Severity.LOW, 30), (Severity.MEDIUM, 40), (Severity.HIGH, 22), (Severity.CRITICAL, 8)]
        )
        channels = _Weighted(
            [
                (Channel.PHONE, 40),
                (Channel.EMAIL, 30),
                (Channel.VISIT, 20),
                (Channel.POST, 5),
                (Channel.SMS, 5),
            ]
        )
        S = ClaimStatus
        old = _Weighted([(S.CLOSED, 78), (S.RESOLVED, 21), (S.IN_PROGRESS, 0.5), (S.WAITING_PARTS, 0.5)])
        month = _Weighted(
            [
                (S.CLOSED, 45),
                (S.RESOLVED, 35),
                (S.IN_PROGRESS, 7),
                (S.WAITING_PARTS, 8),
                (S.WAITING_CUSTOMER, 3),
                (S.OPEN, 2),
            ]
        )
        fresh = _Weighted(
            [
                (S.OPEN, 30),
                (S.IN_PROGRESS, 25),
                (S.WAITING_PARTS, 12),
                (S.WAITING_CUSTOMER, 10),
                (S.RESOLVED, 15),
                (S.CLOSED, 8),
            ]
        )
        workshop = (ClaimCategory.MECHANICAL, ClaimCategory.ELECTRICAL, ClaimCategory.BODYWORK)
        planned: list[_ClaimPlan] = []
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
            vehicle: _Vehicle | None = None
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
                _ClaimPlan(0, c, vehicle, category, severity, channel, status, opened, assignee, "")
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

    def plan_targets(self) -> None:
        """Who each campaign reached and how; a deal opened soon after a positive answer is credited to it."""
        rng = self.rng
        TS, OC = TargetStatus, CallOutcome
        phoning_done = _Weighted([(TS.DONE, 78), (TS.EXCLUDED, 10), (TS.PENDING, 12)])
        phoning_running = _Weighted(
            [(TS.PENDING, 40), (TS.IN_PROGRESS, 25), (TS.DONE, 25), (TS.EXCLUDED, 10)]
        )
        final_outcomes = _Weighted(
            [
                (OC.INTERESTED, 14),
                (OC.APPOINTMENT, 10),
                (OC.NOT_INTERESTED, 34),
                (OC.WRONG_NUMBER, 5),
                (OC.NO_ANSWER, 17),
                (OC.VOICEMAIL, 12),
                (OC.DO_NOT_CALL, 4),
                (OC.CALLBACK, 4),
            ]
        )
        pending_outcomes = _Weighted([(OC.CALLBACK, 50), (OC.NO_ANSWER, 30), (OC.VOICEMAIL, 20)])
        message_outcomes = _Weighted([(OC.DELIVERED, 88), (OC.SENT, 7), (OC.FAILED, 5)])
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
                rng.sample(eligible, min(len(eligible), max(3, round(self.n * cp.share)))), key=_by_id
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
                    c.targets.append(_Target(cp, attempts, outcome, last_attempt, user))
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
    def targetable(c: _Contact, cp: _CampaignPlan) -> bool:
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
                and cp.start
                <= _add_months(dt.date.fromordinal(s.day), s.months).toordinal()
                <= cp.start + 270
                for s in c.sales
            )
        return True

    # --- writing vehicles, the pipeline, after-sales and campaigns ----------------------------------------

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
                    "first_registration_on": _date(v.first_registration),
                    "mileage_km": v.mileage,
                    "condition": v.condition,
                    "stock_status": v.status,
                    "in_stock_since": _date(v.in_stock_since),
                    "purchase_cost": _money(v.purchase_cost),
                    "list_price": _money(v.list_price),
                    "condition_notes": v.notes,
                    "owner_contact_id": v.owner.id if v.owner is not None else None,
                    "reserved_for_opportunity_id": None,  # set once the opportunities exist
                    "lock_version": 1,
                    "created_at": created,
                    "updated_at": v.updated_at,
                }
            )
        self.insert(Vehicle, rows)

    def opp_title(self, opp: _Opp) -> str:
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
                    "amount": _money(opp.amount),
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
                    "margin": Decimal(s.price) - Decimal(s.cost),
                    "financing": s.financing,
                    "financing_months": s.months,
                    "financing_end_on": _add_months(sold_on, s.months) if s.months else None,
                    "warranty_end_on": _add_months(sold_on, warranty),
                    "trade_in_vehicle_id": s.trade_in.id if s.trade_in is not None else None,
                    "trade_in_value": _money(s.trade_in.purchase_cost if s.trade_in is not None else None),
                    "opportunity_id": s.opp.id,
                    "campaign_id": s.opp.campaign_id,
                    "created_at": s.opp.end_at,
                }
            )
        self.insert(Sale, sales)

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
        satisfaction = _Weighted([(5, 40), (4, 30), (3, 15), (2, 9), (1, 6)])
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
                    "resolution": _note_of(history, ClaimStatus.RESOLVED) if settled else None,
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
            (c for c in self.claims if c.status in _OPEN_CLAIMS and due[c.id] < self.now),
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
            if c.status not in _OPEN_CLAIMS
        ]
        for k, status in enumerate(s for s in _OPEN_CLAIMS if s not in present):
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
        self, claim: _ClaimPlan, due: dt.datetime
    ) -> list[tuple[dt.datetime, ClaimStatus | None, ClaimStatus, str | None]]:
        """The status changes that led the claim where it is, between its opening and now: most settled
        claims were resolved within their deadline, about one in ten a few days after it."""
        rng = self.rng
        S = ClaimStatus
        opened, status = claim.opened_at, claim.status
        history: list[tuple[dt.datetime, ClaimStatus | None, ClaimStatus, str | None]] = [
            (opened, None, S.OPEN, f"Réclamation enregistrée ({_CHANNEL_NAMES[claim.channel]}).")
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

    # --- tasks ------------------------------------------------------------------------------------

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

    def task_title(self, kind: TaskKind, c: _Contact, model: str) -> str:
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
        opp: _Opp,
        due: dt.datetime,
        *,
        vehicle: _Vehicle | None = None,
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
        minutes, location = _TASK_PLACES[kind]
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
        c: _Contact | None,
        title: str,
        due: dt.datetime,
        *,
        minutes: int = 30,
        location: str | None = None,
        done: dt.datetime | None = None,
        opp: _Opp | None = None,
        vehicle: _Vehicle | None = None,
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

        live: dict[int, list[_Opp]] = {}
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
            for k, (offset, hour, kind) in enumerate(_AGENDA):
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
                minutes, location = _TASK_PLACES[kind]
                due = when(offset, hour + n * 0.25)
                title = self.task_title(kind, c, model)
                self.add_task(
                    kind, user, c, title, due, minutes=minutes, location=location, opp=deal, vehicle=vehicle
                )
        for n, user in enumerate(self.aftersales):
            open_claims = [
                cl for cl in self.claims if cl.assignee == user and cl.status in _OPEN_CLAIMS
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

    # --- interactions -------------------------------------------------------------------------------

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
            events.sort(key=_event_time)
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

    def in_calling_hours(self, c: _Contact, events: list[_Event]) -> list[_Event]:
        """The events moved into calling hours on calling days (those that cannot be are left out)."""
        moved: list[_Event] = []
        for event in events:
            at = self.calling_time(event[0], c.created_at)
            if at is not None:
                moved.append(event if at is event[0] else (at, *event[1:]))
        return moved

    def write_scores(self) -> None:
        """Every contact's score, as a manager's "refresh all" would compute it at the demo's now."""
        ids = [c.id for c in self.contacts]
        for k in range(0, len(ids), 5000):
            chunk = ids[k : k + 5000]
            # The UPDATE would stamp updated_at with the clock (its onupdate): put the demo's back.
            stamps = [
                {"b_id": cid, "b_updated": updated}
                for cid, updated in self.session.execute(
                    select(Contact.id, Contact.updated_at).where(Contact.id.in_(chunk))
                )
            ]
            refresh_scores(self.session, chunk, now=self.now)
            self.update_by_id(Contact, stamps, updated_at="b_updated")
            self.step("Computing scores", k / max(1, len(ids)))

    def timeline(self, c: _Contact) -> list[_Event]:
        """Every interaction with one contact, unsorted: the first touch, each deal's steps, deliveries,
        workshop reminders, claims, campaign calls and messages, and the odd call or newsletter."""
        rng = self.rng
        events: list[_Event] = []
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
                _duration(rng, kind),
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
                seconds = _duration(rng, kind)
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
                    add((at, kind, inb, outcome, _duration(rng, kind), None, text, None, oid, None, user))
                elif stage is Stage.TEST_DRIVE:
                    car = opp.vehicle or self.demo_cars.get(model)
                    if rng.random() < 0.5:
                        reminder = max(at - dt.timedelta(hours=20), start + (at - start) / 2)
                        add((reminder, sms, out, None, None, None, _SMS_TEST_DRIVE, None, oid, None, user))
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
                        add((sent, email, out, None, None, None, _EMAIL_OFFER, None, oid, None, user))
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
                        _CALL_AFTER_DELIVERY,
                        None,
                        None,
                        v.id,
                        user,
                    )
                )
            if delivered + 3 < self.today_ord and rng.random() < 0.35:
                at = self.work_moment(delivered + 3)
                add((at, sms, out, None, None, None, _SMS_SURVEY, None, None, v.id, self.marketing))
        for workshop in c.visits:
            vid = workshop.vehicle.id
            r = rng.random()
            if r < 0.5:
                at = self.work_moment(workshop.day, 16 * 3600, 18 * 3600)
                add((at, sms, out, None, None, None, _SMS_CAR_READY, None, None, vid, self.desk))
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
                        _CALL_SERVICE,
                        None,
                        None,
                        vid,
                        self.desk,
                    )
                )
        for claim in c.claims:
            kind, direction = _CLAIM_FIRST_CONTACT[claim.channel]
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
                    _duration(rng, kind),
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
                        _CALL_CLAIM_DONE,
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
                    seconds = _call_seconds(rng, outcome)
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
            seconds = _call_seconds(rng, outcome) if kind is call else _duration(rng, kind)
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

    # --- marketing figures, objectives, opt-out lists ----------------------------------------------------

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
            for channel, (base, label) in _SPEND.items():
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
            month = _add_months(month, 1)
        self.insert(MarketingSpend, spend)
        self.write_objectives(first_month, _add_months(this_month, 1))
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
                    ObjectiveMetric.MARGIN: _euros(target * average_margin, 500),
                    ObjectiveMetric.TEST_DRIVES: round(target * 1.6),
                    ObjectiveMetric.CALLS: round(target * 22),
                }
                for metric, value in values.items():
                    totals[metric] += value
                    add(user, month, metric, value)
            for metric, value in totals.items():
                add(None, month, metric, value)
            month = _add_months(month, 1)
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
                    reason = f"Désinscription demandée par e-mail le {_fmt_day(day)}"
                else:
                    value = c.mobile or ""
                    reason = f"Opposition au démarchage exprimée au téléphone le {_fmt_day(day)}"
                at = self.work_moment(day)
                entries.append(
                    {
                        "id": len(entries) + 1,
                        "kind": kind,
                        "value_hash": _sha256(value),
                        "reason": reason,
                        "added_at": at,
                    }
                )
        self.insert(SuppressionEntry, entries)
        phones = sorted({p for c in self.contacts for p in (c.landline, c.mobile) if p})
        imported = self.now - dt.timedelta(days=9, hours=1)
        listed = rng.sample(phones, min(len(phones), max(5, self.n // 150)))
        self.insert(BloctelEntry, [{"number_hash": _sha256(p), "imported_at": imported} for p in listed])


def _by_id(c: _Contact) -> int:
    return c.id


def _date(day: int | None) -> dt.date | None:
    return dt.date.fromordinal(day) if day is not None else None


def _money(euros: int | None) -> Decimal | None:
    return Decimal(euros) if euros is not None else None


def _note_of(
    history: Iterable[tuple[dt.datetime, ClaimStatus | None, ClaimStatus, str | None]], status: ClaimStatus
) -> str | None:
    """The note of the last change to `status` in a claim's history."""
    notes = [note for _, _, to_status, note in history if to_status is status]
    return notes[-1] if notes else None
