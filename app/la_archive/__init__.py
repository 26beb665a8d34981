"""One LA's data as one archive: every row that belongs to it, its people, its evidence files and
a manifest. `export_la` writes it; `import_archive` loads it into an installation without that LA.

Which tables belong to an LA is read from the models' metadata (`walk`), so a table added later is
exported without anyone remembering to: a table that no foreign key ties to an LA must be listed as
not per-LA, with the reason, or the walk refuses to run (and a test fails).
"""

from app.la_archive.export import export_la
from app.la_archive.load import ArchiveRefused, import_archive
from app.la_archive.manifest import FORMAT, FORMAT_VERSION

__all__ = ["FORMAT", "FORMAT_VERSION", "ArchiveRefused", "export_la", "import_archive"]
