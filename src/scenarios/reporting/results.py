"""The finished results a report draws: the analyses, the ledger's history, the signposts."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from scenarios.analyses.assessment import Assessment

if TYPE_CHECKING:
    from scenarios.ledger.records import History
    from scenarios.ledger.signposting import Signposts


@dataclass(frozen=True)
class Results(Assessment):
    """Every analysis the page shows, computed once (the numbers are the same in every
    language): the workspace's assessment, plus the ledger's records and the signposts."""

    history: History | None = None  # the ledger's records (None: the ledger has none)
    # what would move each country one rank, and what the indicators to watch would do
    signposts: Signposts | None = None

    @classmethod
    def of(
        cls,
        assessment: Assessment,
        *,
        history: History | None = None,
        signposts: Signposts | None = None,
        ledger: str | None = None,
    ) -> Results:
        """The report's results: an assessment with the ledger's history (read from the file
        `ledger`, None: the workspace's own) and the signposts."""
        found = {f.name: getattr(assessment, f.name) for f in fields(assessment)}
        found["settings"] = {**assessment.settings, "ledger": ledger}
        return cls(**found, history=history, signposts=signposts)


__all__ = ["Results"]
