"""The command line: every command works as documented, from a real process."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, stdin: str = "", env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("TELEGRAM_BOT_TOKEN", "TELEGRAM_BASE_URL")}
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=ROOT, input=stdin, capture_output=True,
                          text=True, timeout=60, env=environment)


def test_ask_prints_the_reply_and_its_buttons():
    result = run("ask", "is a bookkeeper back office?")
    assert result.returncode == 0
    assert "Back office" in result.stdout and "[2] ✅ Skills checklist" in result.stdout


def test_parse_prints_one_json_object():
    result = run("parse", "czy ksiegowa to back office")
    got = json.loads(result.stdout)
    assert set(got) == {"intent", "role", "category", "lang", "confidence", "suggestions", "decided_by"}
    assert (got["intent"], got["role"], got["category"], got["lang"]) == ("classify", "accountant", "back-office", "pl")


def test_parse_reads_json_lines_and_replays_their_context():
    lines = [{"text": "a jakie umiejętności?", "context": ["Czy kasjer to front office?"]},
             {"text": "and a bookkeeper?"}, "what is back office?"]
    stdin = "\n".join(json.dumps(x) if isinstance(x, dict) else x for x in lines) + "\n"
    out = [json.loads(line) for line in run("parse", stdin=stdin).stdout.splitlines()]
    assert [(o["intent"], o["role"]) for o in out] == [("skills", "cashier"), ("classify", "bookkeeper"),
                                                       ("explain", None)]


def test_chat_can_be_scripted_and_ends_at_end_of_input():
    result = run("chat", stdin="czy recepcjonistka to front office?\n2\n")
    assert result.returncode == 0
    assert "Tak, recepcjonista to front office." in result.stdout
    assert "Lista umiejętności" in result.stdout     # "2" tapped the second button


AD = """Payroll Administrator (k/m)
Kraków, 7 000 zł brutto, umowa o pracę

Responsibilities:
- preparing the monthly payroll for 120 employees
- ZUS and PIT declarations
- handling sick leave and holiday records

Requirements:
- experience with a payroll system
- knowledge of the Labour Code

We offer:
- private medical care"""


def test_chat_reads_an_ad_pasted_between_triple_quotes_as_one_message():
    result = run("chat", stdin=f'"""\n{AD}\n"""\n')
    assert result.returncode == 0
    assert "The role behind it: Payroll specialist — Back office." in result.stdout


def test_ask_reads_a_whole_ad_from_stdin():
    result = run("ask", "-", stdin="what would they ask me at the interview?\n\n" + AD)
    assert result.returncode == 0 and "Interview kit for this ad: Payroll specialist" in result.stdout


def test_parse_gives_job_ad_for_an_ad_without_a_question():
    got = json.loads(run("parse", AD).stdout)
    assert (got["intent"], got["role"], got["category"]) == ("job_ad", "payroll-specialist", "back-office")


def test_run_without_a_token_points_to_chat():
    result = run("run")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "python -m bot chat" in result.stderr


def test_check_kb_accepts_the_real_knowledge_base_and_counts_it():
    result = run("check-kb")
    roles = len(list((ROOT / "knowledge" / "roles").glob("*.yaml")))
    assert result.returncode == 0, result.stdout
    assert re.match(rf"ok: {roles} roles in \d+ ISCO unit groups, \d+ non-office occupations, \d+ skills, ",
                    result.stdout), result.stdout


def test_check_kb_lists_each_problem_and_fails(tmp_path):
    (tmp_path / "roles").mkdir()
    (tmp_path / "roles" / "x.yaml").write_text("slug: y\n", encoding="utf-8")
    result = run("check-kb", str(tmp_path))
    assert result.returncode == 1
    assert any(line.endswith("x.yaml: slug: must equal the file name 'x'") for line in result.stdout.splitlines())


@pytest.mark.slow
def test_eval_reports_accuracy_per_language_and_intent_and_the_misses(tmp_path):
    data = tmp_path / "set.jsonl"
    data.write_text("\n".join(json.dumps(x) for x in [
        {"id": "t1", "text": "is a cashier front office?", "lang": "en", "intent": "classify", "role": "cashier",
         "category": "front-office"},
        {"id": "t2", "text": "hello", "lang": "en", "intent": "help", "role": None, "category": None},
    ]) + "\n", encoding="utf-8")
    text = run("eval", str(data)).stdout
    assert "accuracy: 0.500 (1/2)" in text and "t2: 'hello'" in text and "Confusion" in text
    report = json.loads(run("eval", str(data), "--json").stdout)
    assert report["by_intent"] == {"classify": 1.0, "help": 0.0}
    swept = run("eval", str(data), "--sweep").stdout
    assert "fallback_threshold" in swept and "ambiguity_threshold" in swept and "asked" in swept


def test_every_cli_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("run", "chat", "ask", "parse", "check-kb", "schema", "eval"):
        assert f"python -m bot {command}" in readme


def test_ci_runs_the_readmes_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0].splitlines()
    assert len(quick_start) == 2
    assert quick_start[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
