from django.db import models


class KeptDay(models.Model):
    """The day an LA's kept state of one kind (core.kept) was last computed for in full; None
    after a change that reaches the whole LA: its next reader rebuilds it."""

    la = models.ForeignKey("authorities.LocalAuthority", on_delete=models.CASCADE, related_name="+")
    what = models.CharField(max_length=30)
    computed_for = models.DateField(null=True)
    # For figures kept whole (core.kept.kept_figures): raised by every change to the LA's facts.
    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["la", "what"], name="kept_day_once")]

    def __str__(self) -> str:
        return f"{self.what} for {self.computed_for}"
