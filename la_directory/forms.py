from django import forms

from la_directory.models import Authority


class AuthorityForm(forms.ModelForm):
    class Meta:
        model = Authority
        fields = ["virtual_school", "admissions", "send", "notes"]
        labels = {
            "virtual_school": "Virtual School",
            "admissions": "Admissions",
            "send": "SEND (EHCPs)",
            "notes": "Notes",
        }
