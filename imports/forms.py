from django import forms

from imports.registry import importer_for, importers
from imports.services import MAX_UPLOAD_BYTES


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True
    input_type = "file"


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple) and data:
            return [single(d, initial) for d in data]
        return [single(data or None, initial)]


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label="What are you importing?",
        choices=(),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what you are importing"},
    )
    la = forms.ChoiceField(label="Local authority", required=False)
    files = MultipleFileField(
        label="Files",
        help_text="CSV files (an SSDA903 return can be several CSV tables, or one XML file).",
        error_messages={"required": "Choose the files to import"},
    )
    dry_run = forms.BooleanField(label="Check the files only, do not save anything", required=False)
    confirmed = forms.BooleanField(
        label="I have checked: load this return even though it matches few of the children "
        "already in care",
        help_text="Only when an import was refused for that reason (another ID scheme, say).",
        required=False,
    )

    def __init__(self, *args, las, **kwargs):
        super().__init__(*args, **kwargs)
        self.las = las
        self.fields["la"].choices = [(str(la.pk), str(la)) for la in las]
        self.fields["kind"].choices = [(i.kind, i.label) for i in importers()]

    def clean_files(self):
        files = self.cleaned_data["files"]
        if sum(f.size for f in files) > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The files are larger than 200 MB together")
        for f in files:
            if not f.name.lower().endswith((".csv", ".xml")):
                raise forms.ValidationError(f"{f.name} is not a CSV or XML file")
        return files

    def clean(self):
        data = super().clean()
        la = next((la for la in self.las if str(la.pk) == data.get("la")), None)
        importer = importer_for(data.get("kind") or "")
        if importer and importer.needs_la and la is None:
            self.add_error("la", "Choose the local authority the data belongs to")
        data["la_obj"] = la if importer and importer.needs_la else None
        return data
