"""The server compiles Voilà's page templates once, not once per page."""

import pytest
from jinja2 import DictLoader, Environment

from greencoop.workshop.templates import COMPILED, CompiledTemplates, compile_once

PAGE = {"page.html": "{% for x in items %}<p>{{ x }}</p>{% endfor %}"}


def test_a_second_environment_renders_a_template_without_compiling_it_again(monkeypatch):
    shared = CompiledTemplates()
    first = Environment(loader=DictLoader(PAGE), bytecode_cache=shared)
    assert first.get_template("page.html").render(items=[1, 2]) == "<p>1</p><p>2</p>"
    second = Environment(loader=DictLoader(PAGE), bytecode_cache=shared)
    monkeypatch.setattr(second, "compile", lambda *args, **kwargs: pytest.fail("compiled a second time"))
    assert second.get_template("page.html").render(items=[3]) == "<p>3</p>"


def test_a_changed_template_is_compiled_again():
    shared = CompiledTemplates()
    Environment(loader=DictLoader(PAGE), bytecode_cache=shared).get_template("page.html")
    changed = Environment(loader=DictLoader({"page.html": "<b>{{ items }}</b>"}), bytecode_cache=shared)
    assert changed.get_template("page.html").render(items="new") == "<b>new</b>"


def test_every_voila_page_exporter_shares_the_server_s_compiled_templates():
    from voila.exporter import VoilaExporter

    compile_once()
    compile_once()  # a second call changes nothing
    assert VoilaExporter(template_name="lab").environment.bytecode_cache is COMPILED
    assert getattr(VoilaExporter._create_environment, "shares_compiled_templates", False)
