"""The pipeline's own guarantees: every pipeline names registered steps (checked when the
package is imported, not at the first message), and `Stop` gets past a step's
`except Exception`."""
from __future__ import annotations

import subprocess
import sys

import pytest

import handlers
from bot.meeting import load_meeting
from bot.states import load_states
from tests.intake_helpers import nomination

MEETING = load_meeting("config/meeting.yaml")


def test_every_step_is_registered_on_import_and_every_pipeline_names_registered_steps():
    assert set(handlers.PROCESS) <= set(handlers.REGISTRY)
    assert handlers.PROCESS == handlers.READING + handlers.AFTER_READING


def test_a_pipeline_naming_an_unknown_step_fails_when_checked():
    with pytest.raises(RuntimeError, match="unknown handlers: clasify"):
        handlers.check(("parse", "read", "clasify"))


def test_an_unknown_step_in_a_pipeline_fails_the_import_of_the_package():
    # The package as shipped, one pipeline misspelt: importing it fails, before any message.
    code = ("import sys, types, importlib.util\n"
            "spec = importlib.util.find_spec('handlers')\n"
            "source = open(spec.origin).read().replace('\"screen\", \"converse\"', '\"screen\", \"convers\"')\n"
            "module = importlib.util.module_from_spec(spec)\n"
            "sys.modules['handlers'] = module\n"
            "exec(compile(source, spec.origin, 'exec'), module.__dict__)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode != 0
    assert "pipeline names unknown handlers: convers" in done.stderr


def test_stop_is_not_swallowed_by_a_steps_except_exception(monkeypatch):
    class Careless:
        name, description, after_stop = "extract", "catches every error of its own work", False

        def process(self, ctx: handlers.Context) -> None:
            try:
                raise handlers.Stop("nothing to read")
            except Exception:  # what a step may write around its own work
                pytest.fail("Stop was caught as an error")

    monkeypatch.setitem(handlers.REGISTRY, "extract", Careless())
    ctx = handlers.run(handlers.READING, handlers.Context(raw=nomination(1), meeting=MEETING, states=load_states()))
    assert ctx.stopped and ctx.found is None and ctx.checks is None
    assert ctx.result.decision == "ignore"  # decide still runs after a Stop
