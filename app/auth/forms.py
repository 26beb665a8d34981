from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput
from wtforms import SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import EqualTo, Length, ValidationError

from app.forms import Form, VersionField, email, password, submit, text
from app.models import Topic
from app.passwords import MAX_LENGTH, MIN_LENGTH


class SignInForm(Form):
    email = email()
    password = password("Password", "Enter your password")
    submit = submit("Sign in")


def _new_password_field(label: str = "New password"):
    return password(
        label,
        "Enter a new password",
        validators=[
            Length(min=MIN_LENGTH, max=MAX_LENGTH,
                   message=f"Password must be between {MIN_LENGTH} and {MAX_LENGTH} characters")
        ],
        hint=f"Use at least {MIN_LENGTH} characters. A few unrelated words work well.",
    )


def _confirm_field():
    return password(
        "Confirm new password",
        "Confirm your new password",
        validators=[EqualTo("new_password", message="The passwords do not match")],
    )


class NewPasswordForm(Form):
    new_password = _new_password_field()
    confirm_password = _confirm_field()
    submit = submit("Save password")

    def __init__(self, *args, user_email: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user_email = user_email

    def validate_new_password(self, field) -> None:
        if self.user_email and (field.data or "").strip().lower() == self.user_email.lower():
            raise ValidationError("Password must not be your email address")


class AcceptInvitationForm(NewPasswordForm):
    name = text("Full name", max_length=120, required="Enter your full name")
    new_password = _new_password_field("Create a password")
    submit = submit("Create account")


class ChangePasswordForm(NewPasswordForm):
    current_password = password("Current password", "Enter your current password")


class AccountForm(Form):
    name = text("Full name", max_length=120, required="Enter your full name")
    version = VersionField()
    submit = submit("Save")


class PasswordResetRequestForm(Form):
    email = email()
    submit = submit("Send reset link")


class EmailPreferencesForm(Form):
    topics = SelectMultipleField(
        "Which e-mails do you want to get?", choices=[SelectChoice(t.name, t.label) for t in Topic],
        validate_choice=False, widget=GovCheckboxesInput(),
        description="We gather them into one e-mail a day at most. Invitations to join and password "
                    "resets are always sent.")
    version = VersionField()
    submit = submit("Save")

    def validate_topics(self, field) -> None:
        if any(value not in Topic.__members__ for value in field.data or []):
            raise ValidationError("Choose e-mails from the list")

    @property
    def chosen(self) -> set[Topic]:
        return {Topic[value] for value in self.topics.data or []}
