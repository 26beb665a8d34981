import re

from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovRadioInput, GovTextInput
from wtforms import RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, ValidationError

from app.data_protection import (
    DEFAULT_RETENTION_YEARS,
    MAX_RETENTION_YEARS,
    MIN_RETENTION_YEARS,
    NOTICE_MAX_LENGTH,
)
from app.forms import (
    Form,
    HiddenField,
    VersionedForm,
    VersionField,
    email,
    long_text,
    select,
    strip,
    submit,
    text,
)
from app.models import Phase, Role, SchoolType

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def enum_choices(enum_cls, members=None) -> list[SelectChoice]:
    return [SelectChoice(m.name, m.label) for m in (members or list(enum_cls))]


class LocalAuthorityForm(Form):
    name = text("Name", max_length=120, required="Enter the local authority's name",
                hint="For example, Northmere Borough Council")
    slug = text("Short name for web addresses", max_length=60,
                required="Enter a short name for web addresses",
                hint="Lowercase letters, numbers and hyphens, for example northmere")
    code = text("LA code", max_length=3, required="Enter the 3-digit LA code",
                hint="The 3-digit code the Department for Education uses, for example 990")
    lead_name = text("Full name of the first SEND lead", max_length=120,
                     required="Enter the SEND lead's full name")
    lead_email = email("Email address of the first SEND lead", "Enter the SEND lead's email address")
    submit = submit("Create local authority and invite lead")

    def validate_slug(self, field) -> None:
        if field.data and not SLUG.match(field.data):
            raise ValidationError("Short name must only use lowercase letters, numbers and single hyphens")

    def validate_code(self, field) -> None:
        if field.data and not re.fullmatch(r"[0-9]{3}", field.data):
            raise ValidationError("LA code must be 3 digits, like 990")


class LocalAuthorityDetailsForm(VersionedForm):
    """The platform administrator's change to an LA's name or LA code (its web address stays:
    people have it bookmarked and in their emails)."""

    name = text("Name", max_length=120, required="Enter the local authority's name")
    code = text("LA code", max_length=3, required="Enter the 3-digit LA code",
                hint="The 3-digit code the Department for Education uses, for example 990. Schools "
                "imported from Get Information about Schools are found by it")
    submit = submit("Save changes")

    validate_code = LocalAuthorityForm.validate_code


class SchoolForm(Form):
    urn = text("URN", max_length=6, required="Enter the school's URN",
               hint="The 6-digit unique reference number, for example 123456")
    name = text("School name", max_length=120, required="Enter the school's name")
    phase = select("Phase", [SelectChoice("", "Select the phase"), *enum_choices(Phase)],
                   "Select the school's phase")
    school_type = select("Type", [SelectChoice("", "Select the type"), *enum_choices(SchoolType)],
                         "Select the type of school")
    version = VersionField()
    submit = submit("Save school")

    def validate_urn(self, field) -> None:
        if field.data and not re.fullmatch(r"[0-9]{6}", field.data):
            raise ValidationError("URN must be 6 digits, like 123456")

    def validate_phase(self, field) -> None:
        if field.data not in Phase.__members__:
            raise ValidationError("Select the school's phase")

    def validate_school_type(self, field) -> None:
        if field.data not in SchoolType.__members__:
            raise ValidationError("Select the type of school")


class SchoolImportForm(Form):
    file = FileField(
        "Upload a file",
        validators=[FileRequired(message="Select a CSV file of schools")],
        widget=GovFileInput(),
        description="A file from Get Information about Schools, as downloaded (CSV or zip, up to "
        "150 MB), or a CSV file with the columns urn, name, phase and type (up to 5,000 schools "
        "and 2 MB).",
    )
    submit = submit("Import schools")


class GiasConfirmForm(Form):
    # What the preview showed, signed (app.admin.gias_payload): the file is not uploaded again.
    payload = HiddenField()
    submit = submit("Import these schools")


class PeopleImportForm(Form):
    file = FileField(
        "Upload a CSV file",
        validators=[FileRequired(message="Select a CSV file of people")],
        widget=GovFileInput(),
        description="The first row must name the columns urn, name, email and role. Save from Excel as "
        "'CSV UTF-8' or 'CSV (Comma delimited)'. Up to 2,000 people and 2 MB.",
    )
    submit = submit("Check the file and send the invitations")


class RoleChoiceMixin:
    def validate_role(self, field) -> None:
        if field.data not in {r.name for r in Role.invitable_by_la()}:
            raise ValidationError("Select a role")

    def validate_school(self, field) -> None:
        role = Role.__members__.get(self.role.data or "")
        if role is not None and role.scope == "school" and not field.data:
            raise ValidationError(f"Select the school for the {role.label}")


def _role_field():
    return RadioField(
        "Role",
        choices=enum_choices(Role, Role.invitable_by_la()),
        validators=[InputRequired(message="Select a role")],
        widget=GovRadioInput(),
        validate_choice=False,  # validate_role refuses other values with our own wording
    )


def _school_field():
    return select("School", [], None, description="Needed for a SENCO or headteacher")


class InvitationForm(RoleChoiceMixin, Form):
    name = text("Full name", max_length=120, required="Enter the person's full name")
    email = email()
    role = _role_field()
    school = _school_field()
    submit = submit("Send invitation")


class RoleForm(RoleChoiceMixin, Form):
    role = _role_field()
    school = _school_field()
    version = VersionField()
    submit = submit("Save role")


def school_choices(schools) -> list[SelectChoice]:
    return [SelectChoice("", "Not a school role")] + [
        SelectChoice(str(s.id), f"{s.name} ({s.urn})") for s in schools
    ]



class SharingForm(Form):
    shares = RadioField(
        "Share this local authority's figures with the programme network?",
        choices=[SelectChoice("yes", "Yes, share anonymised figures"), SelectChoice("no", "No, do not share")],
        validators=[InputRequired(message="Select yes or no")],
        widget=GovRadioInput(),
        validate_choice=False,
    )
    version = VersionField()
    submit = submit("Save")

    def validate_shares(self, field) -> None:
        if field.data not in ("yes", "no"):
            raise ValidationError("Select yes or no")


class AssurerCohortsForm(VersionedForm):
    cohorts = RadioField(
        "Which cohorts may they read?",
        choices=[SelectChoice("assigned", "Only the cohorts they are assigned to",
                              {"hint": {"text": "Assign them to cohorts on each cohort's quality assurance page."}}),
                 SelectChoice("whole_la", "Every cohort of the local authority",
                              {"hint": {"text": "Every school's self-evaluations, plans, visits and dashboards, "
                                                "in every year."}})],
        validators=[InputRequired(message="Select which cohorts they may read")],
        widget=GovRadioInput(),
        validate_choice=False,
    )
    submit = submit("Save")

    def validate_cohorts(self, field) -> None:
        if field.data not in ("assigned", "whole_la"):
            raise ValidationError("Select which cohorts they may read")


class PrivacyNoticeForm(VersionedForm):
    notice = long_text("Privacy notice", max_length=NOTICE_MAX_LENGTH, required="Enter the privacy notice",
                       hint="Plain text. Leave a blank line between paragraphs; start a line with # to make "
                            "it a heading.")
    submit = submit("Save and publish")


YEARS_RANGE = f"Enter a number of years from {MIN_RETENTION_YEARS} to {MAX_RETENTION_YEARS}"


class RetentionForm(VersionedForm):
    # One message for every wrong answer (empty, a word, too long, out of range): the range.
    years = StringField("Years to keep a finished cohort's records",
                        validators=[DataRequired(message=YEARS_RANGE)], filters=[strip], widget=GovTextInput(),
                        description=f"Counted from the end of the cohort's academic year (31 August). From "
                                    f"{MIN_RETENTION_YEARS} to {MAX_RETENTION_YEARS} years; the default is "
                                    f"{DEFAULT_RETENTION_YEARS}.")
    submit = submit("Save")

    def validate_years(self, field) -> None:
        years = int(field.data) if re.fullmatch(r"[0-9]{1,2}", field.data or "") else None
        if field.data and not (years is not None and MIN_RETENTION_YEARS <= years <= MAX_RETENTION_YEARS):
            raise ValidationError(YEARS_RANGE)
