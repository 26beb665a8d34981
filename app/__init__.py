"""SEND Triads: the application factory."""

import os
from pathlib import Path

from flask import Flask, jsonify, render_template
from jinja2 import ChainableUndefined, ChoiceLoader, PackageLoader, PrefixLoader
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from app.interfaces.errors import EditConflict, Invalid
from app.templating import PageEnvironment
from app.upload_limits import UploadLimitRequest
from app.url_ids import IdConverter
from config import CONFIGS, DEFAULT_SECRET

ERROR_TITLES = {
    400: "There is a problem with your request",
    403: "You do not have permission to see this page",
    404: "Page not found",
    405: "This action is not allowed here",
    409: "This page was changed by someone else",
    413: "The file or form you sent is too large",
    429: "Too many requests",
    500: "Sorry, there is a problem with the service",
}


def create_app(config_name: str | None = None, **overrides) -> Flask:
    app = Flask(__name__, instance_path=str(Path(__file__).resolve().parent.parent / "instance"),
                instance_relative_config=True)
    app.jinja_environment = PageEnvironment  # before anything touches app.jinja_env
    app.request_class = UploadLimitRequest  # a view may accept a larger upload than MAX_CONTENT_LENGTH
    app.url_map.converters["int"] = IdConverter  # before any route: an id past MAX_ID is a 404
    config_name = config_name or os.environ.get("APP_ENV", "development")
    app.config.from_object(CONFIGS[config_name])
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(overrides)
    if app.config.get("PRODUCTION") and app.config["SECRET_KEY"] in (DEFAULT_SECRET, "", None):
        raise RuntimeError("SECRET_KEY must be set in the environment for production")

    _init_templates(app)
    _init_extensions(app)
    _register_blueprints(app)
    _register_error_handlers(app)
    _register_request_hooks(app)

    from app import cli

    cli.init_app(app)
    return app


def _init_templates(app: Flask) -> None:
    app.jinja_loader = ChoiceLoader(
        [
            app.jinja_loader,
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    # The package's own macros, for the few app/templates/govuk_frontend_jinja wraps.
                    "govuk_frontend_jinja_package": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.undefined = ChainableUndefined  # the GOV.UK macros read nested optional params

    from app import template_helpers, templating

    template_helpers.init_app(app)
    templating.init_app(app)


def _init_extensions(app: Flask) -> None:
    from flask import request
    from flask_login import current_user
    from govuk_frontend_wtf.main import WTFormsHelpers

    from app import data_revisions, security, static_files, tenancy
    from app.extensions import csrf, db, login_manager

    db.init_app(app)
    data_revisions.watch(db.engine)
    csrf.init_app(app)
    WTFormsHelpers(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = "Sign in to see this page."
    login_manager.session_protection = "strong"

    from app.auth import sessions

    login_manager.user_loader(sessions.load_user)
    login_manager.unauthorized_handler(sessions.unauthorized)

    @app.before_request
    def load_session_first():
        # Before any view writes: loading the session may commit its "last used" time at once.
        if request.endpoint != "static":
            current_user._get_current_object()

    security.init_app(app)
    tenancy.init_app(app)
    static_files.init_app(app)


def _register_blueprints(app: Flask) -> None:
    from app.admin import bp as admin_bp
    from app.auth import bp as auth_bp
    from app.home import bp as home_bp
    from dashboards import bp as dashboards_bp
    from dashboards import network_bp
    from selfeval import bp as selfeval_bp
    from selfeval import public_bp as voice_bp
    from triads import bp as triads_bp
    from triads import celebrations_bp, plans_bp, visits_bp

    app.register_blueprint(home_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(selfeval_bp)
    app.register_blueprint(voice_bp)
    app.register_blueprint(triads_bp)
    app.register_blueprint(plans_bp)
    app.register_blueprint(visits_bp)
    app.register_blueprint(network_bp)
    app.register_blueprint(dashboards_bp)
    app.register_blueprint(celebrations_bp)
    # Last: the data feed serves the resources every blueprint above has registered.
    from app.api import bp as api_bp

    app.register_blueprint(api_bp)

    @app.get("/healthz")
    def healthz():
        from app.extensions import db

        try:
            db.session.execute(text("SELECT 1"))
        except Exception:  # any failure to answer counts as down
            return jsonify(status="error", database="unavailable"), 503
        return jsonify(status="ok", database="ok")


def _register_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        from app.api.errors import is_api_request, json_error

        if is_api_request():  # the data feed answers in JSON, even for a route it does not have
            return json_error(code)
        title = ERROR_TITLES.get(code, error.name)
        return render_template("errors/error.html", code=code, title=title, error=error), code

    @app.errorhandler(IntegrityError)
    @app.errorhandler(StaleDataError)
    @app.errorhandler(EditConflict)
    def conflict(error: Exception):
        # Checks before saving catch the usual mistakes, and a form's save shows its own conflict;
        # this catches two people saving the same thing at the same instant, which only the
        # database's own constraints can see, and a conflict a route did not turn into a page.
        from app.extensions import db

        db.session.rollback()
        app.logger.warning("Refused a conflicting save: %s", error)
        return render_template("errors/error.html", code=409, title=ERROR_TITLES[409],
                               race=True), 409

    @app.errorhandler(Invalid)
    def refused(error: Invalid):
        # A route that did not catch an interface's refusal still says why, and saves nothing.
        from app.extensions import db

        db.session.rollback()
        return render_template("errors/error.html", code=400, title=ERROR_TITLES[400],
                               reasons=list(error.errors.values())), 400

    @app.errorhandler(Exception)
    def server_error(error: Exception):
        app.logger.exception("Unhandled error")
        from app.api.errors import is_api_request, json_error

        if is_api_request():
            return json_error(500)
        return render_template("errors/error.html", code=500, title=ERROR_TITLES[500]), 500


def _register_request_hooks(app: Flask) -> None:
    from flask import request

    from app.extensions import db

    @app.after_request
    def commit_on_success(response):
        # One commit per mutating request, only when it succeeded; anything else rolls back, so
        # a failed form or a crash never leaves half its work behind.
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            if response.status_code < 400:
                try:
                    db.session.commit()
                except (IntegrityError, StaleDataError) as error:
                    # A save that met another only at the commit: nothing of it is kept, and the
                    # person sees the conflict page rather than a server error.
                    db.session.rollback()
                    app.logger.warning("Refused a conflicting save at commit: %s", error)
                    return app.make_response((render_template(
                        "errors/error.html", code=409, title=ERROR_TITLES[409], race=True), 409))
            else:
                db.session.rollback()
        return response
