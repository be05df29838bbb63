"""factory_boy factories for users."""

import factory
from factory.django import DjangoModelFactory

from accounts.models import User
from tests.factories.regions import BranchFactory, KanwilFactory, ProvinceFactory

PASSWORD = "rahasia-paritrana-9"


class UserFactory(DjangoModelFactory):
    """A user without a role; traits give each role with the scope it requires:
    `admin`, `panitia` (province), `penilai`, `petugas` (branch),
    `verifikator_cabang` (branch) and `verifikator_kanwil` (Kanwil)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    class Params:
        admin = factory.Trait(role=User.Role.ADMIN_NASIONAL)
        panitia = factory.Trait(
            role=User.Role.PANITIA_PROVINSI,
            province=factory.SubFactory(ProvinceFactory),
        )
        penilai = factory.Trait(role=User.Role.PENILAI)
        petugas = factory.Trait(
            role=User.Role.PETUGAS_CABANG, branch=factory.SubFactory(BranchFactory)
        )
        verifikator_cabang = factory.Trait(
            role=User.Role.VERIFIKATOR, branch=factory.SubFactory(BranchFactory)
        )
        verifikator_kanwil = factory.Trait(
            role=User.Role.VERIFIKATOR, kanwil=factory.SubFactory(KanwilFactory)
        )

    username = factory.Sequence(lambda n: f"pengguna{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = "Sri"
    role = ""
    province = None
    branch = None
    kanwil = None
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save(update_fields=["password"])
