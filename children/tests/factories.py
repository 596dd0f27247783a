import datetime

import factory

from authorities.tests.factories import LocalAuthorityFactory
from children.models import CareEpisode, Child, ChildRelationship, EducationPlacement, SdqScore


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    la = factory.SubFactory(LocalAuthorityFactory)
    la_child_id = factory.Sequence(lambda n: f"C{n:05d}")
    forename = factory.Sequence(lambda n: f"Forename{n}")
    surname = factory.Sequence(lambda n: f"Surname{n}")
    date_of_birth = datetime.date(2014, 3, 1)
    sex = Child.Sex.FEMALE
    health_notes = "Asthma: inhaler in bag"


class CareEpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareEpisode

    child = factory.SubFactory(ChildFactory)
    started_on = datetime.date(2024, 1, 10)
    legal_status = "C2"
    placement_type = "U1"
    home_postcode = "B1 1ZZ"
    placement_postcode = "B2 2ZZ"


class EducationPlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EducationPlacement

    child = factory.SubFactory(ChildFactory)
    provision_type = EducationPlacement.ProvisionType.SCHOOL
    school = None
    urn = factory.LazyAttribute(lambda o: o.school.urn if o.school else None)
    started_on = datetime.date(2024, 9, 1)


class ChildRelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChildRelationship

    child = factory.SubFactory(ChildFactory)
    kind = ChildRelationship.Kind.SOCIAL_WORKER
    started_on = datetime.date(2024, 1, 10)


class SdqScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SdqScore

    child = factory.SubFactory(ChildFactory)
    collection_year = 2025
    recorded_on = datetime.date(2025, 3, 1)
    score = 19
