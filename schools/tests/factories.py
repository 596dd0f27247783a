import factory

from schools.models import School


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    urn = factory.Sequence(lambda n: 900000 + n)
    la_code = "330"
    establishment_number = factory.Sequence(lambda n: f"{4000 + n % 5000:04d}")
    name = factory.Sequence(lambda n: f"Test School {n}")
    phase = "Secondary"
    type_of_establishment = "Academy converter"
