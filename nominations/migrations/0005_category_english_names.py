"""An English name for each category, filled in for the award's known categories."""

from typing import Any

from django.db import migrations, models

# The award's category names and the names of their parts ("Badan Usaha Skala
# Besar — Manufaktur" is named part by part).
ENGLISH = {
    "Pemerintah Provinsi": "Provincial government",
    "Pemerintah Kabupaten/Kota": "Regency/city government",
    "Pemerintah Kabupaten": "Regency government",
    "Pemerintah Kota": "City government",
    "Pemerintah Desa": "Village government",
    "Badan Usaha Skala Besar": "Large business",
    "Badan Usaha Skala Menengah": "Medium business",
    "Badan Usaha Skala Kecil": "Small business",
    "Badan Usaha Skala Mikro": "Micro business",
    "Usaha Kecil dan Mikro": "Small and micro business",
    "Layanan Publik": "Public service",
    "Perguruan Tinggi": "University",
    "Keuangan": "Finance",
    "Manufaktur": "Manufacturing",
    "Perdagangan dan Jasa": "Trade and services",
    "Pertanian": "Agriculture",
    "Pertambangan": "Mining",
    "Konstruksi": "Construction",
    "Transportasi": "Transport",
    "Pendidikan": "Education",
    "Kesehatan": "Health",
    "Lainnya": "Other",
}


def english_name(name: str) -> str:
    """The English name, or "" when a part of the name is not known."""
    parts = [ENGLISH.get(part.strip()) for part in name.split("—")]
    return "" if None in parts else " — ".join(str(part) for part in parts)


def fill_english_names(apps: Any, schema_editor: Any) -> None:
    Category = apps.get_model("nominations", "Category")
    for category in Category.objects.filter(name_en=""):
        category.name_en = english_name(category.name)
        if category.name_en:
            category.save(update_fields=["name_en"])


class Migration(migrations.Migration):
    dependencies = [
        ("nominations", "0004_steps_in_one_shape"),
    ]

    operations = [
        migrations.AddField(
            model_name="category",
            name="name_en",
            field=models.CharField(
                blank=True,
                help_text="Shown to readers who use the portal in English.",
                max_length=120,
                verbose_name="name in English",
            ),
        ),
        migrations.RunPython(fill_english_names, migrations.RunPython.noop),
    ]
