"""Other adult social care: the measures analysts read that fit no theme (direct payments,
permanent admissions to care homes, people awaiting assessment, annual reviews, contacts and
complaints), compared with the same functions as every theme."""

from __future__ import annotations

from ..tables import Appendix
from .theme import theme_appendix

TITLE = "Other adult social care"
LEAD = ("Direct payments, permanent admissions to care homes, people awaiting assessment, "
        "annual reviews, contacts and complaints: the measures that fit no theme.")


def other(ctx) -> Appendix:
    """The comparison, ratings and history of the notebook's measures (:func:`theme_appendix`)."""
    return theme_appendix(ctx, ctx.params["measures"], TITLE, LEAD)
