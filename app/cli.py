"""Flask commands: `flask --app wsgi db upgrade`, `create-admin`, `seed-demo`, `send-reminders`."""

import click
from flask import Flask, current_app
from sqlalchemy import func, select

from app import migrate


def init_app(app: Flask) -> None:
    app.cli.add_command(db_group)
    app.cli.add_command(create_admin)
    app.cli.add_command(seed_demo)
    app.cli.add_command(seed_scale)
    app.cli.add_command(purge_sign_in_attempts)
    app.cli.add_command(load_frameworks)
    app.cli.add_command(send_reminders)


def _engine():
    return current_app.extensions["database"].engine


@click.group("db", help="Database schema migrations (Alembic).")
def db_group() -> None:
    pass


@db_group.command("upgrade", help="Migrate the schema up to REVISION (default: head).")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    migrate.upgrade(_engine(), revision)
    click.echo(f"Database upgraded to {revision}.")


@db_group.command("downgrade", help="Migrate the schema down to REVISION (default: base).")
@click.argument("revision", default="base")
def db_downgrade(revision: str) -> None:
    migrate.downgrade(_engine(), revision)
    click.echo(f"Database downgraded to {revision}.")


@db_group.command("revision", help="Write a new migration from the difference to the models.")
@click.option("-m", "--message", required=True)
def db_revision(message: str) -> None:
    migrate.revision(_engine(), message)


@db_group.command("check", help="Fail if the models and the migrations disagree.")
def db_check() -> None:
    diff = migrate.differences(_engine())
    if diff:
        raise click.ClickException(f"Models and migrations differ: {diff}")
    click.echo("Models and migrations agree.")


@click.command("create-admin", help="Create a platform administrator (or give an account the role).")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.password_option(help="At least 12 characters; asked for if not given.")
def create_admin(email: str, name: str, password: str) -> None:
    from app.extensions import db
    from app.interfaces import users
    from app.models import Role
    from app.passwords import MIN_LENGTH

    if len(password) < MIN_LENGTH:
        raise click.BadParameter(f"must be at least {MIN_LENGTH} characters", param_hint="password")
    user = users.get_user_by_email(email)
    if user is None:
        user = users.create_user(email, name, password)
    else:
        users.set_password(user, password)
    users.grant_role(user, Role.PLATFORM_ADMIN)
    db.session.commit()
    click.echo(f"{user.email} is a platform administrator.")


@click.command("seed-demo", help="Load the fictional demo data.")
@click.option("--if-empty", is_flag=True, help="Do nothing if any local authority exists.")
def seed_demo(if_empty: bool) -> None:
    from app.extensions import db
    from app.models import LocalAuthority
    from demo import programme as demo

    if db.session.scalar(select(func.count(LocalAuthority.id))):
        if if_empty:
            click.echo("Demo not loaded: the database already has data.")
            return
        raise click.ClickException("The database already has data; seed an empty database.")
    base_url = current_app.config.get("DEMO_BASE_URL", "http://127.0.0.1:5000")
    with current_app.test_request_context(base_url=base_url):
        counts = demo.seed()
    db.session.commit()
    click.echo("Demo loaded: " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items()))
    click.echo(f"Every demo account uses the password {demo.DEMO_PASSWORD}")


@click.command("seed-scale", help="Load national-scale fictional data for benchmarks.")
@click.option("--las", default=150, show_default=True)
@click.option("--schools", default=20000, show_default=True)
def seed_scale(las: int, schools: int) -> None:
    from app.extensions import db
    from demo import scale

    counts = scale.seed(las, schools)
    db.session.commit()
    click.echo("Scale data loaded: " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items()))


@click.command("purge-sign-in-attempts", help="Delete sign-in attempts older than DAYS (for cron).")
@click.option("--days", default=30, show_default=True)
def purge_sign_in_attempts(days: int) -> None:
    from datetime import timedelta

    from app.extensions import db
    from app.interfaces import sign_in_attempts

    removed = sign_in_attempts.purge_older_than(timedelta(days=days))
    db.session.commit()
    click.echo(f"Removed {removed} sign-in attempts older than {days} days.")


@click.command("load-frameworks", help="Load the self-evaluation framework files that ship with the service.")
def load_frameworks() -> None:
    from app.extensions import db
    from selfeval import interfaces

    loaded = interfaces.load_bundled_frameworks()
    db.session.commit()
    for version in loaded:
        click.echo(f"Loaded {version.title}, version {version.version}.")
    if not loaded:
        click.echo("Every shipped framework is already loaded.")


@click.command("send-reminders", help="Queue today's reminders and send each person one e-mail of what is "
               "waiting for them (for cron, once a day; running it again sends nothing twice).")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The day to act as (YYYY-MM-DD); today unless given.")
@click.option("--base-url", envvar="BASE_URL", default=None,
              help="The service's address, for links in the e-mails (or BASE_URL in the environment "
                   "or the configuration).")
def send_reminders(today, base_url: str | None) -> None:
    from app.db import utcnow
    from app.interfaces import notifications

    day = today.date() if today else utcnow().date()
    base = base_url or current_app.config.get("BASE_URL") or current_app.config.get(
        "DEMO_BASE_URL", "http://127.0.0.1:5000")
    # Links are built as a request to the service's own address would build them.
    with current_app.test_request_context(base_url=base):
        queued = notifications.queue_reminders(day)
        run = notifications.send_digests(day, base)
    click.echo(f"{day.isoformat()}: queued {queued} reminder{'s' if queued != 1 else ''}; sent "
               f"{run.sent} e-mail{'s' if run.sent != 1 else ''}.")
    if run.failed:
        raise click.ClickException(f"{run.failed} e-mail{'s' if run.failed != 1 else ''} could not be "
                                   "sent; the next run sends them.")
