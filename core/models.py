from django.db import models


class KeptDay(models.Model):
    """The day an LA's kept state of one kind (core.kept) was last computed for in full; None
    after a change that reaches the whole LA: its next reader rebuilds it."""

    la = models.ForeignKey("authorities.LocalAuthority", on_delete=models.CASCADE, related_name="+")
    what = models.CharField(max_length=30)
    computed_for = models.DateField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["la", "what"], name="kept_day_once")]

    def __str__(self) -> str:
        return f"{self.what} for {self.computed_for}"


class KeptChange(models.Model):
    """One committed change to an LA's facts on a day (core.kept.kept_figures): the count of
    the day's rows is the version that figures kept whole are filed under. Rows are only ever
    added (no row lock for writers to queue on) and visible when their change commits; the
    daily refresh removes earlier days'."""

    la = models.ForeignKey("authorities.LocalAuthority", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["la", "day"])]

    def __str__(self) -> str:
        return f"change on {self.day}"
