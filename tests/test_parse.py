"""The parse handler: raw bytes to a ParsedMessage, on fixtures named after their quirk."""
from __future__ import annotations

import email
import shutil
import time
from email.message import EmailMessage
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import handlers
from bot.mail import ParsedMessage, TextPart
from bot.meeting import Limits, load_meeting
from handlers import Context
from tests.intake_helpers import PEER_MAILS

FIXTURES = Path(__file__).parent / "fixtures" / "mail"
MEETING = load_meeting("config/meeting.yaml")
needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")


def parse_bytes(raw: bytes, **limits: object) -> ParsedMessage:
    meeting = MEETING
    if limits:
        meeting = MEETING.model_copy(update={"limits": Limits(**{**MEETING.limits.model_dump(), **limits})})
    ctx = Context(raw=raw, meeting=meeting, states=None)  # type: ignore[arg-type]
    handlers.load()["parse"].process(ctx)
    assert ctx.parsed is not None
    return ctx.parsed


def parse(name: str, **limits: object) -> ParsedMessage:
    return parse_bytes((FIXTURES / name).read_bytes(), **limits)


def part(parsed: ParsedMessage, source: str) -> TextPart:
    found = [p for p in parsed.parts if p.source == source]
    assert found, f"no part {source!r} in {[p.source for p in parsed.parts]}"
    return found[0]


def all_text(parsed: ParsedMessage) -> str:
    return "\n".join(p.text for p in parsed.parts)


def all_quoted(parsed: ParsedMessage) -> str:
    return "\n".join(p.quoted for p in parsed.parts)


# -- headers and charsets --------------------------------------------------------------------
def test_it_decodes_rfc2047_headers_and_latin1_quoted_printable() -> None:
    parsed = parse("latin1-quoted-printable-rfc2047.eml")
    assert parsed.subject == "Désignation - Réunion technique OIT"
    assert parsed.from_name == "Rakotomalala, Hélène"
    assert parsed.from_addr == "helene.rakotomalala@travail.example.mg"
    assert parsed.cc == ["cabinet@travail.example.mg", "dgt@travail.example.mg"]
    assert parsed.to == ["sectoral-meetings@ilo.test"]
    assert parsed.references == ["<a1@ilo.test>", "<a2@ilo.test>"]
    assert parsed.in_reply_to == "<a2@ilo.test>"
    assert parsed.message_id == "<latin1-qp-0316@travail.example.mg>"
    assert parsed.date is not None and parsed.date.tzinfo is not None
    assert parsed.date.utcoffset().total_seconds() == 3 * 3600  # type: ignore[union-attr]
    assert parsed.headers["subject"] == ["Désignation - Réunion technique OIT"]
    assert parsed.header("From") == "Rakotomalala, Hélène <Helene.Rakotomalala@Travail.example.mg>"
    assert parsed.content_type == "text/plain"
    body = part(parsed, "body")
    assert body.method == "plain"
    assert "désigne M. Tovo Andrianarisoa" in body.text
    assert "tovo.andrianarisoa@travail.example.mg" in body.text
    assert parsed.problems == []


def test_a_charset_name_with_a_nul_byte_is_read_as_unknown_not_raised() -> None:
    raw = b"From: a@b.test\nTo: =?a\x00b?q?x?=\nSubject: Nomination\n\nDear Sir,\n"
    parsed = parse_bytes(raw)
    assert "Dear Sir" in all_text(parsed)
    assert parsed.to == ["=?a\x00b?q?x?="]


def test_it_reads_undeclared_8bit_as_windows_1252() -> None:
    parsed = parse("undeclared-8bit-windows-1252.eml")
    assert "Ms. Siobhán O’Connell, Principal Officer" in part(parsed, "body").text
    assert parsed.subject == "Nominación – Ireland"  # raw UTF-8 in the header


def test_it_prefers_valid_utf8_over_a_wrongly_declared_latin1() -> None:
    text = part(parse("wrong-charset-latin1-declared-utf8-body.eml"), "body").text
    assert "Señora María José Pérez Gómez" in text
    assert "asistirá en línea" in text


def test_it_reads_raw_8bit_headers_in_windows_1252() -> None:
    parsed = parse("forward-spanish-outlook-block.eml")
    assert parsed.subject == "RV: Designación Reunión Técnica OIT"


def test_it_computes_a_stable_message_id_and_drops_an_invalid_date() -> None:
    raw = (FIXTURES / "no-message-id-invalid-date.eml").read_bytes()
    first, second = parse_bytes(raw), parse_bytes(raw)
    assert first.message_id.startswith("<sha256:") and first.message_id.endswith("@intake>")
    assert first.message_id == second.message_id
    assert first.date is None
    assert part(first, "body").text.strip() == "Just text."


# -- HTML ------------------------------------------------------------------------------------
def test_it_turns_an_outlook_html_table_into_readable_rows() -> None:
    parsed = parse("html-only-outlook-table.eml")
    body = part(parsed, "body")
    assert body.method == "html"
    lines = body.text.splitlines()
    assert "Name | Title | E-mail | Attendance" in lines
    assert ("Mr. Kwame Mensah-Asante | Chief Labour Officer, Labour Department | "
            "k.mensah-asante@melr.example.gh | In person") in lines
    assert "Ms. Efua Ansah Owusu | Senior Labour Officer | efua.owusu@melr.example.gh | Remote – Accra" in lines
    assert "&nbsp;" not in body.text and "\xa0" not in body.text
    assert "tracking" not in body.text and "MsoNormal" not in body.text


def test_it_uses_the_html_alternative_when_the_plain_one_is_empty() -> None:
    body = part(parse("alternative-empty-plain.eml"), "body")
    assert body.method == "html"
    assert "Mme Anne Schmit-Weber" in body.text
    assert "anne.schmit@mt.example.lu" in body.text


def test_it_prefers_the_plain_alternative_when_it_is_as_rich() -> None:
    body = part(parse("reply-outlook-quoting-invitation.eml"), "body")
    assert body.method == "plain"


# -- attachments -----------------------------------------------------------------------------
def test_it_reads_the_text_layer_of_a_pdf_letter_and_keeps_the_file() -> None:
    parsed = parse("pdf-letter-attached.eml")
    letter = part(parsed, "attachment:Nomination letter.pdf")
    assert letter.method == "pdf"
    assert "Ms. Corazon Dela Paz Villanueva" in letter.text
    assert "c.villanueva@ilab.dole.example" in letter.text
    (attachment,) = parsed.attachments
    assert attachment.filename == "Nomination letter.pdf"
    assert attachment.payload.startswith(b"%PDF") and attachment.size == len(attachment.payload)


def test_it_reads_a_docx_letter_with_its_letterhead_table_and_footer() -> None:
    parsed = parse("docx-letter-header-table.eml")
    letter = part(parsed, "attachment:Désignation OIT.docx")  # RFC 2231 file name
    assert letter.method == "docx"
    lines = letter.text.splitlines()
    assert lines[0].startswith("RÉPUBLIQUE DU SÉNÉGAL")
    assert ("Représentante | Mme Awa Ndiaye Sarr | Directrice générale du Travail | "
            "awa.sarr@travail.example.sn | En présentiel") in lines
    assert "Immeuble administratif, Dakar" in letter.text
    assert parsed.from_name == "DGT Coopération"  # raw UTF-8 display name


def test_it_unpacks_winmail_dat() -> None:
    parsed = parse("winmail-dat-tnef.eml")
    hidden = part(parsed, "attachment:winmail.dat")
    assert hidden.method == "tnef"
    assert "Ms. Josephine Camilleri Borg" in hidden.text
    annex = part(parsed, "attachment:Annex - contact details.txt")
    assert "joseph.farrugia@labour.example.mt" in annex.text
    assert [a.filename for a in parsed.attachments] == ["winmail.dat", "Annex - contact details.txt"]


def test_it_cuts_attachment_text_at_the_limit() -> None:
    parsed = parse("pdf-letter-attached.eml", max_attachment_chars=50)
    assert len(part(parsed, "attachment:Nomination letter.pdf").text) == 50
    assert "attachment_truncated:Nomination letter.pdf" in parsed.problems


def test_it_does_not_ocr_a_small_logo() -> None:
    parsed = parse("signature-logo-not-ocred.eml")
    assert [p.source for p in parsed.parts] == ["body"]
    assert "Mr. Janis Kalnins" in parsed.parts[0].text
    assert [a.filename for a in parsed.attachments] == ["image001.png"]
    assert parsed.problems == []


@needs_tesseract
def test_it_reads_a_scanned_png_letter_with_ocr() -> None:
    parsed = parse("scanned-letter-png.eml")
    scan = part(parsed, "attachment:nota-escaneada.png")
    assert scan.method == "ocr"
    assert "Martín Olivera Castro" in scan.text
    assert "Lucía Ferreira Duarte" in scan.text
    assert "República Oriental del Uruguay" in scan.text
    assert "molivera@mtss.example.uy" in scan.text


def test_tesseract_is_given_the_language_asked_for_first() -> None:
    from bot.reading import ocr

    if not ocr._installed():
        pytest.skip("no Tesseract language pack of the lexicon is installed")
    everything = ocr._languages().split("+")
    assert everything[0] == ocr.tesseract_name(next(iter(ocr._installed())))
    for code, name in ocr._installed().items():
        order = ocr._languages(code).split("+")
        assert order[0] == name and sorted(order) == sorted(everything)
    assert ocr._languages("xx") == ocr._languages(None)
    assert ocr.tesseract_name("fr") == "fra" and ocr.tesseract_name("es") == "spa"


@needs_tesseract
@pytest.mark.parametrize("told", [None, "en", "es"])
def test_a_scanned_page_is_read_with_its_own_language_first(told: str | None) -> None:
    """With English first, Tesseract reads the Spanish letter's "Martín" and "Lucía" without
    their accents: the page is read again with Spanish first when the message's own text did
    not say Spanish, and only then; then once with French first, for the accents French has
    and Spanish has not."""
    from structlog.testing import capture_logs

    from bot.reading import ocr

    if "es" not in ocr._installed() or "en" not in ocr._installed():
        pytest.skip("the Spanish and English Tesseract packs are not both installed")
    raw = (FIXTURES / "scanned-letter-png.eml").read_bytes()
    image = next(p.get_payload(decode=True) for p in email.message_from_bytes(raw).walk()
                 if p.get_content_type() == "image/png")
    job = ocr.Job("nota.png", "image", image)
    with capture_logs() as events:
        ocr.run([job], 120, 5, told)
    assert "Martín Olivera Castro" in job.text and "Lucía Ferreira Duarte" in job.text
    again = [e for e in events if e["event"] == "ocr.read_again"]
    assert [(e["language"], e["first"]) for e in again] == ([] if told == "es" else [("es", told)]) + [("fr", "es")]


@needs_tesseract
def test_it_reads_an_image_only_pdf_with_ocr() -> None:
    parsed = parse("scanned-letter-image-only-pdf.eml")
    scan = part(parsed, "attachment:SCAN_0318.pdf")
    assert scan.method == "ocr"
    assert "Kofi Boateng Asare" in scan.text
    assert "kofi.asare@melr.example.gh" in scan.text


@needs_tesseract
def test_it_reports_ocr_that_runs_out_of_time() -> None:
    parsed = parse("scanned-letter-image-only-pdf.eml", ocr_seconds=0.01)
    assert "ocr_timeout:SCAN_0318.pdf" in parsed.problems
    assert part(parsed, "attachment:SCAN_0318.pdf").text == ""


def test_otsu_puts_the_threshold_between_ink_and_paper() -> None:
    from bot.reading import ocr

    histogram = [0] * 256
    for level, count in ((20, 500), (30, 800), (40, 300), (200, 4000), (235, 9000), (250, 2000)):
        histogram[level] = count
    assert 40 <= ocr.otsu(histogram) < 200
    assert ocr.otsu([0] * 255 + [10]) == 127  # one level only: nothing to separate


@pytest.mark.parametrize("mode, paper, ink, fmt", [("L", 235, 25, "TIFF"), ("RGB", (240, 236, 225), (20, 30, 120), "JPEG")])
def test_a_large_page_goes_to_tesseract_in_black_and_white(tmp_path: Path, mode: str, paper: object, ink: object,
                                                          fmt: str) -> None:
    from PIL import Image, ImageDraw

    from bot.reading import ocr

    page = Image.new(mode, (2480, 3508), paper)  # an A4 page at 300 dpi
    ImageDraw.Draw(page).rectangle((300, 300, 1200, 400), fill=ink)
    source = tmp_path / "job0-1.img"
    page.save(source, format=fmt, dpi=(300, 300))
    out, for_accents = ocr.bilevel(source)
    assert out != source and not source.exists()  # the grey page is not kept whole
    with Image.open(out) as bw:
        assert bw.mode == "1" and bw.size == page.size
        assert bw.getpixel((500, 350)) == 0 and bw.getpixel((2000, 3000)) == 255
        assert round(bw.info["dpi"][0]) == 300
    with Image.open(for_accents) as half:  # the accents are read in grey, at half the size
        assert half.mode == "L" and half.size == (1240, 1754) and round(half.info["dpi"][0]) == 150
        assert half.getpixel((300, 175)) < 128 < half.getpixel((1000, 1500))


def test_a_small_page_a_fax_or_an_unknown_file_goes_to_tesseract_as_it_is(tmp_path: Path) -> None:
    from PIL import Image

    from bot.reading import ocr

    small = tmp_path / "job0.img"
    Image.new("L", (1240, 1754), 235).save(small, format="PNG")  # 150 dpi: its grey edges are kept
    assert ocr.bilevel(small) == (small, small) and small.exists()
    unknown = tmp_path / "job1.img"
    unknown.write_bytes(b"not an image Pillow reads")
    assert ocr.bilevel(unknown) == (unknown, unknown)
    fax = tmp_path / "job2.img"  # several pages: Tesseract reads them all, within its time
    pages = [Image.new("L", (2480, 3508), 235) for _ in range(2)]
    pages[0].save(fax, format="TIFF", save_all=True, append_images=pages[1:])
    assert ocr.bilevel(fax) == (fax, fax)


@needs_tesseract
def test_a_scanned_pdf_is_read_from_its_black_and_white_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.reading import ocr

    given: list[str] = []
    real = ocr._exec

    def spy(cmd: list[str], deadline: float):  # type: ignore[no-untyped-def]
        if cmd[0] == "tesseract":
            given.append(cmd[1])
        return real(cmd, deadline)

    monkeypatch.setattr(ocr, "_exec", spy)
    parsed = parse("scanned-letter-image-only-pdf.eml")
    assert "kofi.asare@melr.example.gh" in part(parsed, "attachment:SCAN_0318.pdf").text
    # Read in black and white; its accents once more in grey at half the size, with each
    # accented language first (the letter is in English).
    assert given[0].endswith("-bw.tif")
    assert len(given) == 1 + len([lang for lang in ocr.ACCENTED_LANGUAGES if lang in ocr._installed()])
    assert all(path.endswith("-half.tif") for path in given[1:])


def test_a_scan_without_tesseract_is_reported_not_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.reading import ocr

    monkeypatch.setattr(ocr, "available", lambda: False)
    parsed = parse("scanned-letter-png.eml")
    assert "ocr_unavailable" in parsed.problems
    assert part(parsed, "attachment:nota-escaneada.png").method == "ocr"


# -- forwards and quotes ---------------------------------------------------------------------
def test_a_forwarded_eml_attachment_is_its_own_part_without_the_invitation() -> None:
    parsed = parse("forwarded-eml-attachment.eml")
    assert "ministry's message attached" in part(parsed, "body").text
    fwd = part(parsed, "forwarded:1")
    assert fwd.method == "eml"
    assert fwd.headers["from"] == "Kagiso Dintwe <kdintwe@labour.example.bw>"
    assert "Ms. Neo Kgosidintsi, Commissioner of Labour" in fwd.text
    assert "kindly send" not in all_text(parsed)
    assert "kindly send a" in fwd.quoted


THUNDERBIRD_FORWARD = (
    "Madame, Monsieur,\n\nVeuillez trouver ci-après la désignation du ministère.\n\nCordialement,\n\nPriya Doorgakant\n"
    "Premier Secrétaire\n\n-------- Message transféré --------\n"
    "Sujet : \tDésignation – Réunion technique du BIT\nDate : \tWed, 25 Mar 2026 10:02:37 +0400\n"
    "De : \tDivision des relations internationales <labour-ir@govmu.org>\n"
    "Pour : \tPriya Doorgakant <pdoorgakant@govmu.org>\n\n\n"
    "Madame la Première Secrétaire,\n\nLe ministère a l'honneur de désigner :\n\n"
    "- en qualité de représentant : M. Vikash Jeetun, Directeur du Travail, vjeetun@govmu.org ;\n"
    "- en qualité de conseillère : Mme Anne-Laure Lagesse, Analyste principale, allagesse@govmu.org.\n\n"
    "Les modalités de participation seront précisées ultérieurement.\n\nDivision des relations internationales\n"
)


def test_a_thunderbird_forward_s_headers_are_read_subject_first() -> None:
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"] = "Priya Doorgakant <pdoorgakant@govmu.org>"
    msg["To"] = "sectoral-meetings@ilo.test"
    msg["Subject"] = "Tr: Désignation"
    msg["Date"] = "Wed, 25 Mar 2026 12:00:00 +0100"
    msg["Message-ID"] = "<tb-forward@govmu.org>"
    msg.set_content(THUNDERBIRD_FORWARD)
    fwd = part(parse_bytes(bytes(msg)), "forwarded:1")
    assert fwd.headers["from"] == "Division des relations internationales <labour-ir@govmu.org>"
    assert fwd.headers["to"] == "Priya Doorgakant <pdoorgakant@govmu.org>"
    assert fwd.headers["subject"] == "Désignation – Réunion technique du BIT"
    assert "M. Vikash Jeetun" in fwd.text


def test_an_inline_forward_from_the_ministry_is_new_data() -> None:
    parsed = parse("forward-inline-ministry-to-mission.eml")
    body = part(parsed, "body")
    assert "nomination received from the capital" in body.text
    assert "Leila Ben Salah" not in body.text
    fwd = part(parsed, "forwarded:1")
    assert "Mme Leila Ben Salah" in fwd.text and "leila.bensalah@social.example.tn" in fwd.text
    assert fwd.text.startswith("From: Direction de la Coopération <cooperation@social.example.tn>")
    assert fwd.headers["subject"] == "Désignation"
    # The invitation the ministry quoted is not new data.
    assert "TO ALL MEMBER STATES" not in all_text(parsed)
    assert "TO ALL MEMBER STATES" in fwd.quoted


def test_a_spanish_outlook_forward_is_new_data() -> None:
    parsed = parse("forward-spanish-outlook-block.eml")
    assert "reenvío la designación" in part(parsed, "body").text
    fwd = part(parsed, "forwarded:1")
    assert "Licenciada Itzel Batista Quintero" in fwd.text
    assert fwd.headers["from"] == "Despacho Superior <despacho@mitradel.example.pa>"


def test_the_quoted_invitation_of_a_reply_is_never_text() -> None:
    parsed = parse("reply-outlook-quoting-invitation.eml")
    body = part(parsed, "body")
    assert "Mr. Peter Mwangi Njoroge" in body.text
    assert [p.source for p in parsed.parts] == ["body"]
    assert "kindly send a" not in body.text and "TO ALL MEMBER STATES" not in body.text
    assert "From: Sectoral Meetings" in body.quoted and "TO ALL MEMBER STATES" in body.quoted


def test_our_own_quoted_reply_goes_to_quoted() -> None:
    parsed = parse("reply-french-quoting-our-request.eml")
    body = part(parsed, "body")
    assert "jean.moreau@travail.example.ml" in body.text
    assert "[TMAI-2026/17]" not in body.text and "Veuillez nous indiquer" not in body.text
    assert "a écrit" in body.quoted and "Veuillez nous indiquer" in body.quoted
    assert len(parsed.parts) == 1


# -- limits and malformed mail ---------------------------------------------------------------
def test_malformed_mime_is_read_as_far_as_possible() -> None:
    parsed = parse("malformed-mime-broken-base64.eml")
    text = all_text(parsed)
    assert "Ms. Ana Lima, ana.lima@example.org" in text
    assert "Second part é text" in text
    assert "attachment_unreadable:broken.pdf" in parsed.problems


def test_a_message_over_the_size_limit_is_recorded_and_read_cheaply() -> None:
    raw = (FIXTURES / "pdf-letter-attached.eml").read_bytes()
    parsed = parse_bytes(raw, max_message_bytes=1200)
    assert "too_large" in parsed.problems
    assert parsed.subject == "Nomination - Philippines"
    assert not any(p.source.startswith("attachment:") for p in parsed.parts)


def test_a_message_with_too_many_parts_is_recorded() -> None:
    msg = EmailMessage()
    msg["From"] = "many@example.org"
    msg["Subject"] = "many parts"
    msg.set_content("The first part names Mr. Early Bird.")
    for n in range(30):
        msg.add_attachment(f"file {n}".encode(), maintype="application", subtype="octet-stream", filename=f"f{n}.bin")
    parsed = parse_bytes(msg.as_bytes(), max_parts=5)
    assert "too_many_parts" in parsed.problems
    assert "Mr. Early Bird" in part(parsed, "body").text
    assert len(parsed.attachments) < 5


def test_empty_and_garbage_input_never_raise() -> None:
    for raw in (b"", b"\x00\xff" * 100, b"Content-Type: multipart/mixed; boundary=x\n\n--x\n--x--", b"From:\n\n"):
        parsed = parse_bytes(raw)
        assert parsed.message_id.startswith("<")


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_never_raise(raw: bytes) -> None:
    parse_bytes(b"Content-Type: multipart/mixed; boundary=b\n\n--b\n" + raw)


def test_a_plain_message_reads_in_a_few_milliseconds() -> None:
    raw = (FIXTURES / "latin1-quoted-printable-rfc2047.eml").read_bytes()
    parse_bytes(raw)
    started = time.perf_counter()
    for _ in range(50):
        parse_bytes(raw)
    assert (time.perf_counter() - started) / 50 < 0.01


@pytest.mark.skipif(not PEER_MAILS.is_dir(), reason="the shared peer-mails folder is not beside the checkout")
def test_every_peer_mail_parses() -> None:
    for path in sorted(PEER_MAILS.glob("*.eml")):
        parsed = parse_bytes(path.read_bytes(), ocr_seconds=5)
        assert parsed.parts, path.name
        assert not any(p.startswith("read_error") for p in parsed.problems), (path.name, parsed.problems)


def test_an_attached_outlook_msg_is_read_as_a_forwarded_message(monkeypatch: pytest.MonkeyPatch) -> None:
    # extract-msg cannot write .msg files, so the reader is replaced by what it returns.
    from bot.reading import outlook

    def fake_read_msg(data: bytes) -> outlook.MsgContent:
        assert data.startswith(b"\xd0\xcf\x11\xe0")
        return outlook.MsgContent(
            headers={"from": "Ministry <dir@labour.example.np>", "subject": "Nomination Nepal"},
            body="Nepal nominates Mr. Bishnu Prasad Adhikari, Joint Secretary, b.adhikari@labour.example.np.",
            files=[("letter.pdf", (Path(__file__).parent / "fixtures" / "docs" / "letter-text-layer.pdf").read_bytes())],
        )

    monkeypatch.setattr(outlook, "read_msg", fake_read_msg)
    msg = EmailMessage()
    msg["From"] = "mission@mofa.example.np"
    msg["Subject"] = "FW: Nomination Nepal"
    msg.set_content("Forwarding the ministry's message.")
    msg.add_attachment(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, maintype="application",
                       subtype="vnd.ms-outlook", filename="Nomination Nepal.msg")
    parsed = parse_bytes(msg.as_bytes())
    fwd = part(parsed, "forwarded:1")
    assert fwd.method == "msg"
    assert "Mr. Bishnu Prasad Adhikari" in fwd.text and fwd.text.startswith("From: Ministry")
    assert "c.villanueva@ilab.dole.example" in part(parsed, "attachment:letter.pdf").text
    assert [a.filename for a in parsed.attachments] == ["Nomination Nepal.msg", "letter.pdf"]


def test_a_page_takes_only_the_accents_another_reading_gives_it() -> None:
    from bot.reading import ocr

    def page(text: str) -> tuple[str, list[tuple[str, float]]]:
        return text, [(w, 95.0) for w in text.split()]

    mine = page("Representative: Lucia Rodriguez Vargas\nE-mail: maria.2@labour.gov.by\nHélène Dubois, Director")
    theirs = page("Representative: Lucía Rodríguez Varjas\nE-mail: maría.2@labour.gov.by\nHelene Dubois, Director")
    text, words = ocr.with_accents(mine, theirs)
    # Accents gained are taken; another letter ("Varjas") is not, an address is kept as read,
    # and an accent is never taken away.
    assert text == "Representative: Lucía Rodríguez Vargas\nE-mail: maria.2@labour.gov.by\nHélène Dubois, Director"
    assert [w for w, _ in words] == text.split()


def test_a_table_the_plain_text_flattens_is_read_from_the_html() -> None:
    msg = EmailMessage()
    msg["From"] = "dai@mtess.gov.py"
    msg["To"] = "sectoral-meetings@ilo.test"
    msg["Subject"] = "Datos del asesor"
    msg.set_content("Remitimos los datos del Asesor:\n\nNombre y apellidos\nCargo\nCorreo electrónico\nModalidad\n"
                    "Hugo Ramón Cáceres Ortiz\nDirector de Política Industrial\nhcaceres@mic.gov.py\nVirtual\n")
    msg.add_alternative("<p>Remitimos los datos del Asesor:</p><table><tr><th>Nombre y apellidos</th><th>Cargo</th>"
                        "<th>Correo electrónico</th><th>Modalidad</th></tr><tr><td>Hugo Ramón Cáceres Ortiz</td>"
                        "<td>Director de Política Industrial</td><td>hcaceres@mic.gov.py</td><td>Virtual</td></tr>"
                        "</table>", subtype="html")
    (body,) = [p for p in parse_bytes(msg.as_bytes()).parts if p.source == "body"]
    assert "Hugo Ramón Cáceres Ortiz | Director de Política Industrial | hcaceres@mic.gov.py | Virtual" in body.text
