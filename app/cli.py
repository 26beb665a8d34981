"""Flask commands: `flask --app wsgi db upgrade`, `create-admin`, `seed-demo`, `send-reminders`, `retention`."""

import click
from flask import Flask, current_app
from sqlalchemy import func, select

from app import migrate
from app.data_protection import OUTBOX_DAYS, SIGN_IN_ATTEMPT_DAYS


def init_app(app: Flask) -> None:
    app.cli.add_command(db_group)
    app.cli.add_command(create_admin)
    app.cli.add_command(seed_demo)
    app.cli.add_command(seed_scale)
    app.cli.add_command(purge_sign_in_attempts)
    app.cli.add_command(purge_outbox)
    app.cli.add_command(retention)
    app.cli.add_command(load_frameworks)
    app.cli.add_command(send_reminders)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(la_export)
    app.cli.add_command(la_import)
    app.cli.add_command(network_summary_command)
    app.cli.add_command(sessions_group)
    app.cli.add_command(kept_pages_group)


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


@click.command("seed-scale", help="Load national-scale fictional data for benchmarks: LAs, schools and their "
               "leads, then YEARS years of the programme (cohorts, triads, submitted self-evaluations).")
@click.option("--las", default=150, show_default=True)
@click.option("--schools", default=20000, show_default=True)
@click.option("--years", default=3, show_default=True, help="Years of the programme, up to this one (0: none).")
@click.option("--with-demo", is_flag=True, help="Load the fictional demo (Northmere and the rest) first, so "
              "every role's pages can be measured in an installation at national size.")
def seed_scale(las: int, schools: int, years: int, with_demo: bool) -> None:
    import time

    from app.extensions import db
    from app.models import current_academic_year
    from demo import scale

    started = time.monotonic()
    if with_demo:
        # `seed-demo` itself (it refuses a database that already has data).
        seed_demo.callback(if_empty=False)
    counts = scale.seed(las, schools)
    if years:
        counts |= scale.seed_programme(current_academic_year(), years=years)
    db.session.commit()
    click.echo("Scale data loaded: " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items())
               + f" in {time.monotonic() - started:.0f} s.")


@click.command("purge-sign-in-attempts", help="Delete sign-in attempts older than DAYS (for cron).")
@click.option("--days", default=SIGN_IN_ATTEMPT_DAYS, show_default=True)
def purge_sign_in_attempts(days: int) -> None:
    from datetime import timedelta

    from app.extensions import db
    from app.interfaces import sign_in_attempts

    removed = sign_in_attempts.purge_older_than(timedelta(days=days))
    db.session.commit()
    click.echo(f"Removed {removed} sign-in attempts older than {days} days.")


@click.command("purge-outbox", help="Delete outbox e-mails older than DAYS (for cron).")
@click.option("--days", default=OUTBOX_DAYS, show_default=True)
def purge_outbox(days: int) -> None:
    from datetime import timedelta

    from app.extensions import db
    from app.interfaces import retention as retention_job

    removed = retention_job.purge_outbox(timedelta(days=days))
    db.session.commit()
    click.echo(f"Removed {removed} outbox e-mail{'s' if removed != 1 else ''} older than {days} days.")


@click.command("retention", help="Remove each LA's cohort records past the date its lead set, and the audit "
               "trail of those years (for cron, once a day; running it again removes nothing more).")
@click.option("--dry-run", "mode", flag_value="dry-run", default=True,
              help="Only say what would be removed (the default).")
@click.option("--apply", "mode", flag_value="apply", help="Remove it, and record that in each LA's activity.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The day to act as (YYYY-MM-DD); today unless given.")
def retention(mode: str, today) -> None:
    from app.data_protection import NAMES
    from app.db import utcnow
    from app.extensions import db
    from app.interfaces import retention as retention_job
    from app.template_helpers import cohort_caption

    day = today.date() if today else utcnow().date()
    act = retention_job.apply if mode == "apply" else retention_job.preview
    verb = "Removed" if mode == "apply" else "Would remove"
    for la in retention_job.every_la():
        found = act(la, day)
        removed = found.removed()
        click.echo(f"{la.name} (records kept {found.years} years after a cohort's year ends):")
        for row in found.cohorts:
            if row.passed and row.total:
                kinds = "; ".join(f"{NAMES[k]}: {n}" for k, n in row.counts.items() if n)
                click.echo(f"  {cohort_caption(row.cohort)}, kept until "
                           f"{row.kept_until.isoformat()}: {kinds}")
        if found.audit_entries:
            click.echo(f"  Audit trail written before {found.audit_kept_from.isoformat()}: {found.audit_entries}")
        click.echo(f"  {verb} {sum(removed.values())} record{'s' if sum(removed.values()) != 1 else ''}."
                   if removed else "  Nothing past its date.")
    if mode == "apply":
        db.session.commit()


@click.group("sessions", help="Signed-in sessions.")
def sessions_group() -> None:
    pass


@sessions_group.command("purge", help="Delete sessions ended or expired more than DAYS ago (for cron).")
@click.option("--days", default=30, show_default=True)
def purge_sessions(days: int) -> None:
    from datetime import timedelta

    from app.auth import sessions
    from app.extensions import db

    removed, forgotten = sessions.purge(timedelta(days=days))
    db.session.commit()
    click.echo(f"Removed {removed} sessions that ended more than {days} days ago; "
               f"forgot the kept form text of {forgotten}.")


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


@click.command("backup", help="Copy the SQLite database to PATH while the service runs (SQLite's online "
               "backup). For PostgreSQL use pg_dump (README, Backups).")
@click.argument("path", type=click.Path(dir_okay=False))
def backup_command(path: str) -> None:
    from pathlib import Path

    from app import backup

    try:
        done = backup.backup(backup.sqlite_path(current_app.config["DATABASE_URL"]), Path(path))
    except backup.BackupRefused as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Backed up to {done.path} (schema {', '.join(done.revisions)}; integrity checked).")


@click.command("restore", help="Replace the SQLite database with the backup at PATH, keeping the current "
               "one as <database>.before-restore. Stop the service first.")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Restore even though something else has the database open.")
def restore_command(path: str, force: bool) -> None:
    from pathlib import Path

    from app import backup

    _engine().dispose()  # this command's own connections must not count as "in use"
    try:
        database = backup.sqlite_path(current_app.config["DATABASE_URL"])
        done = backup.restore(Path(path), database, force=force)
    except backup.BackupRefused as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Restored {database} from {path}; the database as it was is in "
               f"{database.name}{backup.BEFORE_RESTORE}.")
    if not done.up_to_date:
        click.echo("The backup is from an earlier version: run flask db upgrade now.")


@click.command("la-export", help="Write all of one LA's data (by its web address name, SLUG) to PATH, "
               "a zip of JSON and evidence files with a manifest.")
@click.argument("slug")
@click.argument("path", type=click.Path(dir_okay=False))
def la_export(slug: str, path: str) -> None:
    from pathlib import Path

    from app.extensions import db
    from app.interfaces.local_authorities import get_la_by_slug
    from app.la_archive import export_la

    la = get_la_by_slug(slug)
    if la is None:
        raise click.ClickException(f"There is no local authority with the web address name {slug}.")
    # Written aside and renamed when whole: a failed export leaves no archive that looks complete.
    partial = Path(f"{path}.partial")
    try:
        with partial.open("wb") as out:
            manifest = export_la(db.session.connection(), la.id, out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)
    rows = sum(manifest.tables.values())
    files = sum(1 for name in manifest.files if name.startswith("files/"))
    click.echo(f"Wrote {la.name}'s data to {path}: {rows} rows in {len(manifest.tables)} tables and "
               f"{files} file{'s' if files != 1 else ''}.")


@click.command("la-import", help="Load an LA archive (from la-export or the download) into this "
               "installation, which must not have that LA or any of its people.")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def la_import(path: str) -> None:
    from app.extensions import db
    from app.la_archive import ArchiveRefused, import_archive

    try:
        done = import_archive(db.session, path)
    except ArchiveRefused as exc:
        db.session.rollback()
        raise click.ClickException("Nothing was loaded. " + " ".join(exc.problems)) from exc
    db.session.commit()
    click.echo(f"Loaded {done.la_name} ({done.la_slug}): {sum(done.counts.values())} rows. People "
               "sign in by setting a password (\"I have forgotten my password\" on the sign-in page).")
    if done.people_already_here:
        click.echo(f"{done.people_already_here} people its records name already had an account here "
                   "and are linked to it.")


@click.command("network-summary", help="Recount the network's figures for every LA from the submitted "
               "self-evaluations (they are kept up to date as each is submitted or reopened: this is "
               "a repair).")
@click.option("--rebuild", is_flag=True, help="Recount every LA's rows.")
def network_summary_command(rebuild: bool) -> None:
    from app.extensions import db
    from selfeval import interfaces as selfeval

    if not rebuild:
        raise click.UsageError("Say --rebuild to recount the network's figures.")
    rows = selfeval.rebuild_network_summary()
    db.session.commit()
    click.echo(f"Network figures recounted: {rows} rows.")


@click.group("kept-pages", help="Report pages kept once drawn until their LA's data changes (README, "
             "\"Running several app servers\").")
def kept_pages_group() -> None:
    pass


@kept_pages_group.command("forget", help="Draw every kept page afresh, in every worker on every server: "
                          "after data was changed by hand in SQL, which the app does not see.")
def kept_pages_forget() -> None:
    from app import data_revisions
    from app.extensions import db

    data_revisions.raise_all()
    db.session.commit()
    click.echo("Every kept page will be drawn afresh at its next request.")
