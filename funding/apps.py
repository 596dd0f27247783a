from django.apps import AppConfig


class FundingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "funding"
    verbose_name = "Pupil Premium Plus"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from children.models import CareEpisode

        # One episode saved or deleted on its own (a correction by hand, a test's factory):
        # the allocation's count follows. Bulk writes (the SSDA903 import, the demo) call
        # funding.allocation.eligible_counts_forget themselves.
        for signal in (post_save, post_delete):
            signal.connect(_episode_changed, sender=CareEpisode, dispatch_uid=f"pp-{signal}")


def _episode_changed(sender, instance, **kwargs) -> None:
    from children.models import Child
    from funding.models import GrantYear

    la = Child.objects.filter(pk=instance.child_id).values("la_id")[:1]
    GrantYear.objects.filter(la_id=la).update(eligible_count=None)  # one statement
