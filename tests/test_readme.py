"""Every code example in README.md runs as written: each ```python block is executed from the
repository root, and every `dateline` command line of the ```sh blocks is accepted by the real
argument parser (flags, subcommands and choices exist); `make` targets exist in the Makefile."""

from __future__ import annotations

import re
import shlex

import pytest
from conftest import ROOT

from dateline.cli import build_parser

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"^```(\w+)\n(.*?)^```", README, flags=re.S | re.M)
PYTHON = [code for lang, code in BLOCKS if lang == "python"]
SHELL = [code for lang, code in BLOCKS if lang == "sh"]


def shell_commands() -> list[list[str]]:
    """The simple commands of the sh blocks, comments and continuations removed, split on
    pipes and ``&&``; leading ``NAME=value`` assignments dropped, redirections cut off."""
    commands = []
    for block in SHELL:
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            command: list[str] = []
            for word in [*words, "&&"]:
                if word in ("|", "&&", ";"):
                    if command:
                        commands.append(command)
                    command = []
                elif word in ("<", ">") or not command and re.match(r"^[A-Z_]+=", word):
                    if word in ("<", ">"):
                        command.append("<redirect>")
                else:
                    command.append(word)
    return [c[:c.index("<redirect>")] if "<redirect>" in c else c for c in commands]


def test_the_readme_has_examples():
    assert len(PYTHON) >= 2 and len(SHELL) >= 5


@pytest.mark.parametrize("code", PYTHON, ids=[f"python-{i}" for i in range(len(PYTHON))])
def test_python_example_runs(code, monkeypatch):
    monkeypatch.chdir(ROOT)
    exec(compile(code, "README.md", "exec"), {"__name__": "__readme__"})  # noqa: S102


DATELINE = [c for c in shell_commands() if c and c[0].endswith("bin/dateline")]


@pytest.mark.parametrize("argv", DATELINE, ids=[" ".join(c[1:3]) for c in DATELINE])
def test_dateline_command_line_parses(argv):
    args = build_parser().parse_args(argv[1:])  # SystemExit (status 2) on a bad flag
    assert callable(args.run)


def test_make_targets_exist():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = {c[1] for c in shell_commands() if c[0] == "make"}
    assert targets >= {"run", "test"}
    for target in targets:
        assert re.search(rf"^{target}:", makefile, flags=re.M), target


def test_every_error_kind_of_a_page_is_named_in_the_readme():
    # a new-user trial: a URL input failed with kind "robots", which the README's list of a
    # page's error kinds did not name
    import inspect

    from dateline import errors

    page_kinds = {cls.kind for _, cls in inspect.getmembers(errors, inspect.isclass)
                  if issubclass(cls, errors.DatelineError)
                  and not issubclass(cls, errors.UsageError | errors.StoreError)
                  and cls.kind not in ("error", "input")}
    listed = README.split("Error kinds of a page:", 1)[1].split("Every error class", 1)[0]
    assert {k for k in page_kinds if f"`{k}`" not in listed} == set()
