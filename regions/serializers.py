from rest_framework import serializers

from regions.models import Branch, District, Kanwil, Province, Regency, Village


class KanwilSerializer(serializers.ModelSerializer):
    class Meta:
        model = Kanwil
        fields = ["code", "name"]


class ProvinceSerializer(serializers.ModelSerializer):
    kanwil = KanwilSerializer(read_only=True)

    class Meta:
        model = Province
        fields = ["code", "name", "kanwil", "is_active"]


class RegencySerializer(serializers.ModelSerializer):
    province = serializers.CharField(source="province_id", read_only=True)

    class Meta:
        model = Regency
        fields = ["code", "name", "kind", "is_administrative", "province", "is_active"]


class DistrictSerializer(serializers.ModelSerializer):
    regency = serializers.CharField(source="regency_id", read_only=True)

    class Meta:
        model = District
        fields = ["code", "name", "regency", "is_active"]


class VillageSerializer(serializers.ModelSerializer):
    district = serializers.CharField(source="district_id", read_only=True)

    class Meta:
        model = Village
        fields = ["code", "name", "kind", "district", "is_active"]


class BranchSerializer(serializers.ModelSerializer):
    kanwil = KanwilSerializer(read_only=True)
    regencies = serializers.SerializerMethodField()

    class Meta:
        model = Branch
        fields = ["code", "name", "kanwil", "regencies", "is_demo"]

    def get_regencies(self, branch: Branch) -> list[str]:
        """Codes of the kab/kota the branch serves."""
        return [regency.code for regency in branch.regencies.all()]
