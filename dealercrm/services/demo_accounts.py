"""The demo dealership's accounts and their shared password, in a module of their own: the login screen
lists them without loading the demo generator (and its name lists) at start-up."""

from __future__ import annotations

from dataclasses import dataclass

from dealercrm.models.enums import Role

DEMO_PASSWORD = "demo1234"


@dataclass(frozen=True)
class DemoAccount:
    login: str
    display_name: str
    role: Role


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("admin", "Administrateur", Role.ADMIN),
    DemoAccount("marc", "Marc Lefèvre", Role.MANAGER),
    DemoAccount("julie", "Julie Moreau", Role.SALESPERSON),
    DemoAccount("thomas", "Thomas Girard", Role.SALESPERSON),
    DemoAccount("lea", "Léa Fontaine", Role.SALESPERSON),
    DemoAccount("sophie", "Sophie Bernard", Role.AFTERSALES),
    DemoAccount("nicolas", "Nicolas Roux", Role.AFTERSALES),  # workshop chief
    DemoAccount("karim", "Karim Benali", Role.MARKETING),
)
