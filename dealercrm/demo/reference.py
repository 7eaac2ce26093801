"""The demo dealership's reference data: catalogue, places, names, and the texts its people write."""

from __future__ import annotations

from dataclasses import dataclass

from dealercrm.models.enums import (
    BodyType,
    CallOutcome,
    Channel,
    ClaimCategory,
    ClaimStatus,
    ConsentPurpose,
    Direction,
    Fuel,
    InteractionType,
    LinkKind,
    ServiceKind,
    SourceChannel,
    SpendChannel,
    Stage,
    TaskKind,
    VehicleCondition,
)

# --- Reference data -------------------------------------------------------------------------------

DEALERSHIP_NAME = "Garage des Tilleuls Automobiles"
DEALERSHIP_DOMAIN = "garage-des-tilleuls.fr"
DEALERSHIP_BRANDS = ("Renault", "Dacia", "Peugeot", "Citroën")


@dataclass(frozen=True)
class CarModel:
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

CATALOG: tuple[CarModel, ...] = (
    CarModel("Renault", "Clio", _B.CITY, ("VF1",), 10, (
        ("TCe 90 Evolution", _P, 19900), ("E-Tech full hybrid 145 Techno", _H, 25400),
        ("ECO-G 100 Esprit Alpine", _L, 23900), ("Blue dCi 100 Evolution", _D, 22500))),
    CarModel("Renault", "Captur", _B.SUV, ("VF1",), 9, (
        ("TCe 90 Evolution", _P, 23900), ("mild hybrid 160 Techno", _P, 28900),
        ("E-Tech full hybrid 145 Iconic", _H, 31900), ("E-Tech plug-in 160 Techno", _PH, 34000))),
    CarModel("Renault", "Mégane", _B.HATCHBACK, ("VF1",), 4, (
        ("TCe 140 Techno", _P, 29500), ("Blue dCi 115 Evolution", _D, 30500)), current=False),
    CarModel("Renault", "Mégane Estate", _B.ESTATE, ("VF1",), 2, (
        ("Blue dCi 115 Business", _D, 31500), ("E-Tech plug-in 160 R.S. Line", _PH, 39900)), current=False),
    CarModel("Renault", "Mégane E-Tech", _B.HATCHBACK, ("VF1",), 3, (
        ("EV60 220 ch optimum charge Techno", _E, 42000), ("EV60 220 ch Iconic", _E, 44500))),
    CarModel("Renault", "Austral", _B.SUV, ("VF1",), 6, (
        ("mild hybrid 130 Evolution", _P, 33900), ("mild hybrid advanced 130 Techno", _P, 36900),
        ("E-Tech full hybrid 200 Iconic", _H, 43900))),
    CarModel("Renault", "Arkana", _B.COUPE, ("VF1",), 3, (
        ("E-Tech full hybrid 145 Techno", _H, 35400), ("mild hybrid 140 Evolution", _P, 31900))),
    CarModel("Renault", "Scénic E-Tech", _B.MPV, ("VF1",), 2, (
        ("Electric 220 ch grande autonomie Iconic", _E, 46000),)),
    CarModel("Renault", "Kangoo Van", _B.VAN, ("VF1",), 3, (
        ("Blue dCi 95 Grand Confort", _D, 26900), ("E-Tech electric 122 Extra", _E, 38900))),
    CarModel("Renault", "Zoe", _B.CITY, ("VF1",), 2, (("R135 Zen", _E, 33000),), current=False),
    CarModel("Peugeot", "208", _B.CITY, ("VF3",), 10, (
        ("PureTech 75 Like", _P, 18500), ("PureTech 100 Allure", _P, 23200),
        ("BlueHDi 100 Active", _D, 23900), ("e-208 156 ch GT", _E, 37000),
        ("Hybrid 100 e-DCS6 Allure", _H, 26500))),
    CarModel("Peugeot", "2008", _B.SUV, ("VF3",), 8, (
        ("PureTech 130 Allure", _P, 29900), ("Hybrid 136 e-DCS6 GT", _H, 33500),
        ("e-2008 156 ch Allure", _E, 38900), ("BlueHDi 130 EAT8 GT", _D, 33000))),
    CarModel("Peugeot", "308", _B.HATCHBACK, ("VF3",), 6, (
        ("PureTech 130 EAT8 Allure", _P, 32000), ("Hybrid 180 e-EAT8 GT", _PH, 42000),
        ("BlueHDi 130 EAT8 Allure Pack", _D, 34500))),
    CarModel("Peugeot", "308 SW", _B.ESTATE, ("VF3",), 3, (
        ("Hybrid 136 e-DCS6 Allure", _H, 35500), ("BlueHDi 130 EAT8 GT", _D, 37000))),
    CarModel("Peugeot", "408", _B.COUPE, ("VF3",), 2, (("Hybrid 136 e-DCS6 Allure", _H, 37000),)),
    CarModel("Peugeot", "3008", _B.SUV, ("VF3",), 7, (
        ("Hybrid 136 e-DCS6 Allure", _H, 41000), ("Plug-in Hybrid 195 e-DCS7 GT", _PH, 48500),
        ("e-3008 210 ch GT", _E, 46000))),
    CarModel("Peugeot", "5008", _B.SUV, ("VF3",), 3, (("Hybrid 136 e-DCS6 Allure 7 places", _H, 43500),)),
    CarModel("Peugeot", "Partner", _B.VAN, ("VF3",), 2, (("Standard BlueHDi 100 Asphalt", _D, 25000),)),
    CarModel("Peugeot", "Rifter", _B.MPV, ("VF3",), 2, (("BlueHDi 100 Allure", _D, 29000),)),
    CarModel("Citroën", "C3", _B.CITY, ("VF7",), 8, (
        ("PureTech 83 Feel", _P, 17900), ("Turbo 100 Plus", _P, 19900), ("ë-C3 113 ch You", _E, 23300),
        ("BlueHDi 100 Shine", _D, 21500))),
    CarModel("Citroën", "C3 Aircross", _B.SUV, ("VF7",), 4, (
        ("PureTech 110 Plus", _P, 23000), ("Hybrid 136 e-DCS6 Max", _H, 28500))),
    CarModel("Citroën", "C4", _B.HATCHBACK, ("VF7",), 3, (
        ("PureTech 130 EAT8 Shine", _P, 29500), ("ë-C4 136 ch Feel Pack", _E, 35500))),
    CarModel("Citroën", "C5 Aircross", _B.SUV, ("VF7",), 5, (
        ("PureTech 130 EAT8 Feel Pack", _P, 34500), ("Hybrid rechargeable 225 ë-EAT8 Shine", _PH, 44500),
        ("BlueHDi 130 EAT8 Shine", _D, 37000))),
    CarModel("Citroën", "C5 X", _B.SEDAN, ("VF7",), 1, (("Hybrid 180 ë-EAT8 Shine", _PH, 43000),)),
    CarModel("Citroën", "Berlingo", _B.MPV, ("VF7",), 3, (
        ("BlueHDi 100 Feel M", _D, 28500), ("ë-Berlingo 136 ch Plus M", _E, 36000))),
    CarModel("Dacia", "Sandero", _B.CITY, ("UU1",), 10, (
        ("SCe 65 Essential", _P, 12900), ("TCe 90 Expression", _P, 15400),
        ("Stepway ECO-G 100 Extreme", _L, 18400), ("Stepway TCe 110 Journey", _P, 19200))),
    CarModel("Dacia", "Duster", _B.SUV, ("UU1",), 7, (
        ("TCe 130 Journey", _P, 22900), ("ECO-G 100 Expression", _L, 21400),
        ("Hybrid 140 Extreme", _H, 26900), ("Blue dCi 115 4x4 Prestige", _D, 24000))),
    CarModel("Dacia", "Jogger", _B.MPV, ("UU1",), 4, (
        ("ECO-G 100 Expression 7 places", _L, 20900), ("Hybrid 140 Extreme 7 places", _H, 27000))),
    CarModel("Dacia", "Spring", _B.CITY, ("UU1",), 3, (("Electric 65 Extreme", _E, 18900),)),
    CarModel("Toyota", "Yaris", _B.CITY, ("VNK",), 6, (
        ("Hybride 116h Design", _H, 24900), ("1.5 VVT-i 125 Dynamic", _P, 21900))),
    CarModel("Toyota", "Yaris Cross", _B.SUV, ("VNK",), 5, (
        ("Hybride 116h Design", _H, 29900), ("Hybride 130h GR Sport", _H, 34500))),
    CarModel("Toyota", "C-HR", _B.SUV, ("JTD", "NMT"), 4, (
        ("Hybride 140h Design", _H, 36000), ("Hybride rechargeable 220h GR Sport", _PH, 47000))),
    CarModel("Toyota", "Corolla Touring Sports", _B.ESTATE, ("JTD", "SB1"), 3, (
        ("Hybride 140h Design", _H, 34500),)),
    CarModel("Toyota", "Hilux", _B.PICKUP, ("AHT",), 1, (
        ("2.8 D-4D 204 Double Cabine Invincible", _D, 52000),)),
    CarModel("Volkswagen", "Polo", _B.CITY, ("WVW",), 4, (("1.0 TSI 95 Life", _P, 22500),)),
    CarModel("Volkswagen", "Golf", _B.HATCHBACK, ("WVW",), 6, (
        ("1.5 eTSI 150 DSG7 Style", _P, 38000), ("2.0 TDI 115 Life", _D, 34500),
        ("1.5 eHybrid 204 DSG6 GTE", _PH, 46000))),
    CarModel("Volkswagen", "T-Roc", _B.SUV, ("WVG",), 5, (
        ("1.0 TSI 115 Life", _P, 29000), ("1.5 TSI 150 DSG7 R-Line", _P, 37500))),
    CarModel("Volkswagen", "T-Roc Cabriolet", _B.CONVERTIBLE, ("WVW",), 1, (
        ("1.5 TSI 150 DSG7 R-Line", _P, 40000),)),
    CarModel("Volkswagen", "Tiguan", _B.SUV, ("WVG",), 3, (("1.5 eTSI 150 DSG7 Life Plus", _P, 43000),)),
    CarModel("Volkswagen", "ID.3", _B.HATCHBACK, ("WVW",), 2, (("Pro 58 kWh 204 ch", _E, 40000),)),
    CarModel("Tesla", "Model 3", _B.SEDAN, ("5YJ", "LRW"), 3, (
        ("Propulsion", _E, 40000), ("Grande Autonomie Transmission intégrale", _E, 50000))),
    CarModel("Tesla", "Model Y", _B.SUV, ("XP7", "5YJ"), 3, (
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
CONSENT_CHANCES = (
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
GRANT_CHANCE = {
    ConsentPurpose.PROSPECTING: 0.62,
    ConsentPurpose.SERVICE: 0.88,
    ConsentPurpose.SURVEYS: 0.5,
    ConsentPurpose.PARTNERS: 0.2,
}
WITHDRAWAL_PROOF = {
    Channel.EMAIL: "lien de désinscription de l'e-mail du {day}",
    Channel.SMS: "réponse STOP au SMS du {day}",
    Channel.PHONE: "opposition exprimée lors de l'appel du {day}",
    Channel.POST: "courrier reçu le {day}",
    Channel.VISIT: "demande faite en concession le {day}",
}

# Task kind: (minutes, where).
TASK_PLACES: dict[TaskKind, tuple[int, str | None]] = {
    TaskKind.CALL_BACK: (15, None),
    TaskKind.APPOINTMENT: (60, "Showroom"),
    TaskKind.TEST_DRIVE: (45, "Parking essais"),
    TaskKind.DELIVERY: (60, "Espace livraison"),
    TaskKind.FOLLOW_UP: (30, None),
}
# Each salesperson's days around today: (days from today, hour, kind).
AGENDA = (
    (-1, 10.5, TaskKind.CALL_BACK), (-2, 15.0, TaskKind.CALL_BACK), (-5, 11.25, TaskKind.CALL_BACK),
    (0, 9.5, TaskKind.CALL_BACK), (0, 11.0, TaskKind.APPOINTMENT), (0, 14.5, TaskKind.TEST_DRIVE),
    (0, 16.75, TaskKind.TEST_DRIVE),
    (0, 16.0, TaskKind.CALL_BACK), (0, 17.5, TaskKind.DELIVERY), (1, 10.0, TaskKind.APPOINTMENT),
    (1, 15.5, TaskKind.TEST_DRIVE), (2, 11.0, TaskKind.CALL_BACK), (3, 14.0, TaskKind.APPOINTMENT),
    (5, 10.5, TaskKind.DELIVERY), (7, 16.0, TaskKind.FOLLOW_UP),
)
OPEN_CLAIMS = (
    ClaimStatus.OPEN, ClaimStatus.IN_PROGRESS, ClaimStatus.WAITING_CUSTOMER, ClaimStatus.WAITING_PARTS,
)
CHANNEL_NAMES = {
    Channel.EMAIL: "par e-mail",
    Channel.SMS: "par SMS",
    Channel.PHONE: "par téléphone",
    Channel.POST: "par courrier",
    Channel.VISIT: "à l'accueil",
}
CLAIM_FIRST_CONTACT = {
    Channel.PHONE: (InteractionType.CALL, Direction.INBOUND),
    Channel.EMAIL: (InteractionType.EMAIL, Direction.INBOUND),
    Channel.VISIT: (InteractionType.VISIT, Direction.INBOUND),
    Channel.POST: (InteractionType.NOTE, Direction.OUTBOUND),
    Channel.SMS: (InteractionType.SMS, Direction.INBOUND),
}
# Monthly marketing spend of a 3000-contact dealership: channel: (euros, what it pays for).
SPEND = {
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
BUY_CHANCE = {
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
TRADE_IN_FACTOR, NO_TRADE_IN_FACTOR = 1.3, 0.9  # 35 % of contacts declare a trade-in
MODEL_KNOWN_FACTOR, NO_MODEL_FACTOR = 1.1, 0.75  # 80 % know the model they want (and state a budget)
SMS_TEST_DRIVE = "SMS de confirmation de l'essai."
EMAIL_OFFER = "Envoi de l'offre détaillée et de la simulation de financement."
CALL_AFTER_DELIVERY = "Appel J+7 après livraison : client satisfait."
SMS_SURVEY = "SMS : enquête de satisfaction après livraison."
SMS_CAR_READY = "SMS : votre véhicule est prêt à l'atelier."
CALL_SERVICE = "Rappel de l'entretien, rendez-vous atelier pris."
CALL_CLAIM_DONE = "Appel au client : réclamation traitée."
# fmt: on
# The chance an owner has the next maintenance done in our workshop, for a car bought new (under
# warranty) or used (or out of warranty).
MAINTENANCE_LOYALTY = {VehicleCondition.NEW: 0.92, VehicleCondition.USED: 0.8}
