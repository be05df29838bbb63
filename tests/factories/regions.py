"""factory_boy factories for regions and offices.

Region codes follow the Kemendagri patterns: a province `PP`, a kab/kota `PP.KK`
(kabupaten 01–69, kota 71–99), a kecamatan `PP.KK.CC`, a desa `PP.KK.CC.2DDD` and a
kelurahan `PP.KK.CC.1DDD`. Sequences wrap so codes stay valid however long the run,
and stay out of the low numbers the fixtures spell out (provinces 15, 21, 31, 99;
kab/kota 01–09 and 71–79; kecamatan 01–09; desa 1001–1099 and 2001–2099), so a
generated code never collides with a fixture's in the same test.
"""

import factory
from factory.django import DjangoModelFactory

from regions.models import Branch, District, Kanwil, Province, Regency, Village, Zone


class KanwilFactory(DjangoModelFactory):
    class Meta:
        model = Kanwil

    code = factory.Sequence(lambda n: f"kanwil-{n}")
    name = factory.Sequence(lambda n: f"Kanwil {n}")


class ProvinceFactory(DjangoModelFactory):
    class Meta:
        model = Province

    code = factory.Sequence(lambda n: f"{40 + n % 59:02d}")
    name = factory.Sequence(lambda n: f"Provinsi {n}")
    kanwil = None


class RegencyFactory(DjangoModelFactory):
    class Meta:
        model = Regency

    class Params:
        kota = factory.Trait(
            code=factory.LazyAttributeSequence(
                lambda o, n: f"{o.province.code}.{80 + n % 20:02d}"
            ),
            name=factory.Sequence(lambda n: f"Kota {n}"),
        )

    province = factory.SubFactory(ProvinceFactory)
    code = factory.LazyAttributeSequence(
        lambda o, n: f"{o.province.code}.{10 + n % 60:02d}"
    )
    name = factory.Sequence(lambda n: f"Kabupaten {n}")
    kind = factory.LazyAttribute(lambda o: Regency.kind_for_code(o.code))


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = District

    regency = factory.SubFactory(RegencyFactory)
    code = factory.LazyAttributeSequence(
        lambda o, n: f"{o.regency.code}.{10 + n % 90:02d}"
    )
    name = factory.Sequence(lambda n: f"Kecamatan {n}")


class VillageFactory(DjangoModelFactory):
    class Meta:
        model = Village

    class Params:
        kelurahan = factory.Trait(
            code=factory.LazyAttributeSequence(
                lambda o, n: f"{o.district.code}.1{100 + n % 900:03d}"
            ),
            name=factory.Sequence(lambda n: f"Kelurahan {n}"),
        )

    district = factory.SubFactory(DistrictFactory)
    code = factory.LazyAttributeSequence(
        lambda o, n: f"{o.district.code}.2{100 + n % 900:03d}"
    )
    name = factory.Sequence(lambda n: f"Desa {n}")
    kind = factory.LazyAttribute(lambda o: Village.kind_for_code(o.code))


class BranchFactory(DjangoModelFactory):
    """A branch office; `BranchFactory(regencies=[...])` sets the kab/kota served."""

    class Meta:
        model = Branch
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"kc-{n}")
    name = factory.Sequence(lambda n: f"KC {n}")
    kanwil = factory.SubFactory(KanwilFactory)

    @factory.post_generation
    def regencies(self, create: bool, extracted: list[Regency] | None, **kwargs):
        if create and extracted:
            self.regencies.set(extracted)


class ZoneFactory(DjangoModelFactory):
    """A zone; `ZoneFactory(provinces=[...])` sets its provinces."""

    class Meta:
        model = Zone
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Zona {n}")
    year = 2025

    @factory.post_generation
    def provinces(self, create: bool, extracted: list[Province] | None, **kwargs):
        if create and extracted:
            self.provinces.set(extracted)
