from __future__ import annotations

from django import forms

from accounts.models import User
from accounts.roles import Role
from core.forms import GovukDateField, no_blank_radio
from funding.forms import DecisionForm
from post16.models import Post16Grant, Post16Plan, Post16Request


class Post16PlanForm(forms.ModelForm):
    course_ends_on = GovukDateField(label="Course ends on", required=False)
    attendance_as_of = GovukDateField(label="Attendance reported on", required=False)
    careers_guidance_on = GovukDateField(label="Last careers guidance on", required=False)

    class Meta:
        model = Post16Plan
        fields = [
            "provider",
            "course",
            "level",
            "course_ends_on",
            "attendance_percent",
            "attendance_as_of",
            "bursary",
            "bursary_amount",
            "careers_guidance_on",
            "careers_adviser",
            "careers_notes",
            "next_steps",
        ]
        labels = {
            "provider": "College, school sixth form or training provider",
            "course": "Course or programme",
            "level": "Qualification aim",
            "attendance_percent": "Attendance (%)",
            "bursary": "16 to 19 Bursary Fund",
            "bursary_amount": "Bursary awarded a year (£)",
            "careers_adviser": "Careers adviser",
            "careers_notes": "What the careers guidance said",
            "next_steps": "Next steps after this course",
        }
        help_texts = {
            "bursary": "Young people in care are in the bursary's vulnerable group (up to "
            "£1,200 a year).",
            "next_steps": "University, an apprenticeship, employment, another course: and the "
            "support to get there.",
        }
        widgets = {
            "level": forms.RadioSelect,
            "bursary": forms.RadioSelect,
            "careers_notes": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        no_blank_radio(self, "level", "bursary")


class Post16GrantForm(forms.ModelForm):
    class Meta:
        model = Post16Grant
        fields = ["year", "allocation", "advisor_limit_per_term", "lead"]
        labels = {
            "year": "Financial year",
            "allocation": "Allocation from the DfE (£)",
            "advisor_limit_per_term": (
                "An advisor may approve, for one young person a term, up to (£)"
            ),
        }
        help_texts = {"year": "For example 2026-27 (1 April to 31 March)."}

    def __init__(self, *args, la, **kwargs):
        super().__init__(*args, **kwargs)
        deciders = User.objects.filter(
            role_assignments__la=la,
            role_assignments__role__in=[Role.VIRTUAL_SCHOOL_HEAD, Role.TEAM_MANAGER],
            is_active=True,
        ).distinct()
        self.fields["lead"].queryset = deciders.order_by("full_name", "email")
        if self.instance.pk:
            self.fields["year"].disabled = True


class Post16RequestForm(forms.ModelForm):
    class Meta:
        model = Post16Request
        fields = ["amount", "purpose", "detail"]
        labels = {"amount": "Amount (£)", "purpose": "What it is for"}
        widgets = {"purpose": forms.RadioSelect, "detail": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"purpose": {"required": "Choose what it is for"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        no_blank_radio(self, "purpose")


class Post16DecisionForm(DecisionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = "Needed to reduce or decline."
        self.fields["override"].label = "Override the allocation (Virtual School Head only)"
