"""My card: the stored record and the vCard its QR code holds."""

from sqlalchemy import select

from ..db import db
from ..models import Card
from ..rules.vcard import build_vcard
from ..sync.fields import CARD_FIELDS


def card_of(user) -> Card:
    """Return the user's card (every account has one from the start)."""
    return db.session.execute(select(Card).where(Card.user_id == user.id)).scalar_one()


def card_payload(card: Card) -> str:
    """Return the vCard the QR holds: only the fields the user chose."""
    fields = {name: getattr(card, name) or "" for name in CARD_FIELDS}
    if not fields["name"]:
        fields["name"] = fields["email"] or "Companion user"
    return build_vcard(fields, card.in_qr or [])
