from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.auth import bp, sessions, tokens, two_step
from app.auth.forms import (
    AcceptInvitationForm,
    AccountForm,
    ChangePasswordForm,
    EmailPreferencesForm,
    NewPasswordForm,
    PasswordResetRequestForm,
    SignInForm,
)
from app.auth.principal import signed_in_user
from app.auth.sessions import start_session
from app.db import utcnow
from app.extensions import db
from app.forms import press, render_form, save
from app.interfaces import invitations, notifications, sign_in_attempts, users
from app.mail import send as send_mail
from app.models import Topic
from app.passwords import verify_password

GENERIC_FAILURE = "Enter the correct email address and password"
TOO_MANY = (
    "You have tried to sign in too many times. Wait 15 minutes and try again, "
    "or reset your password."
)


def safe_next(target: str | None) -> str:
    """Only same-site paths: never an open redirect to another host."""
    if not target:
        return url_for("home.index")
    parts = urlsplit(target)
    # Browsers read "/\evil.example" (and tabs or newlines inside "//") as another host.
    if "\\" in target or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in target):
        return url_for("home.index")
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("home.index")
    return target


def client_address() -> str:
    return request.remote_addr or "unknown"


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = SignInForm()
    if not form.validate_on_submit():
        return render_form("auth/sign_in.html", form)

    config = current_app.config
    email = form.email.data
    window = config["SIGN_IN_WINDOW"]
    # Counted per e-mail address typed, whether or not an account exists: the same message and
    # the same limit for both, so the limit cannot be used to discover accounts.
    if (
        sign_in_attempts.recent_failures(window=window, email=email)
        >= config["SIGN_IN_MAX_FAILURES_PER_ACCOUNT"]
        or sign_in_attempts.recent_failures(window=window, address=client_address())
        >= config["SIGN_IN_MAX_FAILURES_PER_ADDRESS"]
    ):
        form.email.errors = [TOO_MANY]
        return render_template("auth/sign_in.html", form=form), 429

    user = users.get_user_by_email(email)
    if user is None:
        verify_password(None, form.password.data)
        ok = False
    else:
        ok = users.check_password(user, form.password.data)

    if ok and user.is_active:
        # Two-step sign-in: the password alone signs in nobody who has it on or must have it;
        # success is recorded after the code, so failed codes count against the same limits.
        held = two_step.hold_for_second_step(user, request.args.get("next"))
        if held is not None:
            return held
        sign_in_attempts.record(email, client_address(), succeeded=True)
        users.mark_signed_in(user)
        start_session(user)
        return redirect(safe_next(request.args.get("next")))

    sign_in_attempts.record(email, client_address(), succeeded=False)
    # Failed requests roll back by default; the failure itself must be kept to enforce the limit.
    db.session.commit()
    if ok:
        form.email.errors = [
            "Your account has been deactivated. Contact your local authority's SEND lead."
        ]
    else:
        form.email.errors = [GENERIC_FAILURE]
    return render_form("auth/sign_in.html", form)


@bp.route("/sign-out", methods=["POST"])
def sign_out():
    sessions.end_current_session()
    flash("You have signed out.")
    return redirect(url_for("auth.sign_in"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    user = signed_in_user()
    form = AccountForm(obj=user)
    if request.method == "GET":
        form.version.data = user.version
    if form.validate_on_submit() and save(
        form, lambda: users.update_account(user, form.name.data, form.version.data), record=user
    ):
        flash("Your name has been saved.")
        return redirect(url_for("auth.account"))
    return render_form("auth/account.html", form, user=user, topics=notifications.chosen_topics(user),
                       topic_order=list(Topic), sessions=sessions.live_sessions(user),
                       this_session=sessions.current_session())


@bp.route("/account/emails", methods=["GET", "POST"])
@login_required
def email_preferences():
    user = signed_in_user()
    form = EmailPreferencesForm()
    if request.method == "GET":
        form.version.data = user.version
        form.topics.data = [t.name for t in notifications.chosen_topics(user)]
    if form.validate_on_submit() and save(
        form, lambda: notifications.save_topics(user, form.chosen, form.version.data), record=user
    ):
        flash("Your choice of e-mails has been saved.")
        return redirect(url_for("auth.account"))
    return render_form("auth/email_preferences.html", form, topic_hints={t.name: t.hint for t in Topic})


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm(user_email=current_user.email)
    if form.validate_on_submit():
        if not users.check_password(signed_in_user(), form.current_password.data):
            form.current_password.errors = ["Your current password is not correct"]
        else:
            users.set_password(signed_in_user(), form.new_password.data)
            sessions.end_other_sessions(signed_in_user())
            flash("Your password has been changed.")
            return redirect(url_for("auth.account"))
    return render_form("auth/change_password.html", form)


@bp.route("/password-reset", methods=["GET", "POST"])
def request_password_reset():
    form = PasswordResetRequestForm()
    if form.validate_on_submit():
        user = users.get_user_by_email(form.email.data)
        if user is not None and user.is_active and user.password_hash:
            token = tokens.make_reset_token(user.id, user.session_key)
            link = url_for("auth.reset_password", token=token, _external=True)
            send_mail(
                user.email,
                "Reset your SEND Triads password",
                render_template("auth/email/password_reset.txt", user=user, link=link),
            )
        # The same page whether or not the account exists.
        return render_template("auth/password_reset_sent.html", email=form.email.data)
    return render_form("auth/password_reset_request.html", form)


@bp.route("/password-reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    found = tokens.read_reset_token(token, current_app.config["PASSWORD_RESET_MAX_AGE"])
    user = users.get_user(found[0]) if found else None
    if user is None or not user.is_active or not user.session_key.startswith(found[1]):
        return render_template("auth/link_invalid.html", what="password reset"), 400
    form = NewPasswordForm(user_email=user.email)
    if form.validate_on_submit():
        users.set_password(user, form.new_password.data)
        sessions.end_all_sessions(user)
        flash("Your password has been changed. Sign in with your new password.")
        return redirect(url_for("auth.sign_in"))
    return render_form("auth/password_reset.html", form)


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    found = tokens.read_invitation_token(token, current_app.config["INVITATION_MAX_AGE"])
    invitation = invitations.get_invitation(found[0]) if found else None
    if (
        invitation is None
        or invitation.nonce != found[1]
        or not invitation.is_open
        or invitation.expires_at < utcnow()
    ):
        return render_template("auth/link_invalid.html", what="invitation"), 400

    existing = users.get_user_by_email(invitation.email)
    if existing is not None and existing.password_hash:
        # The link proves the address is theirs; the role joins the account they already have.
        if request.method == "POST":
            invitations.accept(invitation, existing)
            flash(f"You now have the role {invitation.role.label}. Sign in to continue.")
            return redirect(url_for("auth.sign_in"))
        return render_template("auth/accept_existing.html", invitation=invitation)

    form = AcceptInvitationForm(user_email=invitation.email)
    if request.method == "GET":
        form.name.data = invitation.name
    if form.validate_on_submit():
        if existing is None:
            existing = users.create_user(invitation.email, form.name.data, None)
        else:
            existing.name = form.name.data
        users.set_password(existing, form.new_password.data)
        invitations.accept(invitation, existing)
        start_session(existing)
        flash("Your account has been created.")
        return redirect(url_for("home.index"))
    return render_form("auth/accept_invitation.html", form, invitation=invitation)


@bp.post("/account/sessions/<int:session_id>/end")
@login_required
def end_session(session_id: int):
    user = signed_in_user()
    to = url_for("auth.account")
    refused = press(lambda: sessions.end_own_session(user, session_id), to=to)
    if refused:
        return refused
    flash("That session has been signed out.")
    return redirect(to, code=303)


@bp.post("/account/sessions/end-others")
@login_required
def end_other_sessions():
    ended = sessions.end_other_sessions(signed_in_user())
    flash("Your other sessions have been signed out." if ended else "You had no other sessions.")
    return redirect(url_for("auth.account"), code=303)


@bp.get("/account/kept")
@login_required
def kept_form():
    """What a person typed into a form their session could not save, once, after signing in again:
    to read, copy, or send again to where it was going."""
    kept = sessions.take_kept_form()
    # Shown once: taken off the record as it is read, which a page that only reads never commits.
    db.session.commit()
    if kept is None:
        flash("You were signed out before saving. Nothing you typed was kept: open the page and "
              "enter it again.")
        return redirect(url_for("home.index"))
    return render_template("auth/kept_form.html", kept=kept, texts=sessions.kept_texts(kept),
                           path=safe_next(kept["path"]))
