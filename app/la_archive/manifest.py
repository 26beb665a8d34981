"""The archive's layout and its manifest: what it is, which schema it was made with, how many rows
each table gave and the SHA-256 of every file in it, checked before anything is loaded.

    manifest.json             this
    data/<table>.json         the table's rows, a list of objects by column name
    files/<table>/<column>/<id>   the bytes of a file column (evidence), named in the row
"""

import hashlib
import json
import zipfile
from dataclasses import dataclass

FORMAT = "send-triads-la-archive"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"


def data_path(table: str) -> str:
    return f"data/{table}.json"


def file_path(table: str, column: str, row_id: int) -> str:
    return f"files/{table}/{column}/{row_id}"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Manifest:
    schema_revision: str
    exported_at: str
    la: dict
    tables: dict[str, int]
    files: dict[str, dict]

    def as_json(self) -> dict:
        return {"format": FORMAT, "format_version": FORMAT_VERSION,
                "schema_revision": self.schema_revision, "exported_at": self.exported_at,
                "la": self.la, "tables": self.tables, "files": self.files}


class BadArchive(ValueError):
    pass


def read(archive: zipfile.ZipFile) -> Manifest:
    """The manifest, once every file it lists is there with its hash and nothing else is."""
    try:
        raw = json.loads(archive.read(MANIFEST))
    except KeyError as exc:
        raise BadArchive("The file has no manifest.json: it is not an LA archive.") from exc
    except ValueError as exc:
        raise BadArchive("The archive's manifest.json cannot be read.") from exc
    if raw.get("format") != FORMAT:
        raise BadArchive("The file is not an LA archive of this service.")
    if raw.get("format_version") != FORMAT_VERSION:
        raise BadArchive(f"The archive is in format version {raw.get('format_version')}; this "
                         f"version of the service reads version {FORMAT_VERSION}.")
    manifest = Manifest(raw["schema_revision"], raw["exported_at"], raw["la"], raw["tables"],
                        raw["files"])
    present = set(archive.namelist()) - {MANIFEST}
    missing = sorted(set(manifest.files) - present)
    extra = sorted(present - set(manifest.files))
    if missing or extra:
        raise BadArchive("The archive's files do not match its manifest"
                         + (f"; missing: {', '.join(missing[:5])}" if missing else "")
                         + (f"; not listed: {', '.join(extra[:5])}" if extra else "") + ".")
    for name, about in manifest.files.items():
        if sha256(archive.read(name)) != about["sha256"]:
            raise BadArchive(f"{name} in the archive has changed since it was made (its SHA-256 "
                             "does not match the manifest).")
    return manifest
