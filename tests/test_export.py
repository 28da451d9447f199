"""`intake export`: the participants as CSV, XLSX and Indico's columns, names as written."""
from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from bot.export import split_name
from bot.mailbox import deliver_to_maildir
from tests.intake_helpers import fixture, intake, intake_env


def test_split_name_keeps_every_letter_and_finds_capitalised_family_names():
    assert split_name("N'DIAYE Awa Marie") == ("Awa Marie", "N'DIAYE")
    assert split_name("Siobhan McDonald-Hale") == ("Siobhan", "McDonald-Hale")
    assert split_name("Kenji WATANABE") == ("Kenji", "WATANABE")
    assert split_name("Aroha") == ("", "Aroha")


def test_export_lists_the_recorded_participants_in_csv_xlsx_and_indico_columns(tmp_path):
    box = tmp_path / "mb"
    for name in ("complete-nomination-en.eml", "incomplete-designation-fr.eml", "visa-question.eml"):
        deliver_to_maildir(box, fixture("worker", name))
    env = intake_env(f"maildir:{box}", f"maildir:{tmp_path / 'out'}", f"sqlite:///{tmp_path / 'x.db'}")
    intake("run", "--once", env=env)

    rows = list(csv.DictReader(io.StringIO(intake("export", env=env).stdout.decode())))
    assert [(r["member_state"], r["role"], r["name"], r["status"]) for r in rows] == [
        ("TG", "representative", "Kossi Agbeko", "pending"),
        ("TT", "representative", "Darren Ramsaran", "confirmed"),
        ("TT", "adviser", "Alicia Baptiste", "confirmed"),
    ]
    confirmed = list(csv.DictReader(io.StringIO(intake("export", "--status", "confirmed", env=env).stdout.decode())))
    assert {r["name"] for r in confirmed} == {"Darren Ramsaran", "Alicia Baptiste"}

    out = tmp_path / "p.xlsx"
    intake("export", "--format", "xlsx", "--indico", "--output", str(out), env=env)
    sheet = load_workbook(out).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["first_name", "last_name", "affiliation", "position", "email"]
    assert ["Darren", "Ramsaran", "Trinidad and Tobago", "Chief Labour Inspector, Ministry of Labour",
            "darren.ramsaran@labour.gov.tt"] in values
