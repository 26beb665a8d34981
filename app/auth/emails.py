from flask import render_template, url_for

from app.auth import tokens
from app.mail import send
from app.models import Invitation, LocalAuthority


def send_invitation(invitation: Invitation, la: LocalAuthority) -> None:
    link = url_for(
        "auth.accept_invitation",
        token=tokens.make_invitation_token(invitation.id, invitation.nonce),
        _external=True,
    )
    body = render_template("auth/email/invitation.txt", invitation=invitation, la=la, link=link)
    send(invitation.email, f"You are invited to SEND Triads for {la.name}", body, la_id=la.id)
