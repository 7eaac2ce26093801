"""The demo's contact scores, computed as the scoring service does."""

from __future__ import annotations

from sqlalchemy import select

from dealercrm.demo.base import DemoBase
from dealercrm.models import Contact
from dealercrm.services.scoring import refresh_scores


class Scores(DemoBase):
    """Scores computed at demo time, as a manager's recalculation would."""

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
