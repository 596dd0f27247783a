import factory

from authorities.models import LocalAuthority


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAuthority
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{800 + n % 199:03d}")
    name = factory.LazyAttribute(lambda o: f"Authority {o.code}")
