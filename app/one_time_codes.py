"""The codes of two-step sign-in: TOTP (RFC 6238, through pyotp) and one-time recovery codes.

Pure: no database, no request. What has been used, and by whom, is kept by
app/interfaces/two_step.py."""

import hmac
import re
import secrets
import time

import pyotp
import segno
from markupsafe import Markup

ISSUER = "SEND Triads"
RECOVERY_CODES = 10
# One 30-second step either side of now: a phone's clock a little out, or a code typed as it
# changed, still works. Any wider and a guessed code lasts longer.
VALID_WINDOW = 1
# 10 characters from an alphabet without 0/O or 1/I/L, read aloud or typed from paper: ~50 bits.
RECOVERY_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
RECOVERY_LENGTH = 10
TOTP_CODE = re.compile(r"[0-9]{6}")  # ASCII digits only: \d also matches other scripts
RECOVERY_CODE = re.compile(rf"[{RECOVERY_ALPHABET}]{{{RECOVERY_LENGTH}}}")


def new_secret() -> str:
    return pyotp.random_base32()  # 160 bits, as RFC 4226 recommends


def matching_step(secret: str, code: str, now: float | None = None) -> int | None:
    """The time step whose code this is, within the window around now; None if none matches."""
    totp = pyotp.TOTP(secret)
    now = time.time() if now is None else now
    current = totp.timecode(now)
    found = None
    for offset in range(-VALID_WINDOW, VALID_WINDOW + 1):
        # Compare every candidate, in constant time, so timing tells nothing about which matched.
        if hmac.compare_digest(totp.at(now, counter_offset=offset), code):
            found = current + offset
    return found


def code_for(secret: str, now: float | None = None) -> str:
    """What an authenticator app shows now (for the demo's instructions and the tests)."""
    return pyotp.TOTP(secret).at(time.time() if now is None else now)


def grouped(secret: str) -> str:
    """The secret in groups of four, as authenticator apps accept it typed."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def setup_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_code_svg(secret: str, email: str) -> Markup:
    """The setup link as a QR code in inline SVG: drawn on the server, no script, no image request."""
    svg = segno.make(setup_uri(secret, email), error="m").svg_inline(
        scale=4, dark="#0b0c0c", light="#ffffff", title="QR code for your authenticator app"
    )
    # segno writes only path data and the escaped title: nothing typed by anyone reaches the markup.
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S704


def read_code(typed: str) -> str:
    """What a person typed, without the spaces and dashes apps and our own lists put in codes."""
    return re.sub(r"[\s-]", "", typed or "").upper()


def is_totp_code(code: str) -> bool:
    return TOTP_CODE.fullmatch(code) is not None


def is_recovery_code(code: str) -> bool:
    return RECOVERY_CODE.fullmatch(code) is not None


def new_recovery_codes() -> list[str]:
    return ["".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
            for _ in range(RECOVERY_CODES)]


def shown(recovery_code: str) -> str:
    """A recovery code as printed for the person: two halves, easier to copy."""
    half = len(recovery_code) // 2
    return f"{recovery_code[:half]}-{recovery_code[half:]}"
