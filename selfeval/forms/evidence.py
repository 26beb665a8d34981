"""Uploading a file of evidence behind an area's answers. The file is checked on its bytes, not
its name."""

from dataclasses import dataclass
from pathlib import PurePath

from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovFileInput
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from app.forms import PERSONAL_DATA_HINT, Form, select, submit
from selfeval import framework as fw

MAX_EVIDENCE_BYTES = 5 * 1024 * 1024
# Extension -> (content type, how the file must start).
ALLOWED = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (b"PK\x03\x04",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".txt": ("text/plain", ()),
    ".csv": ("text/csv", ()),
}


def check_file(filename: str, data: bytes) -> tuple[str | None, str | None]:
    """(content type, None) when acceptable, else (None, what is wrong)."""
    extension = PurePath(filename.lower()).suffix
    if extension not in ALLOWED:
        return None, "The file must be a PDF, Word, Excel, PowerPoint, PNG, JPEG, text or CSV file"
    if not data:
        return None, "The selected file is empty"
    if len(data) > MAX_EVIDENCE_BYTES:
        return None, "The file must be smaller than 5 MB"
    content_type, signatures = ALLOWED[extension]
    if signatures and not data.startswith(signatures):
        return None, f"The file is not a real {extension.lstrip('.').upper()} file"
    if not signatures:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return None, "A text file must be saved as UTF-8"
    return content_type, None


def safe_name(filename: str) -> str:
    name = PurePath(filename.replace("\\", "/")).name
    return "".join(ch for ch in name if ch.isalnum() or ch in " ._-()")[:200] or "evidence"


@dataclass(frozen=True)
class Upload:
    filename: str
    content_type: str
    data: bytes


class EvidenceUploadForm(Form):
    file = FileField("Upload a file of evidence", validators=[FileRequired(message="Select a file")],
                     widget=GovFileInput(),
                     description="PDF, Word, Excel, PowerPoint, image or text; up to 5 MB. "
                     + PERSONAL_DATA_HINT)
    statement = select("Which statement does it support?", [], None)
    submit = submit("Upload evidence")

    upload: Upload | None = None

    def __init__(self, *args, statements: tuple[fw.Statement, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.statement.choices = [SelectChoice("", "The area as a whole")] + [
            SelectChoice(s.id, f"{i}. {s.text}") for i, s in enumerate(statements, start=1)
        ]

    @property
    def statement_id(self) -> str | None:
        return self.statement.data or None

    def validate_statement(self, field):
        if field.data and field.data not in {c.value for c in field.choices}:
            raise ValidationError("Select a statement from the list")

    def validate_file(self, field):
        data = field.data.read(MAX_EVIDENCE_BYTES + 1)
        filename = safe_name(field.data.filename or "")
        content_type, problem = check_file(filename, data)
        if problem:
            raise ValidationError(problem)
        self.upload = Upload(filename, content_type, data)
