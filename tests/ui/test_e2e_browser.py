"""End to end in real headless Chromium (Debian's), driven by Playwright: every main workflow.

Screenshots of each page are saved under ``test-output/ui/`` (gitignored) so a person can look at them.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-output" / "ui"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _leads_csv(path: Path) -> Path:
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(3)
    n = 400
    df = pd.DataFrame(
        {
            "State": rng.choice(["Maharashtra", "Karnataka", "Delhi", "Tamil Nadu"], n),
            "Industry": rng.choice(["Banking", "Retail", "IT Services", "Healthcare"], n),
            "Job Title": rng.choice(["CEO", "Sr. Manager", "Analyst", "Intern", "VP Sales", "Engineer"], n),
            "Education Level": rng.choice(["Graduate", "Post-graduate", "Diploma"], n),
            "Age_range": rng.choice(["18-24", "25-34", "35-44", "45-54"], n),
            "Years of Experience": rng.choice(["0-2", "3-5", "6-10", "10+"], n),
            "Gender": rng.choice(["Female", "Male"], n),
            "Lead Source": rng.choice(["Website", "Referral", "Event", "LinkedIn"], n),
            "is_sale": rng.choice(["TRUE", "FALSE"], n, p=[0.3, 0.7]),
        }
    )
    df.to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory):
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium missing: run scripts/ensure_chromium.sh")
    home = tmp_path_factory.mktemp("ui_home")
    port = _free_port()
    env = {**os.environ, "SYNTHPERSONA_HOME": str(home), "SYNTHPERSONA_POPULATION_SIZE": "20000"}
    for var in ("SYNTHPERSONA_LLM_BASE_URL", "SYNTHPERSONA_LLM_MODEL", "SYNTHPERSONA_LLM_API_KEY"):
        env.pop(var, None)
    log = (home / "ui.log").open("w")
    # The same launcher as `synthpersona ui`.
    proc = subprocess.Popen(
        [sys.executable, "-m", "synthpersona.ui", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"UI exited early: {(home / 'ui.log').read_text()}")
            time.sleep(0.3)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


def test_every_workflow_in_chromium(app_url: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800}, accept_downloads=True)
        page.set_default_timeout(60_000)
        expect.set_options(timeout=120_000)  # first goal run loads the population and the embedding model

        def shot(name: str, full: bool = True) -> None:
            time.sleep(1.0)  # let charts and images settle
            if full:
                height = page.evaluate(
                    "() => document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight || 800"
                )
                page.set_viewport_size({"width": 1280, "height": max(800, min(int(height) + 80, 6000))})
            page.screenshot(path=str(SHOTS / f"{name}.png"))
            page.set_viewport_size({"width": 1280, "height": 800})

        # Welcome
        page.goto(app_url)
        expect(page.get_by_text("Open Goal → segments")).to_be_visible()
        shot("01_welcome")

        # Goal → segments
        page.goto(f"{app_url}/goal")
        page.get_by_text("new moms in Tier-2 cities interested in skincare", exact=True).click()
        expect(page.get_by_role("textbox", name="Business goal")).to_have_value(
            "new moms in Tier-2 cities interested in skincare"
        )
        page.get_by_role("button", name="Find segments").click()
        expect(page.get_by_text("Silhouette by k")).to_be_visible()
        expect(page.get_by_text("SQL that selected the audience")).to_be_visible()
        shot("02_goal_segments")

        # Personas: open one and exchange two messages
        page.get_by_role("button", name="Meet").first.click()
        page.get_by_role("button", name="Chat with").first.click()
        chat = page.get_by_test_id("stChatInput").locator("textarea")
        chat.fill("Hi! What do you think about the price of a good moisturiser?")
        chat.press("Enter")
        expect(page.get_by_test_id("stChatMessage")).to_have_count(2)
        chat = page.get_by_test_id("stChatInput").locator("textarea")
        chat.fill("Would you buy it on EMI?")
        chat.press("Enter")
        expect(page.get_by_test_id("stChatMessage")).to_have_count(4)
        replies = page.get_by_test_id("stChatMessage").all_inner_texts()
        assert all(r.strip() for r in replies)
        assert replies[1] != replies[3]  # the persona does not repeat itself
        shot("03_personas_chat")

        # Phone width: the same page stays usable
        page.set_viewport_size({"width": 390, "height": 844})
        time.sleep(1.0)
        page.screenshot(path=str(SHOTS / "04_personas_phone.png"))
        page.set_viewport_size({"width": 1280, "height": 800})

        # Leads: upload a CSV, analyze, download the personas JSON
        page.goto(f"{app_url}/leads")
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
            str(_leads_csv(tmp_path / "leads.csv"))
        )
        page.get_by_role("button", name="Analyze").click()
        expect(page.get_by_text("Persona profiles (ranked by conversion)")).to_be_visible()
        with page.expect_download() as dl:
            page.get_by_role("button", name="Download personas JSON").click()
        saved = tmp_path / "personas.json"
        dl.value.save_as(saved)
        import json

        personas = json.loads(saved.read_text())
        personas = personas.get("personas", personas) if isinstance(personas, dict) else personas
        assert len(personas) == 4
        shot("05_leads")

        # Simulation on the bundled sample
        page.goto(f"{app_url}/simulation")
        page.get_by_role("button", name="Run the A/B test").click()
        expect(page.get_by_text("A/B result")).to_be_visible()
        expect(page.get_by_role("button", name="Download PowerPoint deck")).to_be_visible()
        shot("06_simulation")

        # Role-play: example scenario, persona and prompt
        page.goto(f"{app_url}/roleplay")
        page.get_by_role("button", name="Generate persona").click()
        expect(page.get_by_text("Detail categories:")).to_be_visible()
        shot("07_roleplay")

        # Readable error for a goal nobody can understand: no traceback
        page.goto(f"{app_url}/goal")
        page.get_by_role("textbox", name="Business goal").fill("qwzx vvvv")
        page.get_by_role("button", name="Find segments").click()
        expect(page.get_by_text("The goal was not understood")).to_be_visible()
        assert page.get_by_test_id("stException").count() == 0
        shot("08_goal_error", full=False)
        browser.close()
