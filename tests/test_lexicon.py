"""The vocabulary is one file per language, and the list of languages is said once."""
from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path
from typing import get_args

from bot.extraction import lexicon
from bot.schema import Language

ROOT = Path(__file__).resolve().parent.parent
LEXICON_DIR = ROOT / "bot" / "extraction" / "lexicon"


def _names(module) -> set[str]:
    return {n for n in vars(module) if n.isupper() and not n.startswith("_")}


def test_languages_are_the_files_present() -> None:
    files = sorted(p.stem for p in LEXICON_DIR.glob("*.py") if re.fullmatch(r"[a-z]{2}", p.stem))
    assert sorted(lexicon.LANGUAGES) == files
    assert lexicon.LANGUAGES[0] == "en"


def test_every_language_file_defines_the_same_names() -> None:
    modules = [importlib.import_module(f"bot.extraction.lexicon.{code}") for code in lexicon.LANGUAGES]
    reference = _names(modules[0])
    for module in modules[1:]:
        assert _names(module) == reference, module.__name__
    # What common adds, it adds to a name every language has.
    assert _names(lexicon.common) <= reference


def test_an_honorific_said_in_two_languages_tells_the_same_gender() -> None:
    seen: dict[str, str | None] = {}
    for code in lexicon.LANGUAGES:
        for word, gender in importlib.import_module(f"bot.extraction.lexicon.{code}").HONORIFICS.items():
            assert seen.setdefault(word, gender) == gender, word


def test_a_fourth_language_file_is_picked_up(tmp_path, monkeypatch) -> None:
    """A copy of the package with one more file: the list and the patterns take it in."""
    package = tmp_path / "bot" / "extraction" / "lexicon"
    package.mkdir(parents=True)
    for name in ("bot", "bot/extraction"):
        (tmp_path / name / "__init__.py").write_text("")
    for source in LEXICON_DIR.glob("*.py"):
        (package / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    english = (LEXICON_DIR / "en.py").read_text(encoding="utf-8")
    fourth = english.replace("RANK = 0", "RANK = 3").replace('r"\\bremote(?:ly)?\\b"', 'r"\\bremotamente\\b"')
    assert fourth != english
    (package / "pt.py").write_text(fourth, encoding="utf-8")
    saved = {k: v for k, v in sys.modules.items() if k == "bot" or k.startswith("bot.")}
    for k in saved:
        del sys.modules[k]
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        copy = importlib.import_module("bot.extraction.lexicon")
        assert copy.LANGUAGES == (*lexicon.LANGUAGES, "pt")
        assert copy.REMOTE_RE.search("participará remotamente")
    finally:
        for k in [k for k in sys.modules if k == "bot" or k.startswith("bot.")]:
            del sys.modules[k]
        sys.modules.update(saved)


def test_the_language_type_is_the_list() -> None:
    assert get_args(Language) == (*lexicon.LANGUAGES, "other")


def test_no_module_spells_the_list_of_languages() -> None:
    """The tuple of codes appears nowhere but in what the lexicon builds (the Language type
    of the schema spells it for type checkers, and the test above holds it to the list)."""
    spelled = re.compile(r"""[(\[]\s*["']en["']\s*,\s*["']fr["']\s*,\s*["']es["']""")
    offenders = [str(p.relative_to(ROOT)) for folder in ("bot", "handlers") for p in (ROOT / folder).rglob("*.py")
                 if spelled.search(p.read_text(encoding="utf-8")) and p != ROOT / "bot" / "schema.py"]
    assert offenders == []


def test_every_language_is_named_and_told_by_its_words() -> None:
    """The reply composer offers every language by its own name, and detection can pick each."""
    from bot.extraction.language import detect
    from bot.web.compose import LANGS

    assert list(LANGS) == list(lexicon.LANGUAGES)
    for code in lexicon.LANGUAGES:
        words = sorted(lexicon.FUNCTION_WORDS[code] - set().union(
            *(w for c, w in lexicon.FUNCTION_WORDS.items() if c != code)))
        assert detect(" ".join(words[:12]))[0] == code
