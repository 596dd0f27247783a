from __future__ import annotations

from allauth.core import context
from allauth.mfa.base.forms import AuthenticateForm
from django import forms

from accounts.models import User
from accounts.roles import Role
from audit.services import Action, ObjectType, access_log_record


class AuditedMFAAuthenticateForm(AuthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        code = self.fields["code"]
        code.label, code.help_text = "Code", "For example, 123456"
        code.error_messages["required"] = "Enter the code from your authenticator app"
        code.widget.attrs.pop("placeholder", None)  # GOV.UK: the hint says it, not a placeholder

    def _emit_authentication_failed(self, authenticator) -> None:
        super()._emit_authentication_failed(authenticator)
        access_log_record(
            action=Action.MFA_FAILED,
            actor=None,
            request=context.request,
            object_type=ObjectType.USER,
            object_id=self.user.pk,
        )


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a role", "invalid_choice": "Choose a role"},
    )
    la = forms.ChoiceField(label="Local authority", required=False)
    school_urn = forms.IntegerField(
        label="School URN", required=False, help_text="Only for a designated teacher."
    )

    def __init__(self, *args, las, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["la"].choices = [(str(la.pk), str(la)) for la in las]
        if len(las) == 1:
            self.fields["la"].initial = str(las[0].pk)


class InviteForm(RoleForm):
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        },
    )
    full_name = forms.CharField(
        label="Full name", max_length=150, error_messages={"required": "Enter their full name"}
    )
    job_title = forms.CharField(label="Job title", max_length=150, required=False)

    field_order = ["email", "full_name", "job_title", "role", "la", "school_urn"]


def existing_user(email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first()
