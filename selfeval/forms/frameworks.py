"""Loading a framework file: checked whole before anything is stored."""

from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovFileInput
from wtforms.validators import ValidationError

from app.forms import Form, submit
from selfeval import framework as fw

MAX_FRAMEWORK_BYTES = 1024 * 1024


class FrameworkUploadForm(Form):
    file = FileField(
        "Upload a framework file",
        validators=[FileRequired(message="Select a framework file")],
        widget=GovFileInput(),
        description="A YAML file in the same layout as the framework that ships with the service. "
        "Up to 1 MB.",
    )
    submit = submit("Check and load framework")

    text: str = ""
    filename: str = ""
    problems: tuple[str, ...] = ()  # every problem in the file, each naming its line

    def validate_file(self, field):
        raw = field.data.read(MAX_FRAMEWORK_BYTES + 1)
        filename = field.data.filename or "framework.yaml"
        if len(raw) > MAX_FRAMEWORK_BYTES:
            raise ValidationError("The file must be smaller than 1 MB")
        if not filename.lower().endswith((".yaml", ".yml")):
            raise ValidationError("The selected file must be a YAML file (.yaml or .yml)")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError("The file must be saved as UTF-8 text") from None
        try:
            fw.parse(text, filename)
        except fw.FrameworkError as exc:
            self.problems = tuple(exc.messages)
            count = len(self.problems)
            raise ValidationError(
                f"The framework file has {count} problem{'s' if count != 1 else ''}. Nothing has been "
                "loaded. Fix the lines listed below and upload it again"
            ) from None
        self.text, self.filename = text, filename
