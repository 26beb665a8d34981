from govuk_frontend_wtf.wtforms_widgets import GovRadioInput
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from app.forms import Form, VersionField, email, password, submit, text
from app.interfaces.two_step import ENTER_CODE

CODE_MAX = 40  # a recovery code with spaces and dashes fits several times over


def code_field(label: str, hint: str):
    return text(label, max_length=CODE_MAX, required=ENTER_CODE, hint=hint)


class SecondStepForm(Form):
    code = code_field("Code", "The 6-digit code your authenticator app shows now, or one of your "
                              "recovery codes.")
    submit = submit("Continue")


class SetUpForm(Form):
    code = code_field("Code from your authenticator app", "The 6 digits the app shows for SEND Triads.")
    submit = submit("Turn on two-step sign-in")


class TurnOffForm(Form):
    password = password("Password", "Enter your password")
    code = code_field("Code from your authenticator app", "The 6 digits the app shows now.")
    submit = submit("Turn off two-step sign-in")


class RequirementForm(Form):
    required = RadioField(
        "Require two-step sign-in for everyone in this local authority?",
        choices=[SelectChoice("yes", "Yes, everyone must sign in with a code from an authenticator app"),
                 SelectChoice("no", "No, each person chooses")],
        validators=[InputRequired(message="Select yes or no")],
        widget=GovRadioInput(),
        validate_choice=False,
    )
    version = VersionField()
    submit = submit("Save")

    def validate_required(self, field) -> None:
        if field.data not in ("yes", "no"):
            raise ValidationError("Select yes or no")


class ResetByEmailForm(Form):
    email = email("Email address of the person")
    submit = submit("Reset two-step sign-in")
