import datetime

from django import forms
from django.utils import timezone

from core.forms import NOTE_MAX, GovukDateField
from events.models import Event


class EventForm(forms.Form):
    kind = forms.ChoiceField(
        label="Type of event",
        choices=Event.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of event"},
    )
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter a title"}
    )
    day = GovukDateField(label="Date")
    starts = forms.TimeField(
        label="Starts at",
        help_text="For example, 09:30",
        error_messages={"required": "Enter the start time", "invalid": "Enter a time like 09:30"},
    )
    ends = forms.TimeField(
        label="Ends at",
        help_text="For example, 12:00",
        error_messages={"required": "Enter the end time", "invalid": "Enter a time like 12:00"},
    )
    place = forms.CharField(label="Place", max_length=300, required=False)
    link = forms.URLField(
        label="Link, for an online event", required=False, max_length=200, assume_scheme="https"
    )
    capacity = forms.IntegerField(
        label="Places",
        min_value=1,
        max_value=1000,
        error_messages={"required": "Enter how many places"},
    )
    audience = forms.ChoiceField(
        label="Who it is for",
        choices=Event.Audience.choices,
        widget=forms.RadioSelect,
        initial=Event.Audience.ALL,
    )
    cpd_hours = forms.DecimalField(
        label="CPD hours", min_value=0, max_value=40, decimal_places=1, required=False
    )
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def event_data(self) -> dict:
        d = self.cleaned_data
        at = lambda t: timezone.make_aware(datetime.datetime.combine(d["day"], t))  # noqa: E731
        return {
            "kind": d["kind"],
            "title": d["title"],
            "starts_at": at(d["starts"]),
            "ends_at": at(d["ends"]),
            "place": d["place"],
            "link": d["link"],
            "capacity": d["capacity"],
            "audience": d["audience"],
            "cpd_hours": d["cpd_hours"] or 0,
            "description": d["description"],
        }


class EvaluationForm(forms.Form):
    usefulness = forms.ChoiceField(
        label="How useful was it?",
        widget=forms.RadioSelect,
        choices=[
            ("5", "Very useful"),
            ("4", "Useful"),
            ("3", "Somewhat useful"),
            ("2", "Not very useful"),
            ("1", "Not useful"),
        ],
        error_messages={"required": "Say how useful it was"},
    )
    takeaway = forms.CharField(
        label="What will you do differently?",
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
