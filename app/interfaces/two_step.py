"""Two-step sign-in: setting it up, checking codes (each used once), turning it off, resetting it,
and an LA's requirement of it."""

from sqlalchemy import delete, func, or_, select, update

from app import one_time_codes as codes
from app.db import utcnow
from app.extensions import db
from app.interfaces import audit
from app.interfaces.errors import Invalid, expect_version, flush_or_conflict
from app.models import CoreAction, LocalAuthority, RecoveryCode, TwoStepSecret, User
from app.passwords import hash_password, verify_password

ENTER_CODE = "Enter the 6-digit code from your authenticator app"
WRONG_CODE = ("The code is not right, or it has been used already. Enter the code your "
              "authenticator app shows now")


def get_secret(user: User) -> TwoStepSecret | None:
    return db.session.scalar(select(TwoStepSecret).where(TwoStepSecret.user_id == user.id))


def is_on(user: User) -> bool:
    found = get_secret(user)
    return found is not None and found.is_on


def pending_secret(user: User) -> str | None:
    """The secret being set up, shown until a code from it is confirmed; never after."""
    found = get_secret(user)
    return found.secret if found is not None and not found.is_on else None


def start_setup(user: User, secret: str | None = None) -> None:
    """A secret for the person to scan; the one already offered stays, so a half-scanned app keeps
    working. Nothing changes for someone whose two-step sign-in is on."""
    found = get_secret(user)
    if found is None:
        db.session.add(TwoStepSecret(user_id=user.id, secret=secret or codes.new_secret()))
    elif not found.is_on and secret is not None:
        found.secret = secret
    db.session.flush()


def confirm_setup(user: User, typed: str) -> list[str]:
    """Turns two-step sign-in on once a code from the app matches. Returns the recovery codes,
    which are kept only hashed: this is the one time they can be shown."""
    found = get_secret(user)
    if found is None or found.is_on:
        raise Invalid({"code": "Two-step sign-in is already on, or was not being set up"})
    code = codes.read_code(typed)
    if not codes.is_totp_code(code):
        raise Invalid({"code": ENTER_CODE})
    step = codes.matching_step(found.secret, code)
    if step is None:
        raise Invalid({"code": WRONG_CODE})
    found.confirmed_at = utcnow()
    found.last_step = step
    recovery = _new_recovery_codes(user)
    audit.record(None, CoreAction.TWO_STEP_ON, user)
    return recovery


def _new_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    made = codes.new_recovery_codes()
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=hash_password(code)) for code in made)
    db.session.flush()
    return made


def well_formed(typed: str) -> bool:
    code = codes.read_code(typed)
    return codes.is_totp_code(code) or codes.is_recovery_code(code)


def accept_code(user: User, typed: str) -> str | None:
    """"app" or "recovery" when the code signs the person in, else None. Each code works once: an
    app's code only for a later step than the last accepted, a recovery code only unused. Both are
    claimed with a conditional UPDATE, so two requests racing with one code cannot both win."""
    found = get_secret(user)
    if found is None or not found.is_on:
        return None
    code = codes.read_code(typed)
    if codes.is_totp_code(code):
        step = codes.matching_step(found.secret, code)
        if step is None:
            return None
        claimed = db.session.execute(
            update(TwoStepSecret)
            .where(TwoStepSecret.id == found.id,
                   or_(TwoStepSecret.last_step.is_(None), TwoStepSecret.last_step < step))
            .values(last_step=step)
            .execution_options(synchronize_session=False)
        )
        return "app" if claimed.rowcount == 1 else None
    if codes.is_recovery_code(code):
        unused = db.session.scalars(
            select(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
        ).all()
        for candidate in unused:
            if verify_password(candidate.code_hash, code):
                claimed = db.session.execute(
                    update(RecoveryCode)
                    .where(RecoveryCode.id == candidate.id, RecoveryCode.used_at.is_(None))
                    .values(used_at=utcnow())
                    .execution_options(synchronize_session=False)
                )
                if claimed.rowcount != 1:
                    return None
                audit.record(None, CoreAction.RECOVERY_CODE_USED, user)
                return "recovery"
    return None


def recovery_codes_left(user: User) -> int:
    return db.session.scalar(
        select(func.count(RecoveryCode.id)).where(RecoveryCode.user_id == user.id,
                                                  RecoveryCode.used_at.is_(None))
    ) or 0


def turn_off(user: User, password: str, typed: str) -> None:
    """The person's own choice: their password and a current code, so a session left open is not
    enough to remove the second step."""
    errors = {}
    if not verify_password(user.password_hash, password):
        errors["password"] = "Your password is not correct"  # noqa: S105 (a message)
    if not well_formed(typed):
        errors["code"] = ENTER_CODE
    elif not errors and accept_code(user, typed) is None:
        errors["code"] = WRONG_CODE
    if errors:
        raise Invalid(errors)
    _remove(user)
    audit.record(None, CoreAction.TWO_STEP_OFF, user)


def reset(la: LocalAuthority | None, user: User) -> None:
    """For a lost phone: the person sets two-step sign-in up again the next time they sign in (if
    they must have it) or from their account page. By the LA's lead, or the platform administrator
    (la None)."""
    if get_secret(user) is None:
        raise Invalid({"email": f"{user.name} does not have two-step sign-in set up"})
    _remove(user)
    audit.record(la, CoreAction.TWO_STEP_RESET, user)


def _remove(user: User) -> None:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.execute(delete(TwoStepSecret).where(TwoStepSecret.user_id == user.id))
    db.session.flush()


def set_la_requirement(la: LocalAuthority, required: bool, version: int | None) -> None:
    expect_version(la, version)
    before = la.requires_two_step
    la.requires_two_step = required
    flush_or_conflict()
    if before != required:
        audit.record(la, CoreAction.LA_TWO_STEP_REQUIREMENT_CHANGED, la, required=required)
