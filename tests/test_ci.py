"""The deploy settings and the GitHub workflows: what a fork needs to publish the site safely."""

from __future__ import annotations

import re

import pytest
import yaml

from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def test_deploy_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.config import load_config

    monkeypatch.setenv("SITE_URL", "https://kb.example.net/handbook/")
    monkeypatch.setenv("REPO_URL", "https://github.com/someone/handbook")
    monkeypatch.setenv("REPO_NAME", "handbook")
    config = load_config(str(ROOT / "mkdocs.yml"))
    assert (config.site_url, config.repo_url, config.repo_name) == (
        "https://kb.example.net/handbook/",
        "https://github.com/someone/handbook",
        "handbook",
    )
    for name in ("SITE_URL", "REPO_URL", "REPO_NAME"):
        monkeypatch.delenv(name)
    config = load_config(str(ROOT / "mkdocs.yml"))
    assert config.site_url == "https://example.org/"


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_actions_are_pinned_and_checkouts_keep_no_token(path) -> None:
    workflow = yaml.safe_load(path.read_text())
    text = path.read_text()
    for step in steps(workflow):
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", step["uses"]), (
                f"{path.name}: pin {step['uses']} by commit"
            )
            assert re.search(re.escape(step["uses"]) + r" # v\d+\.\d+\.\d+\n", text), (
                f"{path.name}: name the release of {step['uses']}"
            )
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step.get("with", {}).get("persist-credentials") is False, (
                f"{path.name}: checkout must not keep the token"
            )
    assert all("continue-on-error" not in job for job in workflow["jobs"].values()), "a failing job must stay red"


def test_deploy_runs_only_after_the_tests_passed_on_main_and_only_its_deploy_job_writes() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text())
    trigger = workflow[True]  # PyYAML reads the key `on` as True
    assert set(trigger) == {"workflow_run"}
    assert trigger["workflow_run"]["workflows"] == ["test"] and trigger["workflow_run"]["branches"] == ["main"]
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert "conclusion == 'success'" in build["if"]
    assert workflow["permissions"] == build["permissions"] == {"contents": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"} and deploy["needs"] == "build"
    env = next(step["env"] for step in build["steps"] if step.get("run") == "make build")
    assert {"SITE_URL", "REPO_URL", "REPO_NAME"} <= set(env)


def test_ci_runs_what_contributors_run() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "test.yml").read_text())
    runs = [step.get("run", "") for step in steps(workflow)]
    assert "bash .ci/run" in runs and "make format" in runs and "make check" in runs
    assert not any("playwright install" in run for run in runs)
    assert workflow["permissions"] == {"contents": "read"} and workflow["concurrency"]["cancel-in-progress"] is True
