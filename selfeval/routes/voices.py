"""Other voices: the SENCO asks colleagues, governors, parents and pupils for their views.

People answer through a signed link without an account. Parents' and pupils' answers are
anonymous: no name is asked for or stored.
"""

from datetime import timedelta

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer
from wtforms.fields.choices import SelectChoice

from app.auth.decorators import la_role_required
from app.mail import send
from app.models import Role
from app.tenancy import current_la
from selfeval import bp, context, interfaces
from selfeval.forms import VoiceInvitationForm, evidence_field_name, rating_field_name, voice_form_class
from selfeval.models import VoiceKind

public_bp = Blueprint("voice", __name__, template_folder="../templates")
LINK_MAX_AGE = timedelta(days=120)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="voice")


def voice_link(invitation) -> str:
    token = _serializer().dumps({"v": invitation.id, "n": invitation.nonce})
    return url_for("voice.answer", token=token, _external=True)


def _invitation_from(token: str):
    if len(token) > 300:
        return None
    try:
        data = _serializer().loads(token, max_age=int(LINK_MAX_AGE.total_seconds()))
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("v"), int):
        return None
    return interfaces.open_voice_invitation(data["v"], str(data.get("n")))


@bp.route("/<int:self_evaluation_id>/voices", methods=["GET", "POST"])
@la_role_required(Role.SENCO)
def voices(self_evaluation_id: int):
    ctx = context.load(self_evaluation_id)
    if not ctx.can_edit:
        abort(403)
    form = VoiceInvitationForm(area_choices=[
        SelectChoice(a.id, f"{a.number}. {a.title}") for a in ctx.variant.areas
    ])
    if form.validate_on_submit():
        kind = VoiceKind[form.kind.data]
        invitation = interfaces.create_voice_invitation(
            current_la, ctx.evaluation, kind, form.areas.data, form.email.data or None,
            form.name.data or None, current_user,
        )
        link = voice_link(invitation)
        if invitation.email:
            send(invitation.email, f"Your views on SEND at {ctx.school.name}",
                 render_template("selfeval/email/voice_invitation.txt", ctx=ctx,
                                 invitation=invitation, link=link), la_id=current_la.id)
            flash(f"An email asking for views has been sent to {invitation.email}.")
        else:
            flash("A link has been created. Copy it from the list below and share it.")
        return redirect(url_for("selfeval.voices", self_evaluation_id=ctx.evaluation.id))
    invitations = interfaces.list_voice_invitations(current_la, ctx.evaluation)
    return render_template(
        "selfeval/voices.html", ctx=ctx, form=form,
        invitations=[(i, voice_link(i)) for i in invitations],
        areas={a.id: a for a in ctx.variant.areas},
    ), 400 if form.errors else 200


@bp.post("/<int:self_evaluation_id>/voices/<int:voice_id>/close")
@la_role_required(Role.SENCO)
def close_voice(self_evaluation_id: int, voice_id: int):
    ctx = context.load(self_evaluation_id)
    if not ctx.can_edit:
        abort(403)
    invitation = interfaces.get_voice_invitation(current_la, ctx.evaluation, voice_id)
    interfaces.close_voice_invitation(current_la, invitation)
    flash("The link has been closed. Answers already given are kept.")
    return redirect(url_for("selfeval.voices", self_evaluation_id=ctx.evaluation.id))


def _statements_for(invitation, variant):
    chosen = [a for a in variant.areas if a.id in invitation.area_ids]
    statements = [s for a in chosen for s in a.statements]
    if invitation.kind is VoiceKind.PUPIL:
        statements = [s for s in statements if s.pupil_text]
    return chosen, statements


@public_bp.route("/views/<token>", methods=["GET", "POST"])
def answer(token: str):
    invitation = _invitation_from(token)
    if invitation is None:
        return render_template("selfeval/voice_closed.html"), 404
    evaluation = interfaces.evaluation_for_voice(invitation)
    if evaluation.submitted:
        return render_template("selfeval/voice_closed.html"), 404
    framework = interfaces.framework_of(evaluation.framework_version)
    variant = framework.variant(evaluation.variant_id)
    areas, statements = _statements_for(invitation, variant)
    pupil = invitation.kind is VoiceKind.PUPIL
    form = voice_form_class(statements, framework.scale, pupil,
                            ask_name=not invitation.kind.anonymous)()
    if form.validate_on_submit():
        ratings = {
            s.id: (form[rating_field_name(i)].value, form[evidence_field_name(i)].data or "")
            for i, s in enumerate(statements, start=1)
        }
        if all(rating is None for rating, _ in ratings.values()):
            form[rating_field_name(1)].errors = ["Rate at least one statement before you send"]
        else:
            name = form.respondent_name.data if "respondent_name" in form else None
            interfaces.record_voice(invitation, ratings, name)
            return redirect(url_for("voice.thanks"))
    school_name = interfaces.school_name_for(evaluation)
    return render_template(
        "selfeval/voice_answer.html", form=form, invitation=invitation, areas=areas,
        statements=statements, scale=framework.scale, pupil=pupil, school_name=school_name,
    ), 400 if form.errors else 200


@public_bp.get("/views/thank-you")
def thanks():
    return render_template("selfeval/voice_thanks.html")
