from django import forms

from core.forms import LINE_MAX, NOTE_MAX, GovukDateField
from schools.models import DesignatedTeacher
from visits.models import SchoolVisit


class InspectionForm(forms.Form):
    outcome = forms.CharField(
        label="Inspection outcome",
        max_length=50,
        help_text="As the inspection report gives it, for example a report card grade.",
        error_messages={"required": "Enter the inspection outcome"},
    )
    inspected_on = GovukDateField(label="Date of the inspection")


class AreaForm(forms.Form):
    name = forms.CharField(
        label="Name of the area",
        max_length=100,
        error_messages={"required": "Enter a name for the area"},
    )
    officers = forms.MultipleChoiceField(
        label="Area Education Officers", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.officer_users = {str(u.pk): u for u in officers}
        self.fields["officers"].choices = [
            (k, u.get_full_name()) for k, u in self.officer_users.items()
        ]

    def chosen_officers(self) -> list:
        return [self.officer_users[k] for k in self.cleaned_data["officers"]]


class DesignatedTeacherForm(forms.ModelForm):
    started_on = GovukDateField(label="Took the role on")
    trained_on = GovukDateField(
        label="Last trained on", required=False, help_text="Leave blank if not trained yet."
    )

    class Meta:
        model = DesignatedTeacher
        fields = ["name", "email", "telephone", "started_on", "qualified_teacher", "trained_on"]
        labels = {
            "name": "Full name",
            "email": "Email address",
            "telephone": "Telephone",
            "qualified_teacher": "A qualified teacher",
        }
        help_texts = {
            "name": "If someone else has taken over, enter their name and start date: "
            "the register keeps the previous designated teacher."
        }


class VisitForm(forms.Form):
    kind = forms.ChoiceField(
        label="Type of visit",
        choices=SchoolVisit.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of visit"},
    )
    visited_on = GovukDateField(label="Date of the visit")
    people_met = forms.CharField(
        label="People met",
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Names and roles, one a line.",
    )
    children = forms.MultipleChoiceField(
        label="Children discussed", required=False, widget=forms.CheckboxSelectMultiple
    )
    judgement = forms.ChoiceField(
        label="Judgement",
        choices=SchoolVisit.Judgement.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a judgement"},
    )
    notes = forms.CharField(
        label="Notes", required=False, max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.child_objects = {str(c.pk): c for c in children}
        self.fields["children"].choices = [
            (k, c.display_name) for k, c in self.child_objects.items()
        ]
        if not self.child_objects:
            del self.fields["children"]

    def chosen_children(self) -> list:
        return [self.child_objects[k] for k in self.cleaned_data.get("children", [])]


class ActionForm(forms.Form):
    """One action from a visit: all blank to leave it out."""

    what = forms.CharField(label="Action", required=False, max_length=LINE_MAX)
    owner = forms.ChoiceField(label="Who will do it", required=False)
    owner_name = forms.CharField(
        label="Or someone without an account", required=False, max_length=200
    )
    due_on = GovukDateField(label="Due by", required=False)

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner_users = {str(u.pk): u for u in owners}
        self.fields["owner"].choices = [("", "Someone without an account")] + [
            (k, u.get_full_name()) for k, u in self.owner_users.items()
        ]

    def clean(self):
        data = super().clean()
        if not data.get("what", "").strip():
            return data
        if not data.get("due_on") and "due_on" not in self.errors:
            self.add_error("due_on", "Enter the date the action is due by")
        if not data.get("owner") and not data.get("owner_name", "").strip():
            self.add_error("owner_name", "Say who will do the action")
        return data

    def action_data(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("what", "").strip():
            return None
        return {
            "what": data["what"].strip(),
            "owner": self.owner_users.get(data["owner"]),
            "owner_name": data["owner_name"].strip(),
            "due_on": data["due_on"],
        }
