"""bot/states.py and config/member_states.yaml: the ILO member-State registry."""
from __future__ import annotations

import re
import time

import pycountry
import pytest
import yaml

from bot.states import DEFAULT_PATH, State, StateRegistry, load_states


@pytest.fixture(scope="module")
def reg() -> StateRegistry:
    return load_states()


def codes(reg: StateRegistry, text: str) -> list[str]:
    return [code for code, _, _ in reg.find(text)]


def spans(reg: StateRegistry, text: str) -> list[tuple[str, str]]:
    return [(code, text[start:end]) for code, start, end in reg.find(text)]


# --- the data ------------------------------------------------------------------------------

def test_187_member_states(reg):
    assert len(reg.states) == 187


def test_non_members_and_cook_islands(reg):
    for code in ("AD", "BT", "KP", "LI", "FM", "MC", "NR", "PS", "VA", "TW", "XK"):
        assert not reg.is_member(code), code
    assert reg.is_member("CK")
    assert reg.name("CK") == "Cook Islands"


def test_every_entry_is_complete(reg):
    for code, state in reg.states.items():
        assert isinstance(state, State)
        assert state.code == code and re.fullmatch(r"[A-Z]{2}", code)
        assert pycountry.countries.get(alpha_2=code) is not None, code
        assert set(state.names) == {"en", "fr", "es"}, code
        assert all(n.strip() for n in state.names.values()), code


def test_codes_are_quoted_strings_in_yaml():
    raw = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    assert all(isinstance(s["code"], str) for s in raw["states"])  # NO (Norway) is not False
    assert "NO" in {s["code"] for s in raw["states"]}


def test_yaml_keys_are_documented():
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    header = text.split("\nstates:", 1)[0]
    raw = yaml.safe_load(text)
    keys = set(raw) | {k for s in raw["states"] for k in s}
    for key in keys:
        assert re.search(rf"^#\s+{key}:", header, re.M), key


def test_un_names(reg):
    assert reg.name("CI") == "Côte d'Ivoire"
    assert reg.name("BO") == "Bolivia (Plurinational State of)"
    assert reg.name("BO", "fr") == "Bolivie (État plurinational de)"
    assert reg.name("BO", "es") == "Bolivia (Estado Plurinacional de)"
    assert reg.name("TR") == "Türkiye"
    assert reg.name("VN") == "Viet Nam"
    assert reg.name("KR") == "Republic of Korea"
    assert reg.name("CD", "fr") == "République démocratique du Congo"
    assert reg.name("GB", "es") == "Reino Unido de Gran Bretaña e Irlanda del Norte"


def test_get_is_member_name(reg):
    assert reg.get("gh").code == "GH"
    assert reg.get("XX") is None and reg.get("") is None
    assert reg.is_member("SN") and not reg.is_member(None) and not reg.is_member("EU")
    assert reg.name("SN", "fr") == "Sénégal"
    assert reg.name("SN", "es") == "Senegal"
    assert reg.name("DE", "de") == "Germany"  # any other language gives English
    assert reg.name("ES", "fr-CH") == "Espagne"
    assert reg.name("kp") == "KP"  # not a member: the code, not an exception


def test_load_is_cached():
    assert load_states() is load_states()


# --- find(): names in free text ------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Equatorial Guinea", ["GQ"]),
    ("Guinée équatoriale", ["GQ"]),
    ("Guinea Ecuatorial", ["GQ"]),
    ("Guinea", ["GN"]),
    ("Guinea-Bissau", ["GW"]),
    ("Guinea Bissau", ["GW"]),
    ("Guinée-Bissau", ["GW"]),
    ("Papua New Guinea", ["PG"]),
    ("Papouasie-Nouvelle-Guinée", ["PG"]),
    ("Niger", ["NE"]),
    ("Nigeria", ["NG"]),
    ("the Nigerian delegation", ["NG"]),
    ("Dominica", ["DM"]),
    ("Dominican Republic", ["DO"]),
    ("República Dominicana", ["DO"]),
    ("Congo", ["CG"]),
    ("Democratic Republic of the Congo", ["CD"]),
    ("République démocratique du Congo", ["CD"]),
    ("République du Congo", ["CG"]),
    ("Congo-Brazzaville", ["CG"]),
    ("Sudan", ["SD"]),
    ("South Sudan", ["SS"]),
    ("Soudan du Sud", ["SS"]),
    ("Sudán del Sur", ["SS"]),
    ("Ireland", ["IE"]),
    ("Northern Ireland", ["GB"]),
    ("Estados Unidos Mexicanos", ["MX"]),
    ("Estados Unidos", ["US"]),
])
def test_tricky_pairs(reg, text, expected):
    assert codes(reg, text) == expected
    assert codes(reg, f"The Government of {text} nominates") == expected


def test_niger_never_inside_nigeria(reg):
    assert codes(reg, "Nigeria, Nigerian, nigériane, Nigerians") == ["NG", "NG", "NG"]
    assert codes(reg, "Niger and Nigeria") == ["NE", "NG"]


def test_whole_words_only(reg):
    assert reg.find("Omani") == [("OM", 0, 5)]
    assert codes(reg, "Chadwick Romanic perusal cubanism Togolandia malign") == []
    assert codes(reg, "Irania") == []


def test_common_short_names_and_aliases(reg):
    cases = {
        "Bolivia": "BO", "Iran": "IR", "Vietnam": "VN", "Turkey": "TR", "Korea": "KR",
        "South Korea": "KR", "Czech Republic": "CZ", "Swaziland": "SZ", "Ivory Coast": "CI",
        "Cape Verde": "CV", "Burma": "MM", "Laos": "LA", "Russia": "RU", "Syria": "SY",
        "Tanzania": "TZ", "Moldova": "MD", "Venezuela": "VE", "the Gambia": "GM",
        "United Kingdom": "GB", "UK": "GB", "USA": "US", "Holland": "NL", "Netherlands": "NL",
        "la République du Sénégal": "SN", "República de Chile": "CL", "Royaume de Belgique": "BE",
        "Italian": "IT", "italien": "IT", "italienne": "IT", "italiano": "IT", "chilena": "CL",
        "sénégalais": "SN", "Chad": "TD", "Tchad": "TD", "Türkiye": "TR", "Turquie": "TR",
    }
    for text, code in cases.items():
        assert spans(reg, text) == [(code, text)], text


def test_no_ambiguous_or_ordinary_words(reg):
    # shared adjectives, languages and ordinary words are not States
    text = ("A Guinean, a Congolese and a Dominican official, an American and an Indian expert "
            "met with us; interpretation in French, Spanish, English, German, Russian, Chinese "
            "and Arabic; they polish the text. Latin American and Central African regions.")
    assert reg.find(text) == []
    assert codes(reg, "the French Government and la délégation française") == ["FR", "FR"]


def test_not_states_are_dropped(reg):
    assert codes(reg, "Democratic People's Republic of Korea") == []
    assert codes(reg, "République populaire démocratique de Corée et République de Corée") == ["KR"]
    assert codes(reg, "North Korea and South Korea") == ["KR"]
    assert codes(reg, "New Guinea, New Mexico, American Samoa, Samoa") == ["WS"]


def test_given_names_need_context(reg):
    assert spans(reg, "M. Maurice Dupont, Ministre du Travail de Maurice") == [("MU", "Maurice")]
    assert codes(reg, "Mme Dominique Martin") == []
    assert codes(reg, "la Mission permanente de la Dominique") == ["DM"]
    assert codes(reg, "Sr. Mauricio López, Embajada de Mauricio") == ["MU"]


def test_accent_insensitive(reg):
    assert spans(reg, "Cote d'Ivoire") == [("CI", "Cote d'Ivoire")]
    assert spans(reg, "Côte d’Ivoire") == [("CI", "Côte d’Ivoire")]
    assert spans(reg, "Perou") == [("PE", "Perou")]
    assert spans(reg, "PÉROU, Pérou, Perú, PERU") == [
        ("PE", "PÉROU"), ("PE", "Pérou"), ("PE", "Perú"), ("PE", "PERU")]
    assert spans(reg, "Turkiye, Senegalais, Republica Dominicana") == [
        ("TR", "Turkiye"), ("SN", "Senegalais"), ("DO", "Republica Dominicana")]


def test_case_insensitive(reg):
    assert codes(reg, "REPUBLIC OF GHANA; republic of ghana; GuInEa-BiSsAu") == ["GH", "GH", "GW"]


def test_offsets_point_into_the_original_text(reg):
    text = "Délégation de la Côte d’Ivoire et du Pérou, puis l'Équateur."
    found = reg.find(text)
    assert [text[s:e] for _, s, e in found] == ["Côte d’Ivoire", "Pérou", "Équateur"]
    assert [c for c, _, _ in found] == ["CI", "PE", "EC"]


def test_offsets_with_decomposed_accents_and_ligatures(reg):
    text = "Pe\u0301rou, ﬁji and Co\u0302te d'Ivoire."  # combining accents, "fi" ligature
    found = reg.find(text)
    assert [(c, text[s:e]) for c, s, e in found] == [
        ("PE", "Pe\u0301rou"), ("FJ", "ﬁji"), ("CI", "Co\u0302te d'Ivoire")]


def test_order_and_repeats(reg):
    text = "Chile, then Peru, then Chile again."
    assert reg.find(text) == [("CL", 0, 5), ("PE", 12, 16), ("CL", 23, 28)]


def test_whitespace_and_hyphen_variants(reg):
    assert spans(reg, "Papua\nNew  Guinea") == [("PG", "Papua\nNew  Guinea")]
    assert spans(reg, "Timor–Leste") == [("TL", "Timor–Leste")]  # en dash


def test_every_name_finds_its_state(reg):
    for code, state in reg.states.items():
        for form in (*state.names.values(), *state.aliases):
            text = f"On behalf of {form}, we write."
            assert [c for c, _, _ in reg.find(text)] == [code], (code, form)


def test_find_empty(reg):
    assert reg.find("") == []
    assert reg.find("Dear colleagues, please find attached the nomination.") == []


def test_find_is_fast(reg):
    text = ("The Permanent Mission of the Republic of Chile presents its compliments to the "
            "International Labour Office and nominates Mme Pérez of Perú. ") * 200
    t0 = time.perf_counter()
    for _ in range(20):
        assert len(reg.find(text)) == 400
    assert time.perf_counter() - t0 < 2.0


# --- by_domain(): government mail domains --------------------------------------------------

@pytest.mark.parametrize("domain, code", [
    ("melr.gov.gh", "GH"),
    ("travail.gouv.sn", "SN"),
    ("bmas.bund.de", "DE"),
    ("socmin.lt", "LT"),
    ("fcdo.gov.uk", "GB"),
    ("dwp.gsi.gov.uk", "GB"),
    ("mintrabajo.gov.co", "CO"),
    ("gov.tv", "TV"),
    ("labour.gov.za", "ZA"),
    ("mofa.go.kr", "KR"),
    ("mtss.gub.uy", "UY"),
    ("dol.gov", "US"),
    ("state.gov", "US"),
    ("geneva.usmission.gov", "US"),
    ("MELR.GOV.GH.", "GH"),
    ("someone@travail.gouv.sn", "SN"),
    ("govmu.org", "MU"),
])
def test_by_domain_government(reg, domain, code):
    assert reg.by_domain(domain) == code


@pytest.mark.parametrize("domain", [
    "gmail.com", "googlemail.com", "yahoo.fr", "yahoo.co.uk", "yahoo.com.br", "outlook.com",
    "hotmail.com", "hotmail.fr", "hotmail.es", "live.fr", "orange.fr", "gmx.de", "web.de",
    "mail.ru", "un.org", "ilo.org", "who.int", "europa.eu", "example.eu", "ituc-csi.org",
    "example.com", "example.net", "example.org",
    "startup.co", "news.tv", "app.io", "shop.me", "x.ai", "bit.ly", "radio.fm",  # vanity ccTLDs
    "andorra.ad", "example.kp",  # not members
    "", None, "localhost",
])
def test_by_domain_none(reg, domain):
    assert reg.by_domain(domain) is None


def test_registry_from_scratch():
    reg = StateRegistry(states={
        "GH": State("GH", {"en": "Ghana", "fr": "Ghana", "es": "Ghana"}, ("Ghanaian",)),
    })
    assert reg.find("A Ghanaian delegate from Ghana") == [("GH", 2, 10), ("GH", 25, 30)]
    assert reg.by_domain("melr.gov.gh") == "GH"
    assert reg.by_domain("bmas.bund.de") is None


def test_bad_yaml_is_refused(tmp_path):
    bad = tmp_path / "states.yaml"
    bad.write_text("states:\n  - code: NO\n    names: {en: Norway, fr: Norvège, es: Noruega}\n")
    with pytest.raises(ValueError, match="quote"):
        load_states(bad)
    clash = tmp_path / "clash.yaml"
    clash.write_text(
        "states:\n"
        "  - {code: GN, names: {en: Guinea, fr: Guinée, es: Guinea}}\n"
        "  - {code: GQ, names: {en: Equatorial Guinea, fr: Guinée équatoriale,"
        " es: Guinea Ecuatorial}, aliases: [Guinea]}\n")
    with pytest.raises(ValueError, match="both"):
        load_states(clash)
