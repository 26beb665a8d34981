"""Evidence files behind ratings, and comments on areas from the coach school or the LA."""

from flask import flash, redirect, request, url_for

from app.auth.decorators import la_role_required
from app.auth.principal import signed_in_user
from app.exports import download
from app.forms import ConfirmForm, refuse_button, render_form, save
from app.tenancy import current_la
from selfeval import access, bp, interfaces
from selfeval.access import Need
from selfeval.forms.evaluations import CommentForm
from selfeval.forms.evidence import EvidenceUploadForm


@bp.route("/<int:self_evaluation_id>/areas/<area_id>/evidence", methods=["GET", "POST"])
@la_role_required(*access.READERS)
def evidence(self_evaluation_id: int, area_id: str):
    ctx = access.load(self_evaluation_id, Need.CHANGE if request.method == "POST" else Need.VIEW)
    area = ctx.area(area_id)
    form = EvidenceUploadForm(statements=area.statements)
    if form.validate_on_submit() and save(form, lambda: interfaces.add_area_evidence(
        current_la, ctx.evaluation, area, form.statement_id, form.upload.filename, form.upload.content_type,
        form.upload.data, signed_in_user(),
    )):
        flash(f"{form.upload.filename} has been uploaded.")
        return redirect(url_for("selfeval.evidence", self_evaluation_id=ctx.evaluation.id, area_id=area.id))
    return render_form("selfeval/evidence.html", form, ctx=ctx, area=area,
                       files=interfaces.list_area_evidence(current_la, ctx.evaluation, area.id),
                       statements={s.id: s for s in area.statements})


@bp.get("/<int:self_evaluation_id>/evidence/<int:evidence_id>")
@la_role_required(*access.READERS)
def download_evidence(self_evaluation_id: int, evidence_id: int):
    ctx = access.load(self_evaluation_id)
    file = interfaces.get_evidence(current_la, ctx.evaluation, evidence_id)
    return download(file.data, file.content_type, file.filename)


@bp.route("/<int:self_evaluation_id>/evidence/<int:evidence_id>/delete", methods=["GET", "POST"])
@la_role_required(access.EDITOR)
def delete_evidence(self_evaluation_id: int, evidence_id: int):
    """Asks first (GET), deletes on the answer (POST): a file deleted is gone for good."""
    ctx = access.load(self_evaluation_id, Need.ANSWER)
    file = interfaces.get_evidence(current_la, ctx.evaluation, evidence_id)
    area_id = interfaces.area_of_evidence(ctx.evaluation, file)
    back = url_for("selfeval.evidence", self_evaluation_id=ctx.evaluation.id, area_id=area_id)
    if not ctx.can_edit:
        return refuse_button(access.LOCKED, back)
    form = ConfirmForm()
    if form.validate_on_submit():
        interfaces.delete_evidence(current_la, file)
        flash(f"{file.filename} has been deleted.")
        return redirect(back)
    return render_form("selfeval/evidence_delete.html", form, ctx=ctx, file=file, area=ctx.area(area_id),
                       back=back)


@bp.post("/<int:self_evaluation_id>/areas/<area_id>/comments")
@la_role_required(*access.READERS)
def comment(self_evaluation_id: int, area_id: str):
    ctx = access.load(self_evaluation_id, Need.COMMENT)
    area = ctx.area(area_id)
    form = CommentForm()
    if form.validate_on_submit() and save(
        form, lambda: interfaces.add_comment(current_la, ctx.evaluation, area.id, form.body.data, signed_in_user())
    ):
        flash("Your comment has been added.")
        return redirect(url_for("selfeval.area", self_evaluation_id=ctx.evaluation.id,
                                area_id=area.id) + "#comments")
    return render_form("selfeval/comment_error.html", form, ctx=ctx, area=area)
