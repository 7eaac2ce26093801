"""What each kind of import can fill, how each field is read, and which headers mean which field.

Headers are compared folded (lower case, no accents, punctuation as spaces), so "Tél. portable",
"TEL PORTABLE" and "tel_portable" are the same header. A mapping is {header as in the file: field name};
the one the user last confirmed for a kind is remembered in a JSON file in the user's config folder.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from dealercrm.i18n import N_
from dealercrm.models.enums import (
    BodyType,
    CallOutcome,
    Channel,
    Civility,
    ClaimCategory,
    ClaimStatus,
    Direction,
    Financing,
    Fuel,
    InteractionType,
    Lifecycle,
    ServiceKind,
    Severity,
    SourceChannel,
    StockStatus,
    VehicleCondition,
)
from dealercrm.services import validation as v
from dealercrm.services.importing.choices import ChoiceColumn, ChoiceTable

KINDS = ("contacts", "vehicles", "service_visits", "claims", "interactions")


def parse_local_datetime(value: Any) -> dt.datetime:
    """A date and time as written in the file, in the dealership's time zone. The importer replaces this
    placeholder with `validation.parse_datetime` bound to the zone of the run: it must never run itself."""
    raise TypeError("parse_local_datetime needs the dealership's time zone: the importer binds it")


def parse_local_date(value: Any) -> dt.date:
    """A date as written in the file. The importer replaces this placeholder with `validation.parse_date`
    bound to the run's day at the dealership (a two-digit year's century follows it): it never runs."""
    raise TypeError("parse_local_date needs the run's day: the importer binds it")


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str  # English; the UI translates it
    parse: Callable[[Any], Any]
    synonyms: tuple[str, ...] = ()
    # A doubt about a parsed value that does not refuse the row (reported as a warning with its line).
    warn: Callable[[Any], str | None] | None = None


def _text(max_length: int, *, multiline: bool = False) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        return v.clean_text(value, max_length=max_length, multiline=multiline)

    return parse


def _name(max_length: int) -> Callable[[Any], str]:
    """Names as people expect to see them: "DUPONT" stays as typed (the UI shows what was entered)."""
    return _text(max_length)


def _choice(table: dict[str, Any], what: str, *, fallback: Any = None) -> ChoiceTable:
    """A closed list: read strictly when called, leniently by the importer (see choices.py)."""
    return ChoiceTable(table, what=what, fallback=fallback)


CIVILITIES = v.choice_table(
    Civility,
    {
        "m": Civility.MR,
        "mr": Civility.MR,
        "m.": Civility.MR,
        "monsieur": Civility.MR,
        "mister": Civility.MR,
        "mme": Civility.MRS,
        "madame": Civility.MRS,
        "mlle": Civility.MRS,
        "mademoiselle": Civility.MRS,
        "mrs": Civility.MRS,
        "ms": Civility.MRS,
        "miss": Civility.MRS,
        "autre": Civility.OTHER,
        "mx": Civility.OTHER,
        "melle": Civility.MRS,
        "mmes": Civility.MRS,
        "messieurs": Civility.MR,
        "mrs.": Civility.MRS,
        "sir": Civility.MR,
        "dr": Civility.OTHER,
        "docteur": Civility.OTHER,
        "maitre": Civility.OTHER,
        "me": Civility.OTHER,
        "societe": Civility.OTHER,
        "ste": Civility.OTHER,
    },
)
SOURCES = v.choice_table(
    SourceChannel,
    {
        "showroom": SourceChannel.WALK_IN,
        "passage": SourceChannel.WALK_IN,
        "visite": SourceChannel.WALK_IN,
        "magasin": SourceChannel.WALK_IN,
        "concession": SourceChannel.WALK_IN,
        "accueil": SourceChannel.WALK_IN,
        "spontane": SourceChannel.WALK_IN,
        "sur place": SourceChannel.WALK_IN,
        "walk in": SourceChannel.WALK_IN,
        "walkin": SourceChannel.WALK_IN,
        "internet": SourceChannel.WEBSITE,
        "site web": SourceChannel.WEBSITE,
        "site internet": SourceChannel.WEBSITE,
        "site": SourceChannel.WEBSITE,
        "web": SourceChannel.WEBSITE,
        "website": SourceChannel.WEBSITE,
        "formulaire": SourceChannel.WEBSITE,
        "en ligne": SourceChannel.WEBSITE,
        "online": SourceChannel.WEBSITE,
        "google": SourceChannel.WEBSITE,
        "leboncoin": SourceChannel.WEBSITE,
        "le bon coin": SourceChannel.WEBSITE,
        "la centrale": SourceChannel.WEBSITE,
        "lacentrale": SourceChannel.WEBSITE,
        "autoscout": SourceChannel.WEBSITE,
        "autoscout24": SourceChannel.WEBSITE,
        "annonce": SourceChannel.WEBSITE,
        "telephone": SourceChannel.PHONE,
        "tel": SourceChannel.PHONE,
        "appel": SourceChannel.PHONE,
        "appel entrant": SourceChannel.PHONE,
        "standard": SourceChannel.PHONE,
        "phone": SourceChannel.PHONE,
        "reseaux sociaux": SourceChannel.SOCIAL,
        "reseaux": SourceChannel.SOCIAL,
        "social": SourceChannel.SOCIAL,
        "facebook": SourceChannel.SOCIAL,
        "fb": SourceChannel.SOCIAL,
        "instagram": SourceChannel.SOCIAL,
        "insta": SourceChannel.SOCIAL,
        "linkedin": SourceChannel.SOCIAL,
        "tiktok": SourceChannel.SOCIAL,
        "twitter": SourceChannel.SOCIAL,
        "youtube": SourceChannel.SOCIAL,
        "snapchat": SourceChannel.SOCIAL,
        "parrainage": SourceChannel.REFERRAL,
        "parrain": SourceChannel.REFERRAL,
        "recommandation": SourceChannel.REFERRAL,
        "recommande": SourceChannel.REFERRAL,
        "bouche a oreille": SourceChannel.REFERRAL,
        "ami": SourceChannel.REFERRAL,
        "amis": SourceChannel.REFERRAL,
        "famille": SourceChannel.REFERRAL,
        "referral": SourceChannel.REFERRAL,
        "salon": SourceChannel.EVENT,
        "foire": SourceChannel.EVENT,
        "exposition": SourceChannel.EVENT,
        "evenement": SourceChannel.EVENT,
        "event": SourceChannel.EVENT,
        "portes ouvertes": SourceChannel.EVENT,
        "jpo": SourceChannel.EVENT,
        "campagne": SourceChannel.CAMPAIGN,
        "campaign": SourceChannel.CAMPAIGN,
        "emailing": SourceChannel.CAMPAIGN,
        "mailing": SourceChannel.CAMPAIGN,
        "newsletter": SourceChannel.CAMPAIGN,
        "publicite": SourceChannel.CAMPAIGN,
        "pub": SourceChannel.CAMPAIGN,
        "radio": SourceChannel.CAMPAIGN,
        "presse": SourceChannel.CAMPAIGN,
        "prospectus": SourceChannel.CAMPAIGN,
        "flyer": SourceChannel.CAMPAIGN,
        "autre": SourceChannel.OTHER,
        "autres": SourceChannel.OTHER,
        "inconnu": SourceChannel.OTHER,
        "divers": SourceChannel.OTHER,
    },
)
LIFECYCLES = v.choice_table(
    Lifecycle,
    {
        "prospect": Lifecycle.PROSPECT,
        "client": Lifecycle.CUSTOMER,
        "perdu": Lifecycle.LOST,
        "ancien client": Lifecycle.CUSTOMER,
        "clients": Lifecycle.CUSTOMER,
        "client actif": Lifecycle.CUSTOMER,
        "acheteur": Lifecycle.CUSTOMER,
        "fidele": Lifecycle.CUSTOMER,
        "lead": Lifecycle.PROSPECT,
        "piste": Lifecycle.PROSPECT,
        "contact": Lifecycle.PROSPECT,
        "nouveau": Lifecycle.PROSPECT,
        "prospects": Lifecycle.PROSPECT,
        "inactif": Lifecycle.LOST,
        "abandon": Lifecycle.LOST,
        "abandonne": Lifecycle.LOST,
        "lost": Lifecycle.LOST,
    },
)
CHANNELS = v.choice_table(
    Channel,
    {
        "e mail": Channel.EMAIL,
        "mail": Channel.EMAIL,
        "courriel": Channel.EMAIL,
        "telephone": Channel.PHONE,
        "tel": Channel.PHONE,
        "appel": Channel.PHONE,
        "courrier": Channel.POST,
        "lettre": Channel.POST,
        "visite": Channel.VISIT,
        "accueil": Channel.VISIT,
        "texto": Channel.SMS,
    },
)
FUELS = v.choice_table(
    Fuel,
    {
        "essence": Fuel.PETROL,
        "sp95": Fuel.PETROL,
        "sp98": Fuel.PETROL,
        "gazole": Fuel.DIESEL,
        "gasoil": Fuel.DIESEL,
        "go": Fuel.DIESEL,
        "es": Fuel.PETROL,
        "hybride": Fuel.HYBRID,
        "hybride rechargeable": Fuel.PLUGIN_HYBRID,
        "phev": Fuel.PLUGIN_HYBRID,
        "plug in": Fuel.PLUGIN_HYBRID,
        "electrique": Fuel.ELECTRIC,
        "el": Fuel.ELECTRIC,
        "ev": Fuel.ELECTRIC,
        "gpl": Fuel.LPG,
        "sans plomb": Fuel.PETROL,
        "sp": Fuel.PETROL,
        "gas": Fuel.PETROL,
        "gasoline": Fuel.PETROL,
        "tce": Fuel.PETROL,
        "puretech": Fuel.PETROL,
        "tsi": Fuel.PETROL,
        "tfsi": Fuel.PETROL,
        "hdi": Fuel.DIESEL,
        "bluehdi": Fuel.DIESEL,
        "dci": Fuel.DIESEL,
        "tdi": Fuel.DIESEL,
        "crdi": Fuel.DIESEL,
        "gazoil": Fuel.DIESEL,
        "hybrid": Fuel.HYBRID,
        "hev": Fuel.HYBRID,
        "full hybrid": Fuel.HYBRID,
        "rechargeable": Fuel.PLUGIN_HYBRID,
        "plug in hybrid": Fuel.PLUGIN_HYBRID,
        "electric": Fuel.ELECTRIC,
        "electricite": Fuel.ELECTRIC,
        "ve": Fuel.ELECTRIC,
        "bev": Fuel.ELECTRIC,
        "lpg": Fuel.LPG,
        "gaz": Fuel.LPG,
    },
)
BODIES = v.choice_table(
    BodyType,
    {
        "citadine": BodyType.CITY,
        "compacte": BodyType.HATCHBACK,
        "berline": BodyType.SEDAN,
        "break": BodyType.ESTATE,
        "4x4": BodyType.SUV,
        "crossover": BodyType.SUV,
        "monospace": BodyType.MPV,
        "coupe": BodyType.COUPE,
        "cabriolet": BodyType.CONVERTIBLE,
        "utilitaire": BodyType.VAN,
        "fourgon": BodyType.VAN,
        "pick up": BodyType.PICKUP,
        "pickup": BodyType.PICKUP,
        "suv": BodyType.SUV,
        "tout terrain": BodyType.SUV,
        "berline compacte": BodyType.HATCHBACK,
        "compact": BodyType.HATCHBACK,
        "familiale": BodyType.ESTATE,
        "sw": BodyType.ESTATE,
        "touring": BodyType.ESTATE,
        "ludospace": BodyType.MPV,
        "minispace": BodyType.MPV,
        "decapotable": BodyType.CONVERTIBLE,
        "roadster": BodyType.CONVERTIBLE,
        "cabrio": BodyType.CONVERTIBLE,
        "vu": BodyType.VAN,
        "vul": BodyType.VAN,
        "camionnette": BodyType.VAN,
        "petite citadine": BodyType.CITY,
        "coupe sport": BodyType.COUPE,
    },
)
CONDITIONS = v.choice_table(
    VehicleCondition,
    {
        "neuf": VehicleCondition.NEW,
        "neuve": VehicleCondition.NEW,
        "vn": VehicleCondition.NEW,
        "occasion": VehicleCondition.USED,
        "vo": VehicleCondition.USED,
    },
)
STOCK_STATUSES = v.choice_table(
    StockStatus,
    {
        "en stock": StockStatus.IN_STOCK,
        "stock": StockStatus.IN_STOCK,
        "reserve": StockStatus.RESERVED,
        "vendu": StockStatus.SOLD,
        "client": StockStatus.CUSTOMER_OWNED,
    },
)
FINANCINGS = v.choice_table(
    Financing,
    {
        "comptant": Financing.CASH,
        "cheque": Financing.CASH,
        "virement": Financing.CASH,
        "credit": Financing.LOAN,
        "pret": Financing.LOAN,
        "credit classique": Financing.LOAN,
        "cb": Financing.CASH,
        "carte": Financing.CASH,
        "especes": Financing.CASH,
        "cash": Financing.CASH,
        "loan": Financing.LOAN,
        "credit auto": Financing.LOAN,
        "pret auto": Financing.LOAN,
        "financement": Financing.LOAN,
        "location avec option d achat": Financing.LOA,
        "leasing": Financing.LOA,
        "location longue duree": Financing.LLD,
        "location": Financing.LLD,
    },
)
SERVICE_KINDS = v.choice_table(
    ServiceKind,
    {
        "entretien": ServiceKind.MAINTENANCE,
        "revision": ServiceKind.MAINTENANCE,
        "vidange": ServiceKind.MAINTENANCE,
        "controle technique": ServiceKind.TECHNICAL_INSPECTION,
        "ct": ServiceKind.TECHNICAL_INSPECTION,
        "reparation": ServiceKind.REPAIR,
        "mecanique": ServiceKind.REPAIR,
        "carrosserie": ServiceKind.REPAIR,
    },
)
CLAIM_CATEGORIES = v.choice_table(
    ClaimCategory,
    {
        "mecanique": ClaimCategory.MECHANICAL,
        "carrosserie": ClaimCategory.BODYWORK,
        "electrique": ClaimCategory.ELECTRICAL,
        "electronique": ClaimCategory.ELECTRICAL,
        "livraison": ClaimCategory.DELIVERY,
        "facturation": ClaimCategory.BILLING,
        "facture": ClaimCategory.BILLING,
        "accueil": ClaimCategory.RECEPTION,
        "autre": ClaimCategory.OTHER,
    },
)
SEVERITIES = v.choice_table(
    Severity,
    {
        "faible": Severity.LOW,
        "basse": Severity.LOW,
        "moyenne": Severity.MEDIUM,
        "normale": Severity.MEDIUM,
        "haute": Severity.HIGH,
        "elevee": Severity.HIGH,
        "grave": Severity.HIGH,
        "critique": Severity.CRITICAL,
        "urgente": Severity.CRITICAL,
    },
)
CLAIM_STATUSES = v.choice_table(
    ClaimStatus,
    {
        "ouverte": ClaimStatus.OPEN,
        "ouvert": ClaimStatus.OPEN,
        "en cours": ClaimStatus.IN_PROGRESS,
        "attente client": ClaimStatus.WAITING_CUSTOMER,
        "attente pieces": ClaimStatus.WAITING_PARTS,
        "resolue": ClaimStatus.RESOLVED,
        "resolu": ClaimStatus.RESOLVED,
        "fermee": ClaimStatus.CLOSED,
        "close": ClaimStatus.CLOSED,
        "cloturee": ClaimStatus.CLOSED,
    },
)
INTERACTION_TYPES = v.choice_table(
    InteractionType,
    {
        "appel": InteractionType.CALL,
        "telephone": InteractionType.CALL,
        "e mail": InteractionType.EMAIL,
        "mail": InteractionType.EMAIL,
        "courriel": InteractionType.EMAIL,
        "texto": InteractionType.SMS,
        "visite": InteractionType.VISIT,
        "rdv": InteractionType.VISIT,
        "rendez vous": InteractionType.VISIT,
        "essai": InteractionType.TEST_DRIVE,
        "devis": InteractionType.QUOTE,
        "offre": InteractionType.QUOTE,
    },
)
DIRECTIONS = v.choice_table(
    Direction,
    {
        "entrant": Direction.INBOUND,
        "recu": Direction.INBOUND,
        "in": Direction.INBOUND,
        "sortant": Direction.OUTBOUND,
        "emis": Direction.OUTBOUND,
        "out": Direction.OUTBOUND,
    },
)
OUTCOMES = v.choice_table(
    CallOutcome,
    {
        "interesse": CallOutcome.INTERESTED,
        "rdv": CallOutcome.APPOINTMENT,
        "rappel": CallOutcome.CALLBACK,
        "pas interesse": CallOutcome.NOT_INTERESTED,
        "faux numero": CallOutcome.WRONG_NUMBER,
        "pas de reponse": CallOutcome.NO_ANSWER,
        "repondeur": CallOutcome.VOICEMAIL,
        "ne pas appeler": CallOutcome.DO_NOT_CALL,
        "envoye": CallOutcome.SENT,
        "echec": CallOutcome.FAILED,
    },
)


def _money(value: Any) -> Any:
    return v.parse_decimal(value)


def _km(value: Any) -> int:
    return v.parse_int(value, minimum=0, maximum=5_000_000)


def _months(value: Any) -> int:
    return v.parse_int(value, minimum=1, maximum=120)


def _satisfaction(value: Any) -> int:
    return v.parse_int(value, minimum=1, maximum=5)


def _seconds(value: Any) -> int:
    return v.parse_int(value, minimum=0, maximum=86_400)


def _country(value: Any) -> str:
    folded = v.fold(v.cell_text(value))
    if folded in ("france", "fr", "fra", "f"):
        return "FR"
    text = v.cell_text(value).strip().upper()
    if len(text) == 2 and text.isalpha():
        return text
    known = {
        "belgique": "BE",
        "belgium": "BE",
        "suisse": "CH",
        "switzerland": "CH",
        "luxembourg": "LU",
        "allemagne": "DE",
        "germany": "DE",
        "espagne": "ES",
        "spain": "ES",
        "italie": "IT",
        "italy": "IT",
        "monaco": "MC",
        "royaume uni": "GB",
        "united kingdom": "GB",
        "portugal": "PT",
        "pays bas": "NL",
    }
    if folded in known:
        return known[folded]
    raise v.InvalidValue(f"{v.cell_text(value)!r} is not a country (use a two-letter code such as FR)")


PERSON = (
    FieldSpec(
        "civility",
        "Civility",
        _choice(CIVILITIES, N_("civility")),
        ("civilite", "titre", "title", "civ", "genre"),
    ),
    FieldSpec(
        "first_name", "First name", _name(80), ("prenom", "first name", "firstname", "given name", "forename")
    ),
    FieldSpec(
        "last_name",
        "Last name",
        _name(80),
        ("nom", "nom de famille", "last name", "lastname", "surname", "family name", "name", "nom client"),
    ),
    FieldSpec(
        "full_name",
        "Full name (first and last)",
        _name(161),
        ("nom complet", "nom prenom", "prenom nom", "full name", "client", "contact", "nom et prenom"),
    ),
    FieldSpec(
        "company_name",
        "Company",
        _text(160),
        (
            "societe",
            "entreprise",
            "raison sociale",
            "company",
            "organisation",
            "organization",
            "company name",
        ),
    ),
    FieldSpec("siren", "SIREN / SIRET", v.parse_siren, ("siren", "siret", "n siret", "numero siret")),
    FieldSpec("job_title", "Job title", _text(120), ("fonction", "poste", "job title", "titre du poste")),
    FieldSpec(
        "birth_date",
        "Birth date",
        parse_local_date,
        (
            "date de naissance",
            "naissance",
            "ne le",
            "ne e le",
            "birth date",
            "birthdate",
            "date of birth",
            "dob",
            "anniversaire",
        ),
    ),
    FieldSpec(
        "phone",
        "Phone (mobile or landline)",
        v.parse_phone,
        (
            "tel",
            "telephone",
            "phone",
            "phone number",
            "numero de telephone",
            "n tel",
            "tel 1",
            "telephone 1",
            "tel client",
        ),
    ),
    FieldSpec(
        "mobile",
        "Mobile",
        v.parse_phone,
        (
            "portable",
            "mobile",
            "tel portable",
            "telephone portable",
            "gsm",
            "cell",
            "cellphone",
            "mobile phone",
            "tel mobile",
            "telephone mobile",
            "tel 2",
        ),
    ),
    FieldSpec(
        "landline",
        "Landline",
        v.parse_phone,
        (
            "fixe",
            "tel fixe",
            "telephone fixe",
            "domicile",
            "tel domicile",
            "landline",
            "home phone",
            "tel bureau",
            "work phone",
        ),
    ),
    FieldSpec(
        "email",
        "E-mail",
        v.parse_email,
        (
            "email",
            "e mail",
            "mail",
            "courriel",
            "adresse mail",
            "adresse email",
            "adresse e mail",
            "email address",
            "e mail address",
            "mel",
        ),
    ),
    FieldSpec(
        "address_line1",
        "Address",
        _text(160),
        (
            "adresse",
            "adresse 1",
            "adresse1",
            "rue",
            "address",
            "address 1",
            "address line 1",
            "street",
            "voie",
            "adresse postale",
        ),
    ),
    FieldSpec(
        "address_line2",
        "Address (2nd line)",
        _text(160),
        (
            "adresse 2",
            "adresse2",
            "complement",
            "complement d adresse",
            "address 2",
            "address line 2",
            "lieu dit",
            "bp",
        ),
    ),
    FieldSpec(
        "postal_code",
        "Postal code",
        v.parse_postal_code,
        ("cp", "code postal", "codepostal", "postal code", "zip", "zip code", "postcode", "c p"),
    ),
    FieldSpec("city", "City", _text(80), ("ville", "commune", "localite", "city", "town")),
    FieldSpec("country", "Country", _country, ("pays", "country")),
)
OWNER = (
    FieldSpec(
        "owner_last_name",
        "Owner's last name",
        _name(80),
        ("nom", "nom client", "nom proprietaire", "proprietaire", "owner", "owner last name", "last name"),
    ),
    FieldSpec(
        "owner_first_name",
        "Owner's first name",
        _name(80),
        ("prenom", "prenom client", "prenom proprietaire", "owner first name", "first name"),
    ),
    FieldSpec(
        "owner_phone",
        "Owner's phone",
        v.parse_phone,
        ("tel", "telephone", "portable", "mobile", "tel client", "phone", "owner phone"),
    ),
    FieldSpec(
        "owner_email",
        "Owner's e-mail",
        v.parse_email,
        ("email", "e mail", "mail", "courriel", "email client", "owner email"),
    ),
)
CONTACT_REF = (
    FieldSpec(
        "contact_email",
        "Contact's e-mail",
        v.parse_email,
        ("email", "e mail", "mail", "courriel", "email client", "contact email"),
    ),
    FieldSpec(
        "contact_phone",
        "Contact's phone",
        v.parse_phone,
        ("tel", "telephone", "portable", "mobile", "tel client", "phone", "contact phone"),
    ),
)
VEHICLE_REF = (
    FieldSpec(
        "vin",
        "VIN",
        v.parse_vin,
        (
            "vin",
            "numero de serie",
            "n de serie",
            "num serie",
            "chassis",
            "numero vin",
            "vehicle identification number",
        ),
        warn=v.vin_warning,
    ),
    FieldSpec(
        "plate",
        "Registration plate",
        v.parse_plate,
        (
            "immatriculation",
            "immat",
            "plaque",
            "n immatriculation",
            "numero d immatriculation",
            "registration",
            "plate",
            "license plate",
            "licence plate",
            "reg",
        ),
    ),
)

FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    "contacts": PERSON
    + (
        FieldSpec(
            "source_channel",
            "Source",
            _choice(SOURCES, N_("source")),
            ("source", "origine", "provenance", "canal", "source channel"),
        ),
        FieldSpec(
            "lifecycle",
            "Status (prospect / customer)",
            _choice(LIFECYCLES, N_("status")),
            ("statut", "type client", "type", "status", "lifecycle", "categorie"),
        ),
        # History: the contact's creation date is what the KPIs count new leads by.
        FieldSpec(
            "created_at",
            "Created on",
            parse_local_datetime,
            (
                "date de creation",
                "date creation",
                "cree le",
                "creation",
                "date de saisie",
                "date saisie",
                "date d entree",
                "date entree",
                "date inscription",
                "inscrit le",
                "client depuis",
                "date creation fiche",
                "created",
                "created at",
                "created on",
                "creation date",
                "date created",
            ),
        ),
        FieldSpec(
            "first_contact_at",
            "First contact date",
            parse_local_datetime,
            (
                "premier contact",
                "date premier contact",
                "date 1er contact",
                "1er contact",
                "date du premier contact",
                "first contact",
                "first contact date",
            ),
        ),
        FieldSpec(
            "last_contact_at",
            "Last contact date",
            parse_local_datetime,
            (
                "dernier contact",
                "date dernier contact",
                "date du dernier contact",
                "derniere visite",
                "date derniere visite",
                "derniere relance",
                "last contact",
                "last contact date",
            ),
        ),
        FieldSpec(
            "last_purchase_at",
            "Last purchase date",
            parse_local_datetime,
            (
                "dernier achat",
                "date dernier achat",
                "date du dernier achat",
                "date achat",
                "date d achat",
                "derniere vente",
                "date derniere vente",
                "derniere facture",
                "last purchase",
                "last purchase date",
            ),
        ),
        FieldSpec(
            "notes",
            "Notes",
            _text(10_000, multiline=True),
            (
                "notes",
                "note",
                "commentaire",
                "commentaires",
                "remarque",
                "remarques",
                "observations",
                "comments",
            ),
        ),
        FieldSpec(
            "consent_email",
            "E-mail consent (yes/no)",
            v.parse_consent,
            (
                "optin email",
                "opt in email",
                "consentement email",
                "accord email",
                "newsletter",
                "accepte email",
                "email consent",
                "optin mail",
            ),
        ),
        FieldSpec(
            "consent_sms",
            "SMS consent (yes/no)",
            v.parse_consent,
            ("optin sms", "opt in sms", "consentement sms", "accord sms", "accepte sms", "sms consent"),
        ),
        FieldSpec(
            "consent_phone",
            "Phone consent (yes/no)",
            v.parse_consent,
            (
                "optin telephone",
                "opt in telephone",
                "optin tel",
                "consentement telephone",
                "accord telephone",
                "phone consent",
            ),
        ),
        FieldSpec(
            "consent_post",
            "Post consent (yes/no)",
            v.parse_consent,
            (
                "optin courrier",
                "opt in courrier",
                "consentement courrier",
                "accord courrier",
                "post consent",
                "mail consent",
            ),
        ),
        FieldSpec(
            "consent_all",
            "Marketing consent, every channel (yes/no)",
            v.parse_consent,
            (
                "optin",
                "opt in",
                "consentement",
                "rgpd",
                "accord commercial",
                "accepte offres",
                "marketing consent",
                "consent",
            ),
        ),
        FieldSpec(
            "consent_date",
            "Consent date",
            parse_local_datetime,
            ("date consentement", "date optin", "date opt in", "date rgpd", "consent date"),
        ),
    ),
    "vehicles": VEHICLE_REF
    + (
        FieldSpec("make", "Make", _text(40), ("marque", "make", "brand", "constructeur", "manufacturer")),
        FieldSpec("model", "Model", _text(60), ("modele", "model", "vehicule", "gamme")),
        FieldSpec("version", "Version", _text(120), ("version", "finition", "trim", "motorisation")),
        FieldSpec(
            "body",
            "Body type",
            _choice(BODIES, N_("body type")),
            ("carrosserie", "silhouette", "body", "body type", "genre"),
        ),
        FieldSpec(
            "fuel",
            "Fuel",
            _choice(FUELS, N_("fuel")),
            ("energie", "carburant", "fuel", "motorisation energie"),
        ),
        FieldSpec("color", "Colour", _text(40), ("couleur", "teinte", "color", "colour")),
        FieldSpec(
            "first_registration_on",
            "First registration date",
            parse_local_date,
            (
                "date de mise en circulation",
                "mise en circulation",
                "date mec",
                "mec",
                "dmc",
                "date 1ere immatriculation",
                "date premiere immatriculation",
                "first registration",
                "registration date",
            ),
        ),
        FieldSpec(
            "mileage_km", "Mileage (km)", _km, ("kilometrage", "km", "kms", "compteur", "mileage", "odometer")
        ),
        FieldSpec(
            "condition",
            "New or used",
            _choice(CONDITIONS, N_("condition")),
            ("etat", "vn vo", "neuf occasion", "condition", "type vehicule"),
        ),
        FieldSpec(
            "stock_status",
            "Stock status",
            _choice(STOCK_STATUSES, N_("stock status")),
            ("statut stock", "stock", "stock status"),
        ),
        FieldSpec(
            "list_price",
            "List price",
            _money,
            ("prix affiche", "prix catalogue", "prix de vente affiche", "list price", "asking price"),
        ),
        FieldSpec(
            "purchase_cost",
            "Purchase cost",
            _money,
            ("prix d achat", "cout d achat", "prix achat", "purchase cost", "purchase price"),
        ),
        FieldSpec(
            "sold_on",
            "Sale date",
            parse_local_date,
            (
                "date de vente",
                "date vente",
                "vendu le",
                "date de livraison",
                "date livraison",
                "sale date",
                "sold on",
                "date facture",
            ),
        ),
        FieldSpec(
            "price",
            "Sale price",
            _money,
            (
                "prix",
                "prix de vente",
                "prix vente",
                "montant",
                "montant ttc",
                "price",
                "sale price",
                "prix ttc",
            ),
        ),
        FieldSpec("cost", "Cost of the sale", _money, ("cout", "cout de revient", "prix de revient", "cost")),
        FieldSpec(
            "financing",
            "Financing",
            _choice(FINANCINGS, N_("financing")),
            ("financement", "mode de financement", "financing", "paiement"),
        ),
        FieldSpec(
            "financing_months",
            "Financing months",
            _months,
            ("duree", "duree financement", "duree mois", "nb mois", "months", "financing months"),
        ),
        FieldSpec(
            "financing_end_on",
            "Financing end date",
            parse_local_date,
            (
                "fin de financement",
                "fin financement",
                "fin de contrat",
                "date fin loa",
                "fin loa",
                "fin lld",
                "financing end",
            ),
        ),
        FieldSpec(
            "warranty_end_on",
            "Warranty end date",
            parse_local_date,
            ("fin de garantie", "fin garantie", "date fin garantie", "warranty end"),
        ),
        FieldSpec(
            "salesperson",
            "Salesperson (login or name)",
            _text(120),
            ("vendeur", "commercial", "conseiller", "salesperson", "sales rep"),
        ),
    )
    + OWNER,
    "service_visits": VEHICLE_REF
    + (
        FieldSpec(
            "visited_on",
            "Visit date",
            parse_local_date,
            (
                "date",
                "date intervention",
                "date de passage",
                "date visite",
                "date atelier",
                "date or",
                "visit date",
            ),
        ),
        FieldSpec(
            "kind",
            "Kind of visit",
            _choice(SERVICE_KINDS, N_("kind of visit")),
            ("type", "type intervention", "nature", "prestation", "kind"),
        ),
        FieldSpec("mileage_km", "Mileage (km)", _km, ("kilometrage", "km", "compteur", "mileage")),
        FieldSpec("amount", "Amount", _money, ("montant", "montant ttc", "total", "prix", "amount")),
        FieldSpec("margin", "Margin", _money, ("marge", "margin")),
        FieldSpec(
            "notes",
            "Notes",
            _text(10_000, multiline=True),
            ("notes", "commentaire", "travaux", "description", "observations"),
        ),
    ),
    "claims": CONTACT_REF
    + VEHICLE_REF
    + (
        FieldSpec(
            "category",
            "Category",
            _choice(CLAIM_CATEGORIES, N_("category")),
            ("categorie", "type", "motif", "category"),
        ),
        FieldSpec(
            "severity",
            "Severity",
            _choice(SEVERITIES, N_("severity")),
            ("gravite", "priorite", "urgence", "severity", "priority"),
        ),
        FieldSpec(
            "channel", "Channel", _choice(CHANNELS, N_("channel")), ("canal", "via", "channel", "origine")
        ),
        FieldSpec(
            "description",
            "Description",
            _text(10_000, multiline=True),
            ("description", "objet", "motif detaille", "commentaire", "reclamation", "details"),
        ),
        FieldSpec(
            "opened_at",
            "Opened on",
            parse_local_datetime,
            ("date", "date ouverture", "ouverte le", "date reclamation", "opened", "opened at"),
        ),
        FieldSpec(
            "status", "Status", _choice(CLAIM_STATUSES, N_("claim status")), ("statut", "etat", "status")
        ),
        FieldSpec(
            "resolved_at",
            "Resolved on",
            parse_local_datetime,
            ("date resolution", "resolue le", "resolved", "resolved at"),
        ),
        FieldSpec(
            "resolution", "Resolution", _text(10_000, multiline=True), ("resolution", "solution", "reponse")
        ),
        FieldSpec(
            "satisfaction",
            "Satisfaction (1-5)",
            _satisfaction,
            ("satisfaction", "note client", "satisfaction client"),
        ),
        FieldSpec("goodwill_cost", "Goodwill cost", _money, ("geste commercial", "cout geste", "goodwill")),
    ),
    "interactions": CONTACT_REF
    + (
        FieldSpec(
            "type",
            "Type",
            _choice(INTERACTION_TYPES, N_("interaction type"), fallback=InteractionType.NOTE),
            ("type", "nature", "action", "type contact"),
        ),
        FieldSpec("direction", "Direction", _choice(DIRECTIONS, N_("direction")), ("sens", "direction")),
        FieldSpec(
            "occurred_at",
            "Date and time",
            parse_local_datetime,
            ("date", "date heure", "le", "date contact", "occurred at", "when"),
        ),
        FieldSpec(
            "outcome", "Outcome", _choice(OUTCOMES, N_("outcome")), ("resultat", "issue", "outcome", "result")
        ),
        FieldSpec("duration_seconds", "Duration (seconds)", _seconds, ("duree", "duree s", "duration")),
        FieldSpec("amount", "Amount", _money, ("montant", "montant devis", "amount")),
        FieldSpec(
            "summary",
            "Summary",
            _text(10_000, multiline=True),
            ("resume", "commentaire", "notes", "compte rendu", "objet", "summary", "description"),
        ),
    ),
}

# At least one of these per row, or the row is refused.
REQUIRED_ANY: dict[str, tuple[tuple[str, ...], str]] = {
    "contacts": (("last_name", "full_name", "company_name"), N_("a last name or a company name is required")),
    "vehicles": (("make",), N_("the make is required")),
    "service_visits": (("visited_on",), N_("the visit date is required")),
    "claims": (("description",), N_("a description is required")),
    "interactions": (("occurred_at",), N_("the date is required")),
}
# Columns the mapping must provide (any one of each group) before an import can start.
REQUIRED_COLUMNS: dict[str, tuple[tuple[str, ...], ...]] = {
    "contacts": (("last_name", "full_name", "company_name"),),
    "vehicles": (("make",), ("model",)),
    "service_visits": (("vin", "plate"), ("visited_on",)),
    "claims": (("contact_email", "contact_phone"), ("description",)),
    "interactions": (("contact_email", "contact_phone"), ("occurred_at",)),
}


def field_specs(kind: str) -> dict[str, FieldSpec]:
    if kind not in FIELDS:
        raise KeyError(kind)
    return {spec.name: spec for spec in FIELDS[kind]}


def guess_mapping(
    kind: str, headers: Sequence[str], *, learned: dict[str, str] | None = None
) -> dict[str, str]:
    """{header: field} for the headers recognised, each field used once (the first header wins)."""
    specs = FIELDS[kind]
    by_synonym: dict[str, str] = {}
    for spec in specs:
        for word in (spec.name.replace("_", " "), *spec.synonyms):
            by_synonym.setdefault(v.fold(word), spec.name)
    mapping: dict[str, str] = {}
    used: set[str] = set()
    valid = {spec.name for spec in specs}
    for header in headers:
        folded = v.fold(header)
        target = (learned or {}).get(folded)
        if target is None or target not in valid:
            target = by_synonym.get(folded) or by_synonym.get(folded.replace(" ", ""))
        if target is None:
            target = _partial_match(folded, by_synonym)
        if target is not None and target not in used:
            mapping[header] = target
            used.add(target)
    return mapping


def _partial_match(folded: str, by_synonym: dict[str, str]) -> str | None:
    """ "Tél. portable client" -> mobile: the longest synonym the header starts with, in whole words."""
    best: tuple[int, str] | None = None
    for word, target in by_synonym.items():
        if len(word) >= 3 and folded.startswith(word + " "):
            if best is None or len(word) > best[0]:
                best = (len(word), target)
    return best[1] if best else None


def missing_columns(kind: str, mapping: dict[str, str]) -> list[str]:
    """Labels of the required columns the mapping lacks ("Last name or Full name or Company")."""
    specs = field_specs(kind)
    mapped = set(mapping.values())
    return [
        " / ".join(specs[name].label for name in group)
        for group in REQUIRED_COLUMNS[kind]
        if not mapped & set(group)
    ]


class MappingStore:
    """The mappings the user confirmed, per kind, as {folded header: field}, in a JSON file."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = (
            path or platformdirs.user_config_path("dealercrm", appauthor=False) / "import_mappings.json"
        )

    def _load(self) -> dict[str, dict[str, str]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def learned(self, kind: str) -> dict[str, str]:
        value = self._load().get(kind, {})
        return {str(k): str(v_) for k, v_ in value.items()} if isinstance(value, dict) else {}

    def remember(self, kind: str, mapping: dict[str, str | None]) -> None:
        data = self._load()
        known = data.get(kind) if isinstance(data.get(kind), dict) else {}
        assert isinstance(known, dict)
        for header, target in mapping.items():
            if target:
                known[v.fold(header)] = target
            else:
                known.pop(v.fold(header), None)
        data[kind] = known
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
        tmp.replace(self.path)


class ImportMapping(dict[str, str]):
    """{header: field} as read from a mapping file, with the file's other choices: how each value of
    a choice column reads ({field: {value: code or None}}) and what a duplicate does."""

    def __init__(
        self,
        columns: dict[str, str],
        *,
        choices: dict[str, dict[str, str | None]] | None = None,
        on_duplicate: str | None = None,
    ) -> None:
        super().__init__(columns)
        self.choices = choices or {}
        self.on_duplicate = on_duplicate


DUPLICATE_RULES = ("update", "overwrite", "skip")


def read_mapping_file(path: Path, *, kind: str) -> dict[str, str]:
    """A mapping written by hand or by `write_mapping_file`: {"header": "field"}, or
    {"columns": {...}, "values": {"header": {"value in the file": "code"}}, "on_duplicate": "..."};
    null ignores a column (or, under "values", leaves the field empty for that value).

    Returns an ImportMapping (a dict that also carries the values and the duplicate rule, which
    `ImportService.run` uses), typed as the plain dict its callers treat it as."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: not a readable JSON mapping ({exc})") from exc
    values: Any = {}
    on_duplicate: Any = None
    if isinstance(data, dict) and isinstance(data.get("columns"), dict):
        values = data.get("values") or {}
        on_duplicate = data.get("on_duplicate")
        data = data["columns"]
    if not isinstance(data, dict):
        raise ValueError(f'{path}: expected {{"header in the file": "field", ...}}')
    valid = field_specs(kind)
    mapping: dict[str, str] = {}
    for header, target in data.items():
        if target is None or target == "":
            continue
        if target not in valid:
            raise ValueError(
                f"{path}: {target!r} is not a field of a {kind} import (fields: {', '.join(valid)})"
            )
        mapping[str(header)] = str(target)
    if on_duplicate is not None and on_duplicate not in DUPLICATE_RULES:
        raise ValueError(f"{path}: on_duplicate must be one of {', '.join(DUPLICATE_RULES)}")
    if not isinstance(values, dict):
        raise ValueError(f'{path}: "values" must be {{"header": {{"value in the file": "code"}}}}')
    choices: dict[str, dict[str, str | None]] = {}
    for header, readings in values.items():
        name = mapping.get(str(header), str(header) if str(header) in valid else None)
        spec = valid.get(name) if name else None
        if spec is None or not isinstance(spec.parse, ChoiceTable) or not isinstance(readings, dict):
            raise ValueError(f'{path}: "values" names {header!r}, which is not a mapped choice column')
        table = spec.parse
        checked: dict[str, str | None] = {}
        for value, code in readings.items():
            if isinstance(code, dict):  # as write_mapping_file shows it: {"use": code, "rows": n, ...}
                code = code.get("use")
            if code is not None:
                try:
                    table.member(str(code))
                except ValueError as exc:
                    raise ValueError(f"{path}: {header!r}, value {value!r}: {exc}") from None
            checked[str(value)] = None if code is None else str(code)
        choices[spec.name] = checked
    return ImportMapping(mapping, choices=choices, on_duplicate=on_duplicate)


def write_mapping_file(
    path: Path,
    *,
    mapping: dict[str, str],
    columns: Sequence[ChoiceColumn] = (),
    on_duplicate: str = "update",
) -> None:
    """A mapping file to check and edit before `--mapping`: the columns, each distinct value of each
    choice column with the code proposed for it (and the codes it may take), and the duplicate rule."""
    data: dict[str, Any] = {
        "columns": dict(mapping),
        "on_duplicate": on_duplicate,
        "duplicate_rules": {
            "update": "fill the blanks of the existing contact only",
            "overwrite": "replace what differs",
            "skip": "leave the existing contact alone",
        },
        "values": {
            column.header: {
                proposal.value: {"use": proposal.proposed, "rows": proposal.rows, "why": proposal.note}
                if proposal.note
                else {"use": proposal.proposed, "rows": proposal.rows}
                for proposal in column.values
            }
            for column in columns
        },
        "codes": {column.header: list(column.options) for column in columns},
    }
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
