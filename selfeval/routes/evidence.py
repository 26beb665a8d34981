"""Evidence files behind ratings, and comments on areas from the coach school or the LA."""

from pathlib import PurePath

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.auth.decorators import la_role_required
from app.tenancy import current_la
from selfeval import bp, context, interfaces
from selfeval.forms import CommentForm, EvidenceUploadForm
from selfeval.routes.evaluations import ANYONE_IN_LA

MAX_EVIDENCE_BYTES = 5 * 1024 * 1024
# Extension -> (content type, how the file must start). Checked on the bytes, not the name.
ALLOWED = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (b"PK\x03\x04",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".txt": ("text/plain", ()),
    ".csv": ("text/csv", ()),
}


def check_file(filename: str, data: bytes) -> tuple[str | None, str | None]:
    """(content type, None) when acceptable, else (None, what is wrong)."""
    extension = PurePath(filename.lower()).suffix
    if extension not in ALLOWED:
        return None, "The file must be a PDF, Word, Excel, PowerPoint, PNG, JPEG, text or CSV file"
    if not data:
        return None, "The selected file is empty"
    if len(data) > MAX_EVIDENCE_BYTES:
        return None, "The file must be smaller than 5 MB"
    content_type, signatures = ALLOWED[extension]
    if signatures and not data.startswith(signatures):
        return None, f"The file is not a real {extension.lstrip('.').upper()} file"
    if not signatures:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return None, "A text file must be saved as UTF-8"
    return content_type, None


def _safe_name(filename: str) -> str:
    name = PurePath(filename.replace("\\", "/")).name
    return "".join(ch for ch in name if ch.isalnum() or ch in " ._-()")[:200] or "evidence"


@bp.route("/<int:self_evaluation_id>/areas/<area_id>/evidence", methods=["GET", "POST"])
@la_role_required(*ANYONE_IN_LA)
def evidence(self_evaluation_id: int, area_id: str):
    ctx = context.load(self_evaluation_id)
    area = ctx.area(area_id)
    form = EvidenceUploadForm()
    form.statement.choices = [SelectChoice("", "The area as a whole")] + [
        SelectChoice(s.id, f"{i}. {s.text}") for i, s in enumerate(area.statements, start=1)
    ]
    if form.is_submitted() and not ctx.can_edit:
        abort(403)
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read(MAX_EVIDENCE_BYTES + 1)
        filename = _safe_name(upload.filename or "")
        content_type, problem = check_file(filename, data)
        statement_id = form.statement.data or None
        if statement_id and statement_id not in {s.id for s in area.statements}:
            form.statement.errors = ["Select a statement from the list"]
        elif problem:
            form.file.errors = [problem]
        else:
            response = interfaces.area_response(ctx.evaluation, area.id)
            if response is None:
                response = interfaces.save_area(
                    current_la, ctx.evaluation, area,
                    interfaces.AreaAnswers({}, None, "", "", "", False), None)
            interfaces.add_evidence(current_la, response, statement_id, filename, content_type,
                                    data, current_user)
            flash(f"{filename} has been uploaded.")
            return redirect(url_for("selfeval.evidence", self_evaluation_id=ctx.evaluation.id,
                                    area_id=area.id))
    response = interfaces.area_response(ctx.evaluation, area.id)
    files = [f for f in interfaces.list_evidence(current_la, ctx.evaluation)
             if response is not None and f.area_response_id == response.id]
    return render_template("selfeval/evidence.html", ctx=ctx, area=area, form=form, files=files,
                           statements={s.id: s for s in area.statements}), 400 if form.errors else 200


@bp.get("/<int:self_evaluation_id>/evidence/<int:evidence_id>")
@la_role_required(*ANYONE_IN_LA)
def download_evidence(self_evaluation_id: int, evidence_id: int):
    ctx = context.load(self_evaluation_id)
    file = interfaces.get_evidence(current_la, ctx.evaluation, evidence_id)
    response = Response(file.data, mimetype=file.content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/<int:self_evaluation_id>/evidence/<int:evidence_id>/delete")
@la_role_required(*ANYONE_IN_LA)
def delete_evidence(self_evaluation_id: int, evidence_id: int):
    ctx = context.load(self_evaluation_id)
    if not ctx.can_edit:
        abort(403)
    file = interfaces.get_evidence(current_la, ctx.evaluation, evidence_id)
    area_id = next(a.area_id for a in ctx.evaluation.areas if a.id == file.area_response_id)
    interfaces.delete_evidence(current_la, file)
    flash(f"{file.filename} has been deleted.")
    return redirect(url_for("selfeval.evidence", self_evaluation_id=ctx.evaluation.id, area_id=area_id))


@bp.post("/<int:self_evaluation_id>/areas/<area_id>/comments")
@la_role_required(*ANYONE_IN_LA)
def comment(self_evaluation_id: int, area_id: str):
    ctx = context.load(self_evaluation_id)
    area = ctx.area(area_id)
    if not ctx.can_comment:
        abort(403)
    form = CommentForm()
    if form.validate_on_submit():
        interfaces.add_comment(current_la, ctx.evaluation, area.id, form.body.data, current_user)
        flash("Your comment has been added.")
        return redirect(url_for("selfeval.area", self_evaluation_id=ctx.evaluation.id,
                                area_id=area.id) + "#comments")
    return render_template("selfeval/comment_error.html", ctx=ctx, area=area, form=form), 400
