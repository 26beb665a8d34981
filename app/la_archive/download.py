"""The archive as a download: built in a temporary file (evidence can run to many megabytes) and
recorded in the LA's activity, in the transaction of the request that serves it."""

import tempfile
from typing import IO

from app.db import utcnow
from app.extensions import db
from app.interfaces import audit
from app.la_archive.export import export_la
from app.models import CoreAction, LocalAuthority

IN_MEMORY_UP_TO = 32 * 1024 * 1024


def archive_download(la: LocalAuthority) -> tuple[IO[bytes], str]:
    """The LA's archive, ready to read from the start, and the file name to give it."""
    out = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY_UP_TO)  # noqa: SIM115 - closed by the response
    manifest = export_la(db.session.connection(), la.id, out)
    audit.record(la, CoreAction.LA_EXPORTED, la, rows=sum(manifest.tables.values()),
                 files=sum(1 for name in manifest.files if name.startswith("files/")))
    out.seek(0)
    return out, f"{la.slug}-all-data-{utcnow().date().isoformat()}.zip"
