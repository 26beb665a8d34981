"""Response headers: a strict Content-Security-Policy (no inline script) and the usual hardening."""

import secrets

from flask import Flask, Response, g


def csp_nonce() -> str:
    # Made on first use, not in before_request: CSRFProtect can abort before our hooks run, and
    # the error page still needs a nonce for the template's one inline line.
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def content_security_policy(nonce: str | None, allow_inline_style: bool) -> str:
    script_src = "'self'" + (f" 'nonce-{nonce}'" if nonce else "")
    # plotly.js sets inline styles on chart pages; everywhere else styles come from our CSS only.
    style_src = "'self' 'unsafe-inline'" if allow_inline_style else "'self'"
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {script_src}",
            f"style-src {style_src}",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def init_app(app: Flask) -> None:
    app.context_processor(lambda: {"cspNonce": csp_nonce()})

    @app.after_request
    def set_security_headers(response: Response) -> Response:
        nonce = g.get("csp_nonce")
        allow_style = bool(g.get("allow_inline_style"))
        response.headers["Content-Security-Policy"] = content_security_policy(nonce, allow_style)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if app.config.get("PRODUCTION"):
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        if response.mimetype == "text/html":
            # Pages carry personal data about schools and staff: never from a shared cache.
            response.headers.setdefault("Cache-Control", "no-store")
        return response
