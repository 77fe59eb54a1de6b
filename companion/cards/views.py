"""My card as a QR code: the SVG for the phone screen, and a printable badge."""

from flask import Blueprint, Response, g, render_template, request
from sqlalchemy import select

from .badge import render_badge
from .db import db
from .models import Card
from .qrcodes import qr_etag, qr_version, render_svg
from .record_fields import CARD_FIELDS
from .security import login_required
from .vcard import build_vcard

bp = Blueprint("cards", __name__, url_prefix="/card")


def my_card() -> Card:
    return db.session.execute(select(Card).where(Card.user_id == g.user.id)).scalar_one()


def card_payload(card: Card) -> str:
    """Return the vCard the QR holds: only the fields the user chose."""
    fields = {name: getattr(card, name) or "" for name in CARD_FIELDS}
    if not fields["name"]:
        fields["name"] = fields["email"] or "Companion user"
    return build_vcard(fields, card.in_qr or [])


def cached_image(render, mimetype: str, etag: str, card: Card) -> Response:
    """Answer with the image `render()` draws, or 304 when the device already holds it."""
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        response = Response(render(), mimetype=mimetype)
    response.set_etag(etag)
    response.headers["Cache-Control"] = "private, no-cache"
    # The app keeps the last QR for offline use and needs to know which card it shows.
    response.headers["X-Card-Version"] = str(card.version)
    return response


@bp.get("/qr.svg")
@login_required
def qr_svg():
    card = my_card()
    payload = card_payload(card)
    return cached_image(lambda: render_svg(payload), "image/svg+xml",
                        qr_etag(payload, "svg"), card)


@bp.get("/badge.png")
@login_required
def badge_png():
    card = my_card()
    payload = card_payload(card)
    etag = "badge-" + qr_etag(payload + "\n" + card.name + card.title + card.company, "png")
    response = cached_image(
        lambda: render_badge(card.name, card.title, card.company, payload), "image/png",
        etag, card,
    )
    if request.args.get("download"):
        response.headers["Content-Disposition"] = 'attachment; filename="badge.png"'
    return response


@bp.get("/print")
@login_required
def print_badge():
    card = my_card()
    return render_template("cards/print.html", card=card,
                           qr_version=qr_version(card_payload(card)))
