"""Two-step sign-in pages: the code after the password, setting it up, turning it off; the LA
lead's requirement and reset; the platform administrator's reset."""

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required

from app import one_time_codes as codes
from app.auth import bp, two_step
from app.auth.decorators import global_role_required, la_role_required
from app.auth.permissions import TWO_STEP_RESETTERS
from app.auth.principal import signed_in_user
from app.auth.routes import TOO_MANY, client_address, safe_next
from app.auth.sessions import start_session
from app.auth.two_step_forms import (
    RequirementForm,
    ResetByEmailForm,
    SecondStepForm,
    SetUpForm,
    TurnOffForm,
)
from app.extensions import db
from app.forms import ConfirmForm, press, render_form, save
from app.interfaces import sign_in_attempts, users
from app.interfaces import two_step as two_step_data
from app.interfaces.two_step import WRONG_CODE
from app.models import Role, User
from app.tenancy import current_la

SHOWN_ONCE = "two_step_recovery_codes"


def _finish_sign_in(user: User):
    """What the sign-in form does once it is satisfied, here after the second step."""
    next_url = two_step.next_after_waiting()
    two_step.stop_waiting()
    sign_in_attempts.record(user.email, client_address(), succeeded=True)
    users.mark_signed_in(user)
    start_session(user)
    return next_url


def _too_many(email: str) -> bool:
    config = current_app.config
    window = config["SIGN_IN_WINDOW"]
    return (sign_in_attempts.recent_failures(window=window, email=email)
            >= config["SIGN_IN_MAX_FAILURES_PER_ACCOUNT"]
            or sign_in_attempts.recent_failures(window=window, address=client_address())
            >= config["SIGN_IN_MAX_FAILURES_PER_ADDRESS"])


@bp.route("/sign-in/two-step", methods=["GET", "POST"])
def two_step_code():
    user = two_step.waiting_user()
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    if user is None:
        flash("Sign in again: the time to enter your code ran out.")
        return redirect(url_for("auth.sign_in"))
    form = SecondStepForm()
    if not form.validate_on_submit():
        return render_form("auth/two_step_code.html", form)
    # Wrong codes count with wrong passwords, against the same limits: a code cannot be guessed
    # faster than a password.
    if _too_many(user.email):
        form.code.errors = [TOO_MANY]
        return render_template("auth/two_step_code.html", form=form), 429
    used = two_step_data.accept_code(user, form.code.data)
    if used is None:
        sign_in_attempts.record(user.email, client_address(), succeeded=False)
        db.session.commit()  # the failure is kept, though the request answers 400
        form.code.errors = [WRONG_CODE]
        return render_form("auth/two_step_code.html", form)
    next_url = _finish_sign_in(user)
    if used == "recovery":
        left = two_step_data.recovery_codes_left(user)
        flash(f"You signed in with a recovery code, which cannot be used again. You have {left} left. "
              "If your phone is lost, turn two-step sign-in off and on again from your account page.")
    return redirect(safe_next(next_url))


def _person_setting_up() -> User | None:
    if current_user.is_authenticated:
        return signed_in_user()
    return two_step.waiting_user(setting_up=True)


@bp.route("/account/two-step/set-up", methods=["GET", "POST"])
def two_step_setup():
    user = _person_setting_up()
    if user is None:
        return redirect(url_for("auth.sign_in"))
    if two_step_data.is_on(user):
        flash("Two-step sign-in is already on.")
        return redirect(url_for("auth.account"))
    secret = two_step_data.pending_secret(user)
    if secret is None:
        return render_template("auth/two_step_intro.html", form=ConfirmForm())
    form = SetUpForm()
    if form.validate_on_submit() and save(form, lambda: two_step_data.confirm_setup(user, form.code.data)):
        signing_in = not current_user.is_authenticated
        next_url = _finish_sign_in(user) if signing_in else None
        # Shown once, on the next page (so reloading it cannot set up again), then gone: only
        # their hashes are kept.
        session[SHOWN_ONCE] = {"codes": [codes.shown(code) for code in form.saved],
                               "continue_to": safe_next(next_url) if signing_in else url_for("auth.account")}
        return redirect(url_for("auth.two_step_recovery_codes"))
    return render_form("auth/two_step_setup.html", form, secret=codes.grouped(secret),
                       qr_code=codes.qr_code_svg(secret, user.email), required=two_step.must_use(user))


@bp.get("/account/two-step/recovery-codes")
@login_required
def two_step_recovery_codes():
    shown = session.pop(SHOWN_ONCE, None)
    if not isinstance(shown, dict):
        return render_template("auth/two_step_recovery_codes.html", recovery_codes=None,
                               continue_to=url_for("auth.account"))
    return render_template("auth/two_step_recovery_codes.html", recovery_codes=shown["codes"],
                           continue_to=shown["continue_to"])


@bp.post("/account/two-step/start")
@login_required
def two_step_start():
    form = ConfirmForm()
    if form.validate_on_submit():
        two_step_data.start_setup(signed_in_user())
    return redirect(url_for("auth.two_step_setup"), code=303)


@bp.route("/account/two-step/turn-off", methods=["GET", "POST"])
@login_required
def two_step_turn_off():
    user = signed_in_user()
    if not two_step_data.is_on(user):
        return redirect(url_for("auth.account"))
    if not two_step.may_turn_off(user):
        return render_template("auth/two_step_turn_off.html", form=None)
    form = TurnOffForm()
    if form.validate_on_submit() and save(
        form, lambda: two_step_data.turn_off(user, form.password.data, form.code.data)
    ):
        flash("Two-step sign-in is off. You sign in with your password alone.")
        return redirect(url_for("auth.account"))
    return render_form("auth/two_step_turn_off.html", form)


# --- the LA lead -----------------------------------------------------------------------------


@bp.route("/la/<la_slug>/two-step-sign-in", methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD)
def two_step_requirement():
    la = current_la._get_current_object()
    form = RequirementForm()
    if request.method == "GET":
        form.required.data = "yes" if la.requires_two_step else "no"
        form.version.data = la.version
    if form.validate_on_submit() and save(
        form, lambda: two_step_data.set_la_requirement(la, form.required.data == "yes", form.version.data),
        record=la,
    ):
        flash("Everyone in " + la.name + (" now needs two-step sign-in. Anyone who has not set it up is "
              "asked to the next time they sign in." if la.requires_two_step else
              " chooses whether to use two-step sign-in."))
        return redirect(url_for("home.la_home"))
    return render_form("auth/two_step_requirement.html", form, la=la)


@bp.post("/la/<la_slug>/people/<int:user_id>/two-step/reset")
@la_role_required(*TWO_STEP_RESETTERS)
def reset_person_two_step(user_id: int):
    person = users.get_person(current_la, user_id)
    back = url_for("admin.person", user_id=person.id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return redirect(back, code=303)
    refused = press(lambda: two_step_data.reset(current_la, person), to=back)
    if refused is not None:
        return refused
    flash(f"{person.name}'s two-step sign-in has been reset. They set it up again from their account "
          "page, or when they next sign in if it is required.")
    return redirect(back, code=303)


# --- the platform administrator --------------------------------------------------------------


@bp.route("/admin/two-step-sign-in", methods=["GET", "POST"])
@global_role_required(Role.PLATFORM_ADMIN)
def admin_reset_two_step():
    form = ResetByEmailForm()
    if form.validate_on_submit():
        person = users.get_user_by_email(form.email.data)
        if person is None:
            form.email.errors = ["There is no account with this email address"]
        elif save(form, lambda: two_step_data.reset(None, person)):
            flash(f"{person.name}'s two-step sign-in has been reset.")
            return redirect(url_for("auth.admin_reset_two_step"))
    return render_form("auth/two_step_admin_reset.html", form)


# The account page's summary of the person's two-step sign-in.
bp.add_app_template_global(two_step.summary, "two_step_summary")
