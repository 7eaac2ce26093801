"""What every service holds (where its sessions come from, who is acting) and the look-ups they share."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from dealercrm.i18n import _
from dealercrm.models import Contact
from dealercrm.services.errors import NotFound
from dealercrm.services.permissions import Actor


class Service:
    """A service over the database, acting for one user (permissions are checked against them)."""

    def __init__(self, session_factory: sessionmaker[Session], *, actor: Actor) -> None:
        self._session_factory = session_factory
        self._actor = actor


def get_contact(session: Session, contact_id: int, *, include_erased: bool = False) -> Contact:
    """The contact with this id; NotFound if there is none, or if it was erased (unless include_erased)."""
    contact = session.get(Contact, contact_id)
    if contact is None or (contact.erased_at is not None and not include_erased):
        raise NotFound(_("Contact #{contact_id} does not exist (any more).").format(contact_id=contact_id))
    return contact
