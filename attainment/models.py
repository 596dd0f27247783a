"""Attainment and progress: one assessment result per child, school year, term, subject and
kind of assessment, with the target and the progress judgement (issue 5)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

TEACHER_ASSESSMENT = {
    "BLW": "Working below the expected standard",
    "WTS": "Working towards the expected standard",
    "EXS": "Working at the expected standard",
    "GDS": "Working at greater depth",
}
GCSE_GRADES = ["9", "8", "7", "6", "5", "4", "3", "2", "1", "U"]


class Kind(models.TextChoices):
    EYFS_GLD = "eyfs_gld", "EYFS good level of development (Y or N)"
    PHONICS = "phonics", "Phonics screening check (mark out of 40)"
    KS1_TA = "ks1_ta", "Key stage 1 teacher assessment"
    KS2_TA = "ks2_ta", "Key stage 2 teacher assessment"
    KS2_SCALED = "ks2_scaled", "Key stage 2 scaled score (80 to 120)"
    TEACHER = "teacher", "Teacher assessment in school (BLW, WTS, EXS, GDS)"
    GCSE = "gcse", "GCSE grade (9 to 1, U)"
    PREDICTED = "predicted", "Predicted GCSE grade (9 to 1, U)"


class Progress(models.TextChoices):
    BELOW = "below", "Below expected progress"
    EXPECTED = "expected", "Expected progress"
    ABOVE = "above", "Above expected progress"


def result_error(kind: str, result: str) -> str:
    """Why `result` is not a valid result for `kind` ('' when it is)."""
    if kind == Kind.EYFS_GLD:
        return "" if result in ("Y", "N") else "Use Y or N"
    if kind == Kind.PHONICS:
        return "" if result.isdigit() and int(result) <= 40 else "Use a mark from 0 to 40"
    if kind == Kind.KS2_SCALED:
        ok = result.isdigit() and 80 <= int(result) <= 120
        return "" if ok else "Use a scaled score from 80 to 120"
    if kind in (Kind.KS1_TA, Kind.KS2_TA, Kind.TEACHER):
        return "" if result in TEACHER_ASSESSMENT else "Use BLW, WTS, EXS or GDS"
    if kind in (Kind.GCSE, Kind.PREDICTED):
        return "" if result in GCSE_GRADES else "Use a grade from 9 to 1, or U"
    return "Unknown kind of assessment"


class AssessmentResult(models.Model):
    class Term(models.TextChoices):
        AUTUMN = "autumn", "Autumn"
        SPRING = "spring", "Spring"
        SUMMER = "summer", "Summer"

    child = models.ForeignKey(
        "children.Child", on_delete=models.CASCADE, related_name="assessment_results"
    )
    academic_year = models.PositiveSmallIntegerField(help_text="The year the autumn term starts.")
    term = models.CharField(max_length=6, choices=Term.choices)
    subject = models.CharField(max_length=40)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    result = models.CharField(max_length=4)
    target = models.CharField(max_length=4, blank=True)
    progress = models.CharField(max_length=8, choices=Progress.choices, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "-academic_year", "term", "subject"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "academic_year", "term", "subject", "kind"],
                name="assessment_result_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject_label} {self.get_kind_display()}: {self.result}"

    @property
    def result_label(self) -> str:
        meaning = TEACHER_ASSESSMENT.get(self.result)
        return f"{self.result} ({meaning.lower()})" if meaning else self.result

    @property
    def subject_label(self) -> str:
        return self.subject.replace("_", " ").capitalize()

    def clean(self) -> None:
        error = result_error(self.kind, self.result)
        if error:
            raise ValidationError({"result": error})
        if self.target and result_error(self.kind, self.target):
            raise ValidationError({"target": result_error(self.kind, self.target)})
