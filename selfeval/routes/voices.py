"""Other voices: the SENCO asks colleagues, governors, parents and pupils for their views.

People answer through a signed link without an account. Parents' and pupils' answers are
anonymous: no name is asked for or stored.
"""

from flask import Blueprint, flash, redirect, render_template, url_for
from wtforms.fields.choices import SelectChoice

from app.auth.decorators import la_role_required
from app.auth.principal import signed_in_user
from app.forms import refuse_button, render_form, save
from app.mail import send
from app.tenancy import current_la
from selfeval import access, bp, interfaces
from selfeval.access import Need
from selfeval.forms.voices import VoiceInvitationForm, voice_form_class

public_bp = Blueprint("voice", __name__, template_folder="../templates")


@bp.route("/<int:self_evaluation_id>/voices", methods=["GET", "POST"])
@la_role_required(access.EDITOR)
def voices(self_evaluation_id: int):
    ctx = access.load(self_evaluation_id, Need.CHANGE)
    form = VoiceInvitationForm(area_choices=[
        SelectChoice(a.id, f"{a.number}. {a.title}") for a in ctx.variant.areas
    ])
    if form.validate_on_submit() and save(form, lambda: interfaces.create_voice_invitation(
        current_la, ctx.evaluation, form.voice_kind, form.areas.data, form.email.data or None,
        form.name.data or None, signed_in_user(),
    )):
        invitation = form.saved
        link = access.voice_link(invitation)
        if invitation.email:
            send(invitation.email, f"Your views on SEND at {ctx.school.name}",
                 render_template("selfeval/email/voice_invitation.txt", ctx=ctx,
                                 invitation=invitation, link=link), la_id=current_la.id)
            flash(f"An email asking for views has been sent to {invitation.email}.")
        else:
            flash("A link has been created. Copy it from the list below and share it.")
        return redirect(url_for("selfeval.voices", self_evaluation_id=ctx.evaluation.id))
    invitations = interfaces.list_voice_invitations(current_la, ctx.evaluation)
    return render_form(
        "selfeval/voices.html", form, ctx=ctx,
        invitations=[(i, access.voice_link(i)) for i in invitations],
        areas={a.id: a for a in ctx.variant.areas},
    )


@bp.post("/<int:self_evaluation_id>/voices/<int:voice_id>/close")
@la_role_required(access.EDITOR)
def close_voice(self_evaluation_id: int, voice_id: int):
    ctx = access.load(self_evaluation_id, Need.ANSWER)
    invitation = interfaces.get_voice_invitation(current_la, ctx.evaluation, voice_id)
    back = url_for("selfeval.voices", self_evaluation_id=ctx.evaluation.id)
    if not ctx.can_edit:
        return refuse_button(access.LOCKED, url_for("selfeval.task_list", self_evaluation_id=ctx.evaluation.id))
    if invitation.closed_at is not None:
        return refuse_button("This link is already closed.", back)
    interfaces.close_voice_invitation(current_la, invitation)
    flash("The link has been closed. Answers already given are kept.")
    return redirect(back)


@public_bp.route("/views/<token>", methods=["GET", "POST"])
def answer(token: str):
    page = access.load_voice(token)
    if page is None:
        return render_template("selfeval/voice_closed.html"), 404
    invitation = page.invitation
    form = voice_form_class(page.statements, page.scale, page.pupil, ask_name=not invitation.kind.anonymous)()
    if form.validate_on_submit() and save(
        form, lambda: interfaces.record_voice(invitation, form.ratings(), form.name_given)
    ):
        return redirect(url_for("voice.thanks"))
    return render_form(
        "selfeval/voice_answer.html", form, invitation=invitation, areas=page.areas,
        statements=page.statements, scale=page.scale, pupil=page.pupil, school_name=page.school_name,
    )


@public_bp.get("/views/thank-you")
def thanks():
    return render_template("selfeval/voice_thanks.html")
