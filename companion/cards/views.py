"""My card as a QR code: the SVG for the phone screen, and a printable badge."""

from flask import Blueprint, Response, g, render_template, request

from ..accounts.session import login_required
from ..models import Card
from .badge import render_badge
from .qrcodes import qr_etag, qr_version, render_svg
from .service import card_of, card_payload

bp = Blueprint("cards", __name__, url_prefix="/card")


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
    card = card_of(g.user)
    payload = card_payload(card)
    return cached_image(lambda: render_svg(payload), "image/svg+xml",
                        qr_etag(payload, "svg"), card)


@bp.get("/badge.png")
@login_required
def badge_png():
    card = card_of(g.user)
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
    card = card_of(g.user)
    return render_template("cards/print.html", card=card,
                           qr_version=qr_version(card_payload(card)))
