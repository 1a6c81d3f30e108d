"""The portal's section on calls for funds: what the owner owes (calls and settlement balances), what of it is
paid, to whom, by when, the communication and the QR code their banking app scans."""
from __future__ import annotations

from typing import Any

from domain.access import allowed
from domain.calls.dues import Due, my_account
from web import qr
from web.i18n import gettext as t


def qr_codes(dues: list[Due], scale: int = 3) -> dict[tuple[str, Any], Any]:
    """Each due still to pay with its QR code drawn inline, by (source, id)."""
    return {(d.source, d.call_id): qr.svg(d.qr, t("Code QR de paiement : %(label)s", label=d.label), scale=scale)
            for d in dues if d.qr}


async def my_calls(conn: Any, actor: Any) -> tuple[str, dict[str, Any]] | None:
    """The owner's latest dues (a dozen), each with what is paid and left, and its QR code."""
    if not allowed(actor, "dues.read"):
        return None
    found = await my_account(conn, actor)
    if found is None or (not found.dues and not found.settlements):
        return None
    shown = found.dues[:12]
    first = next(((d.source, d.call_id) for d in shown if d.qr), None)  # its QR code shown open
    return "portal/_calls.html", {"dues": shown, "codes": qr_codes(shown), "settlements": found.settlements[:12],
                                  "credit": found.credit_left, "advance": found.advance, "open": first}
