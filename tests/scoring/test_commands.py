import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from scoring.methodology_json import dumps, to_document
from scoring.models import Methodology
from tests.scoring.conftest import SHIPPED

pytestmark = pytest.mark.django_db


def test_export_writes_the_document_to_standard_output(methodology):
    out = StringIO()

    call_command("export_methodology", str(methodology.pk), stdout=out)

    assert out.getvalue() == dumps(to_document(methodology))


def test_export_then_import_round_trips(methodology, tmp_path):
    path = tmp_path / "metodologi.json"
    call_command("export_methodology", str(methodology.pk), output=str(path))
    out = StringIO()

    call_command(
        "import_methodology",
        str(path),
        category=methodology.category.pk,
        tier="national",
        stdout=out,
    )

    imported = Methodology.objects.get(tier="national")
    assert to_document(imported) == to_document(methodology)
    assert out.getvalue() == (
        f"Imported {imported} (id {imported.pk}) for {methodology.category}, "
        "national tier.\n"
    )


def test_export_of_an_unknown_methodology_fails():
    with pytest.raises(CommandError, match="No methodology with id 9"):
        call_command("export_methodology", "9")


def test_import_into_an_unknown_category_fails():
    with pytest.raises(CommandError, match="No category with id 9"):
        call_command(
            "import_methodology",
            str(SHIPPED / "provinsi.json"),
            category=9,
            tier="national",
        )


def test_import_of_a_missing_file_fails(category, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command(
            "import_methodology",
            str(tmp_path / "none.json"),
            category=category.pk,
            tier="national",
        )


def test_import_of_a_hostile_document_lists_the_paths_and_writes_nothing(
    category, document, tmp_path
):
    document["aspects"][0]["criteria"][0]["weight"] = "x"
    document["name"] = "\x00"
    path = tmp_path / "buruk.json"
    path.write_text(json.dumps(document), encoding="utf-8")

    with pytest.raises(CommandError) as caught:
        call_command(
            "import_methodology", str(path), category=category.pk, tier="national"
        )

    assert str(caught.value) == (
        "The document is refused:\n"
        "  name: This contains control characters (such as NUL).\n"
        "  aspects[0].criteria[0].weight: This must be a number."
    )
    assert Methodology.objects.count() == 0
