"""End to end in real headless Chromium (Debian's), driven by Playwright: every main workflow.

Screenshots of each page are saved under ``test-output/ui/`` (gitignored) so a person can look at them.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-output" / "ui"
AXE = ROOT / ".cache" / "axe-core" / "axe.min.js"  # scripts/ensure_axe.sh (make test runs it)
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


def _odd_log(path: Path) -> Path:
    """A small event log exported with unusual column names and times (not all found: the user picks)."""
    import pandas as pd

    from synthpersona.simulation import make_sample_events

    log = make_sample_events(n_users=60, random_state=0)[["user_id", "event", "timestamp"]]
    # epoch milliseconds under an unknown name: numbers alone could be ids, so only the user says
    log["timestamp"] = (pd.to_datetime(log["timestamp"]).astype("int64") // 10**6).astype(str)
    # headers that say nothing (two letters): "what"/"when" are now found by their meaning
    log.rename(columns={"user_id": "visitor", "event": "f2", "timestamp": "f3"}).to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from _serve(tmp_path_factory.mktemp("ui_home"))


@pytest.fixture(scope="module")
def held_app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An app whose jobs wait at the A/B test's simulation step until cancelled (tests/ui/held_step),
    so a test can act on a job that is still running however fast the machine is."""
    seam = str(Path(__file__).with_name("held_step"))
    path = os.pathsep.join(p for p in (seam, os.environ.get("PYTHONPATH", "")) if p)
    extra = {"PYTHONPATH": path, "SYNTHPERSONA_TEST_HOLD_STEP": "Simulating the A/B test"}
    yield from _serve(tmp_path_factory.mktemp("ui_held_home"), extra)


def _serve(home: Path, extra: dict[str, str] | None = None) -> Iterator[str]:
    """Start the UI as `synthpersona ui` does on a free port with its own data folder; stop it after."""
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium missing: run scripts/ensure_chromium.sh")
    port = _free_port()
    env = {**os.environ, "SYNTHPERSONA_HOME": str(home), "SYNTHPERSONA_POPULATION_SIZE": "20000"}
    env.update(extra or {})
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


def _settled(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until Streamlit has finished the run (no element is still marked stale)."""
    page.wait_for_function("() => document.querySelectorAll('[data-stale=\"true\"]').length === 0")


def _pick(page, box: str, option: str | None) -> str:  # type: ignore[no-untyped-def]
    """Choose ``option`` (``None``: the first one but "Select all") in the select box named ``box``.

    A Streamlit rerun that redraws the box while its list opens closes the list again (seen
    under load, and right after a refresh), so the list is opened until the option shows, a
    few times at most. Returns the text of the option chosen.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(4):
        _settled(page)
        page.get_by_role("combobox", name=box).click()
        if option is None:
            item = page.get_by_role("option").filter(has_not_text="Select all").first
        else:
            item = page.get_by_role("option", name=option, exact=True)
        try:
            item.wait_for(state="visible", timeout=15_000)
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            continue
        text = str(item.inner_text())
        item.click()
        return text
    raise AssertionError(f"the option {option!r} of {box!r} never showed")


def _axe(page, where: str, found: dict[str, list[str]]) -> None:  # type: ignore[no-untyped-def]
    """Run axe-core on the page as it is; keep its serious and critical violations under ``where``."""
    if not AXE.is_file():
        return
    _settled(page)
    # A rerun fades elements out and back in with CSS transitions; axe counts opacity in contrast, so a
    # scan during the fade-in reports muted text as unreadable (seen once under load 20 on the history page).
    page.wait_for_function(
        "() => document.getAnimations().filter(a => a instanceof CSSTransition)"
        ".every(a => a.playState !== 'running')"
    )
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => v.id + ' (' + v.impact + '): '"
        " + v.nodes.slice(0, 2).map(n => n.target.join(' ')).join(' | '))"
    )
    if violations:
        found[where] = violations


def _plotly_charts(page, at_least: int = 0) -> int:  # type: ignore[no-untyped-def]
    """Interactive Plotly charts drawn on the page (not images), once ``at_least`` of them are drawn.

    Charts below the fold are drawn after the text above them, so counting waits for them.
    """
    if at_least:
        page.wait_for_function(f"() => document.querySelectorAll('.js-plotly-plot').length >= {at_least}")
    return int(page.locator(".js-plotly-plot").count())


def test_every_workflow_in_chromium(app_url: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800}, accept_downloads=True)
        page.set_default_timeout(60_000)
        expect.set_options(timeout=120_000)  # first goal run loads the population and the embedding model
        outside: list[str] = []  # every request must stay on this machine
        a11y: dict[str, list[str]] = {}  # serious/critical axe-core violations per page
        page.on(
            "request",
            lambda r: (
                outside.append(r.url) if not r.url.startswith((app_url, "data:", "blob:", "about:")) else None
            ),
        )

        def shot(name: str, full: bool = True) -> None:
            time.sleep(0.5)  # let charts settle
            if full:
                height = page.evaluate(
                    "() => document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight || 800"
                )
                page.set_viewport_size({"width": 1280, "height": max(800, min(int(height) + 80, 7000))})
            page.screenshot(path=str(SHOTS / f"{name}.png"))
            page.set_viewport_size({"width": 1280, "height": 800})

        # Welcome
        page.goto(app_url)
        expect(page.get_by_text("Open Goal → segments")).to_be_visible()
        _axe(page, "welcome", a11y)
        shot("01_welcome")

        # Goal → segments: interactive charts, the run in the URL
        page.goto(f"{app_url}/goal")
        _settled(page)  # a click during the page's first run can be lost with the run's elements
        page.get_by_text("new moms in Tier-2 cities interested in skincare", exact=True).click()
        expect(page.get_by_role("textbox", name="Business goal")).to_have_value(
            "new moms in Tier-2 cities interested in skincare"
        )
        page.get_by_role("button", name="Find segments").click()
        expect(page.get_by_text("SQL that selected the audience")).to_be_visible()
        expect(page.locator(".js-plotly-plot").nth(1)).to_be_visible()  # silhouette and 2-D map
        expect(page.get_by_text("principal component 1").first).to_be_visible()  # real axis names
        page.wait_for_url("**run=*")
        run_url = page.url
        _axe(page, "goal results", a11y)
        shot("02_goal_segments")
        # Staged progress: each step the use case reported, with its state and elapsed time
        page.get_by_text("Finding segments — done in").first.click()
        for step in (
            "Reading the goal",
            "Selecting the audience",
            "Clustering and choosing",
            "writing personas",
        ):
            expect(page.get_by_text(step).first).to_be_visible()
        # each step with its state and the seconds it took
        expect(page.get_by_role("row").filter(has_text="Reading the goal").first).to_contain_text("done")
        expect(page.get_by_role("row").filter(has_text="Clustering and choosing").first).to_contain_text(" s")
        page.get_by_text("Finding segments — done in").first.scroll_into_view_if_needed()
        shot("16_goal_progress", full=False)

        # Refresh: the run comes back from the store
        page.reload()
        expect(page.get_by_text("SQL that selected the audience")).to_be_visible()
        expect(page.get_by_text("new moms in Tier-2 cities interested in skincare").nth(1)).to_be_visible()
        assert page.url == run_url
        # the form too: the goal box holds the goal of the run (from the job's record, not the browser)
        expect(page.get_by_role("textbox", name="Business goal")).to_have_value(
            "new moms in Tier-2 cities interested in skincare"
        )
        shot("03_goal_after_refresh", full=False)

        # Personas: open one and exchange two messages; the conversation gets a URL
        _settled(page)
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
        page.wait_for_url("**chat=*")
        _axe(page, "personas and chat", a11y)
        shot("04_personas_chat")

        page.reload()  # the conversation is read back from the store
        expect(page.get_by_test_id("stChatMessage")).to_have_count(4)
        assert page.get_by_test_id("stChatMessage").all_inner_texts() == replies
        _settled(page)

        # Hobbies and festivals: answered from the persona's data, with the records behind the answer
        for n, question in ((6, "What are your hobbies?"), (8, "Which festival do you celebrate?")):
            chat = page.get_by_test_id("stChatInput").locator("textarea")
            chat.fill(question)
            chat.press("Enter")
            expect(page.get_by_test_id("stChatMessage")).to_have_count(n)
        page.reload()  # the evidence is kept with the conversation
        expect(page.get_by_test_id("stChatMessage")).to_have_count(8)
        _settled(page)
        page.get_by_text("What this answer rests on").last.click()
        festival_row = page.get_by_role("row").filter(has_text="Main festival (profile)")
        expect(festival_row).to_be_visible()
        festival = festival_row.get_by_role("cell").nth(1).inner_text().strip()
        assert festival and festival in page.get_by_test_id("stChatMessage").nth(7).inner_text()
        page.get_by_text("What this answer rests on").nth(-2).click()
        expect(page.get_by_role("row").filter(has_text="Interests (profile)")).to_be_visible()
        _axe(page, "chat evidence", a11y)
        shot("17_chat_evidence")

        # Persona card export: PNG and PDF drawn from the core persona (the PNG is kept as a screenshot)
        for button, magic, name in (
            ("Card PNG", b"\x89PNG\r\n\x1a\n", "18_persona_card.png"),
            ("Card PDF", b"%PDF-", "card.pdf"),
        ):
            with page.expect_download() as dl:
                page.get_by_role("button", name=button).first.click()
            saved = (SHOTS if name.endswith(".png") else tmp_path) / name
            dl.value.save_as(saved)
            assert saved.read_bytes()[: len(magic)] == magic

        # Edit a persona and verify it: an age the data contradicts is flagged with the data's age
        page.get_by_role("tab", name="Edit & verify").click()
        age = page.get_by_role("spinbutton", name="Age")
        true_age = int(age.input_value())
        age.fill(str(true_age + 30))
        age.press("Tab")
        page.get_by_role("button", name="Verify my edits").click()
        expect(page.get_by_text("The data contradicts 1 claim(s) of the edited persona")).to_be_visible()
        flagged = page.get_by_role("row").filter(has_text="profile.age")
        expect(flagged).to_contain_text(str(true_age + 30))
        expect(flagged.get_by_role("cell").last).to_have_text(str(true_age))
        _axe(page, "edit and verify", a11y)
        shot("19_persona_edit_verify")
        # Save the edited persona: a version with verify's result, its own URL, restored on refresh
        page.get_by_role("button", name="Save this version").click()
        page.wait_for_url("**edit=*")
        expect(page.get_by_text("saved version 1").first).to_be_visible()
        page.reload()
        expect(page.get_by_text("saved version 1").first).to_be_visible()
        expect(page.get_by_text("The data contradicts 1 claim(s) of this version")).to_be_visible()
        expect(page.get_by_role("row").filter(has_text="Age").first).to_contain_text(str(true_age + 30))
        _axe(page, "saved persona version", a11y)
        shot("22_persona_saved_version", full=False)
        _settled(page)
        page.get_by_role("button", name="Close", exact=True).click()
        expect(page.get_by_text("saved version 1")).to_have_count(0)
        page.get_by_role("tab", name="Personas & chat").click()
        persona_name = (
            page.get_by_role("heading", name="Chat with").first.inner_text().removeprefix("Chat with ")
        )

        # Side by side and the focus group
        page.get_by_role("tab", name="Side by side").click()
        shot("05_personas_side_by_side", full=False)
        page.get_by_role("tab", name="Focus group").click()
        page.get_by_role("textbox", name="Question for all personas").fill(
            "Would you pay ₹1,500 for this serum?"
        )
        page.get_by_role("button", name="Ask everyone").click()
        expect(page.get_by_text("“Would you pay ₹1,500 for this serum?”")).to_be_visible()
        expect(page.get_by_text("positive:").first).to_be_visible()
        shot("06_personas_focus_group")

        # The protected preview (issue 21): each persona states only what at least k audience members
        # share, and no value only its anchor had is visible anywhere on the page: not on the cards, the
        # evidence, side by side, in the focus group's answers or in the chat (with the protected persona)
        page.get_by_role("tab", name="Personas & chat").click()
        main = page.get_by_test_id("stMain")
        built_cities = set(re.findall(r"city \(([^)]+)\)", main.inner_text()))
        assert built_cities, "the cards as built name their anchor's city"
        page.get_by_text("Preview as protected (k-anonymity)").click()
        expect(
            page.get_by_text("Protected: what each persona states is shared by at least 5")
        ).to_be_visible()
        k_box = page.get_by_role("spinbutton", name="People per persona (k)")
        k_box.fill("50")
        k_box.press("Enter")
        expect(
            page.get_by_text("Protected: what each persona states is shared by at least 50")
        ).to_be_visible()
        _settled(page)
        stated = set(re.findall(r"city \(([^)]+)\)", main.inner_text()))  # cities the protected cards state
        withheld = built_cities - stated
        assert withheld, f"nothing withheld at k=50: {built_cities}"
        chat = page.get_by_test_id("stChatInput").locator("textarea")
        chat.fill("Which city do you live in, exactly?")
        chat.press("Enter")
        expect(page.get_by_test_id("stChatMessage")).to_have_count(2)  # a conversation of its own
        page.get_by_role("tab", name="Focus group").click()
        page.get_by_role("textbox", name="Question for all personas").fill("Where do you live?")
        page.get_by_role("button", name="Ask everyone").click()
        expect(page.get_by_text("“Where do you live?”")).to_be_visible()
        for tab in ("Focus group (all personas)", "Side by side", "Edit & verify", "Personas & chat"):
            page.get_by_role("tab", name=tab).click()
            _settled(page)
            text = main.inner_text()
            shown = [city for city in withheld if re.search(rf"\b{re.escape(city)}\b", text)]
            assert not shown, f"{tab}: withheld cities visible under the protected preview: {shown}"
        expect(page.get_by_text("You are talking to the protected persona")).to_be_visible()
        _axe(page, "personas protected preview", a11y)
        shot("31_personas_protected")
        page.get_by_text("Preview as protected (k-anonymity)").click()  # back to the personas as built
        expect(page.get_by_text("Synthetic population: each persona states")).to_be_visible()

        # Phone width: the same page stays usable
        page.get_by_role("tab", name="Personas & chat").click()
        page.set_viewport_size({"width": 390, "height": 844})
        page.wait_for_function("() => document.querySelector('[data-testid=\"stMain\"]').clientWidth <= 390")
        width = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollWidth")
        assert width <= 390, f"the page scrolls sideways on a phone ({width} px)"
        _axe(page, "personas on a phone", a11y)
        page.screenshot(path=str(SHOTS / "07_personas_phone.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 800})

        # Leads: upload, correct a column (leave 'Lead Source' out), analyze, download the personas JSON
        page.goto(f"{app_url}/leads")
        expect(page.get_by_test_id("stFileUploaderDropzoneInput")).to_be_attached()
        _settled(page)
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
            str(_leads_csv(tmp_path / "leads.csv"))
        )
        expect(page.get_by_text("How each column was understood")).to_be_visible()
        grid = page.get_by_test_id("stDataFrame").first
        expect(grid).to_be_visible()
        _settled(page)
        # the grid is a canvas: wait until it has drawn its rows (its accessible cells exist)
        page.wait_for_function(
            "() => [...document.querySelectorAll('[data-testid=stDataFrame] [role=gridcell]')]"
            ".some(c => c.textContent.trim() === 'Lead Source')"
        )
        shot("08_leads_preview", full=False)
        # keyboard only: first cell, down to 'Lead Source' (8th row), right to 'Use in segments', toggle
        box = grid.bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + 40, box["y"] + 35 + 17)
        page.wait_for_function(  # the grid has the keyboard before any key is pressed
            "() => !!document.activeElement?.closest('[data-testid=stDataFrame]')"
        )
        for _ in range(7):
            page.keyboard.press("ArrowDown")
        for _ in range(2):
            page.keyboard.press("ArrowRight")
        page.keyboard.press(" ")
        # the page confirms the edit in words once Streamlit has taken it (no fixed wait)
        expect(page.get_by_text("left out by you: Lead Source")).to_be_visible()
        _settled(page)
        # on a phone the roles grid fits the screen: no sideways scrolling, not even inside the grid
        page.set_viewport_size({"width": 390, "height": 844})
        page.wait_for_function("() => document.querySelector('[data-testid=\"stMain\"]').clientWidth <= 390")
        page.wait_for_function(  # the grid redrew its cells at the new width
            "() => [...document.querySelectorAll('[data-testid=stDataFrame] [role=gridcell]')]"
            ".some(c => c.textContent.trim() === 'Lead Source')"
        )
        sideways = page.evaluate(  # the grid's scroller: as wide as its box (1040 px in 362 before)
            "() => [...document.querySelectorAll('[data-testid=stDataFrame] .dvn-scroller')]"
            ".map(e => e.scrollWidth - e.clientWidth)"
        )
        assert sideways and max(sideways) <= 1, f"the roles grid scrolls sideways on a phone (px): {sideways}"
        # the table of why each column got its role wraps its words: nothing a keyboard cannot reach
        page.get_by_text("Why each column got its role").click()
        expect(page.get_by_test_id("stTable").first).to_be_visible()
        _settled(page)
        wide = page.evaluate(  # each scroller of a static table: as wide as its box (axe flagged one before)
            "() => [...document.querySelectorAll('[data-testid=stTable], [data-testid=stTable] *')]"
            ".filter(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))"
            ".map(e => e.scrollWidth - e.clientWidth)"
        )
        assert wide and max(wide) <= 1, f"a table scrolls sideways on a phone (px): {wide}"
        _axe(page, "leads roles on a phone", a11y)
        shot("32_leads_roles_phone", full=False)
        page.set_viewport_size({"width": 1280, "height": 800})
        page.get_by_role("button", name="Analyze").click()
        expect(page.get_by_text("Persona profiles (ranked by conversion)")).to_be_visible()
        expect(page.locator(".js-plotly-plot").nth(1)).to_be_visible()  # dashboard and PCA map
        features = page.get_by_text("features:").first.inner_text()
        assert "Lead Source" not in features and "State" in features  # the user's correction was used
        with page.expect_download() as dl:
            page.get_by_role("button", name="Download personas JSON").click()
        saved = tmp_path / "personas.json"
        dl.value.save_as(saved)
        import json

        personas = json.loads(saved.read_text())
        personas = personas.get("personas", personas) if isinstance(personas, dict) else personas
        assert len(personas) == 4
        page.wait_for_url("**analysis=*")
        _axe(page, "leads results", a11y)
        shot("09_leads_results")
        page.reload()
        expect(page.get_by_text("Persona profiles (ranked by conversion)")).to_be_visible()
        # the user's column correction is restored with the analysis (the grid is drawn with it)
        expect(page.get_by_text("left out by you: Lead Source")).to_be_visible()
        page.get_by_text("left out by you: Lead Source").scroll_into_view_if_needed()
        shot("27_leads_choices_after_refresh", full=False)

        # Simulation on the bundled sample with the product-change builder
        page.goto(f"{app_url}/simulation")
        # the log's event names are read by a job of their own (?read=), then the form is drawn
        expect(page.get_by_role("spinbutton", name="Extra steps")).to_be_visible()
        assert "read=" in page.url
        _settled(page)
        page.get_by_role("spinbutton", name="Extra steps").fill("1")
        page.get_by_role("spinbutton", name="Synthetic users per arm").fill("2000")
        page.get_by_role("button", name="Run the A/B test").click()
        expect(page.get_by_text("A/B result: 1 extra step(s)")).to_be_visible()
        expect(page.get_by_role("button", name="Download PowerPoint deck")).to_be_visible()
        expect(page.get_by_text("Paths of synthetic sessions (treatment)")).to_be_visible()
        expect(page.get_by_text("Can we trust the simulator?")).to_be_visible()
        # the chart's title (the stage "… step matrix (2 of 3)" of the job's table is folded away)
        expect(page.get_by_text(re.compile("^Step matrix")).first).to_be_visible()
        assert _plotly_charts(page, at_least=8) >= 8
        _axe(page, "simulation results", a11y)
        shot("10_simulation")
        page.set_viewport_size({"width": 390, "height": 844})  # the results on a phone
        page.wait_for_function("() => document.querySelector('[data-testid=\"stMain\"]').clientWidth <= 390")
        _settled(page)
        width = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollWidth")
        assert width <= 390, f"the simulation page scrolls sideways on a phone ({width} px)"
        _axe(page, "simulation results on a phone", a11y)
        page.set_viewport_size({"width": 1280, "height": 800})

        # The transition graph one can rearrange is drawn on the page, its nodes and its threshold
        # (the threshold is driven in tests/ui/test_graph_page.py)
        graph = page.frame_locator('iframe[title="Transition graph you can rearrange"]')
        expect(graph.locator("g.node").first).to_be_attached()
        assert graph.locator("g.node").count() > 3 and int(graph.locator("#shown").inner_text()) > 3
        expect(page.get_by_role("combobox", name="Whose transitions")).to_be_visible()
        # a node dragged inside the page's frame moves with the pointer; then a refresh (the run comes
        # back from the URL), as pointer work inside the frame once left the next dropdowns shut
        node = graph.locator("g.node").first
        node.scroll_into_view_if_needed()
        box = node.bounding_box()
        assert box is not None
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x + 60, y + 40, steps=5)
        page.mouse.up()
        moved = node.bounding_box()
        assert moved is not None and moved["x"] > box["x"] + 30 and moved["y"] > box["y"] + 20
        shot("30_graph_dragged_in_the_ui", full=False)
        page.wait_for_url("**sim=*")
        assert "graph=" in page.url  # drawn by a job of its own, kept in the simulation's folder
        page.reload()
        expect(page.get_by_text("A/B result: 1 extra step(s)")).to_be_visible()
        expect(graph.locator("g.node").first).to_be_attached()  # the graph drawn before, at once

        # Target personas: the change applies to one persona found in the log (from the last run)
        target = _pick(page, "Apply the change to these personas only", None).split(" (")[0]  # one persona
        page.keyboard.press("Escape")
        page.get_by_role("button", name="Run the A/B test").click()
        expect(page.get_by_text(f"for personas {target}", exact=False).first).to_be_visible()
        shot("20_simulation_target_personas")

        # An uploaded log whose columns are not found: the user maps them from the file's header
        _settled(page)
        page.get_by_text("Upload my event log").click()
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
            str(_odd_log(tmp_path / "export.csv"))
        )
        expect(page.get_by_text("could not tell which column holds the", exact=False)).to_be_visible()
        for role, column in (("Event column", "f2"), ("Timestamp column", "f3")):
            _pick(page, role, column)
        _settled(page)
        expect(page.get_by_text("Funnel steps, in order").first).to_be_visible()
        expect(page.get_by_text("signup_complete").first).to_be_visible()  # picked from the log's own events
        _axe(page, "event-log columns", a11y)
        shot("21_event_log_columns", full=False)

        # History: every result listed, reopened by its link
        page.goto(f"{app_url}/history")
        expect(page.get_by_text("new moms in Tier-2 cities interested in skincare")).to_be_visible()
        expect(page.get_by_text("leads.csv")).to_be_visible()
        expect(page.get_by_text("1 extra step(s)").first).to_be_visible()
        expect(page.get_by_text(f"Chat with {persona_name}").first).to_be_visible()
        expect(page.get_by_text("version 1 · 1 claim(s) contradicted").first).to_be_visible()
        _axe(page, "history", a11y)
        # the whole menu fits a 1280x800 window whatever the data path (a scrolling sidebar fails axe),
        # measured once the page's run is over (a run's stale copies add height meanwhile)
        _settled(page)
        sizes = page.evaluate(
            "() => { const c = document.querySelector('[data-testid=stSidebarContent]');"
            " return [c.scrollHeight, c.clientHeight, c.scrollWidth, c.clientWidth,"
            " Array.from(c.querySelectorAll('[data-testid=stSidebarUserContent] > div > div > div'))"
            ".map(e => e.getBoundingClientRect().height)]; }"
        )
        assert sizes[0] <= sizes[1], f"the sidebar scrolls: height, visible, width, visible, blocks = {sizes}"
        shot("11_history")

        # a conversation reopens from its history row, then is deleted there
        def conv_row(text: str = " messages"):  # type: ignore[no-untyped-def]
            """The history row of a conversation (the innermost block holding ``text`` and the buttons).

            Rows are named by their content, never by position: while the page is still being drawn
            only some rows exist, and "the last row" is then another conversation (a Delete clicked
            then removed the wrong one in a CI run).
            """
            delete = page.get_by_role("button", name="Delete")
            return page.get_by_test_id("stVerticalBlock").filter(has_text=text).filter(has=delete).last

        expect(conv_row("8 messages")).to_be_visible()
        conv_row("8 messages").get_by_role("link", name="Open").click()
        expect(page.get_by_test_id("stChatMessage")).to_have_count(8)
        page.goto(f"{app_url}/history")
        _settled(page)
        conv_row("8 messages").get_by_role("button", name="Delete").click()
        expect(conv_row("8 messages")).to_have_count(0)
        expect(conv_row()).to_contain_text("2 messages")  # the one with the protected persona is kept too
        _settled(page)
        conv_row("2 messages").get_by_role("button", name="Delete").click()
        expect(page.get_by_text("No conversation yet.")).to_be_visible()

        # Role-play: read an example scenario, correct a fact, generate, practise, score the trainee
        page.goto(f"{app_url}/roleplay")
        _pick(page, "Example scenario", "Pharma sales")  # not the first: the refresh must keep it
        page.get_by_role("button", name="Read the scenario").click()
        page.wait_for_url("**job=*")  # read in a job the page polls
        expect(page.get_by_text("Check what the scenario states", exact=True)).to_be_visible()
        read = page.get_by_text("Reading the scenario and the facts it states — done in").first
        expect(read).to_be_visible()
        page.reload()  # the job in the URL brings back the scenario picked and the facts read
        expect(page.get_by_text("Check what the scenario states", exact=True)).to_be_visible()
        expect(page.get_by_role("combobox", name="Example scenario")).to_have_value("Pharma sales")
        _settled(page)
        page.get_by_text("Reading the scenario and the facts it states — done in").first.click()
        expect(page.get_by_role("row").filter(has_text="Reading the facts it states")).to_contain_text("done")
        _axe(page, "role-play draft after refresh", a11y)
        shot("28_roleplay_draft_after_refresh", full=False)
        city = page.get_by_role("textbox", name="City", exact=True)
        city.fill("Madurai")  # the trainer corrects what the scenario was read to say
        city.press("Enter")
        expect(page.get_by_text("Your corrections are kept with this scenario")).to_be_visible()
        page.reload()  # a correction not yet generated from is kept with the scenario read
        expect(page.get_by_role("textbox", name="City", exact=True)).to_have_value("Madurai")
        shot("12_roleplay_facts")
        _settled(page)
        page.get_by_role("button", name="Generate persona").click()
        expect(page.get_by_text("Generating the persona — done in").first).to_be_visible()  # a job
        expect(page.get_by_text("Detail categories:")).to_be_visible()
        expect(page.get_by_text("Madurai").first).to_be_visible()  # the correction reached the persona
        chat = page.get_by_test_id("stChatInput").locator("textarea")
        chat.fill("Good morning! Do you have five minutes to talk about this?")
        chat.press("Enter")
        expect(page.get_by_test_id("stChatMessage")).to_have_count(2)  # the answer comes from a job
        expect(page.get_by_text("is answering — done in").first).to_be_visible()
        # the rerun that took the answer may still show the form's stale copy beside the new one
        trainee = page.get_by_role("textbox", name="Trainee (optional: keeps the score and shows progress)")
        _settled(page)
        expect(trainee).to_have_count(1)
        trainee.fill("asha.k")
        page.get_by_role("button", name="Score this conversation").click()
        expect(page.get_by_text("Progress of asha.k").first).to_be_visible()
        _axe(page, "role-play", a11y)
        shot("13_roleplay")
        page.wait_for_url("**roleplay=*")
        page.reload()  # the persona and the conversation come back
        expect(page.get_by_test_id("stChatMessage")).to_have_count(2)
        page.set_viewport_size({"width": 390, "height": 844})
        page.wait_for_function("() => document.querySelector('[data-testid=\"stMain\"]').clientWidth <= 390")
        width = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollWidth")
        assert width <= 390, f"the role-play page scrolls sideways on a phone ({width} px)"
        _axe(page, "role-play on a phone", a11y)
        page.screenshot(path=str(SHOTS / "23_roleplay_phone.png"), full_page=True)
        page.goto(f"{app_url}/history")
        expect(page.get_by_text("2 practice turns").first).to_be_visible()
        _axe(page, "history on a phone", a11y)
        page.screenshot(path=str(SHOTS / "24_history_phone.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 800})

        # A goal in Hindi (Devanagari): understood, segmented, rendered with a Devanagari font
        page.goto(f"{app_url}/goal")
        expect(page.get_by_role("textbox", name="Business goal")).to_be_visible()
        _settled(page)
        page.get_by_role("textbox", name="Business goal").fill(
            "टियर-2 शहरों में नई माताएँ जो स्किनकेयर में रुचि रखती हैं"
        )
        page.get_by_role("button", name="Find segments").click()
        expect(page.get_by_text("SQL that selected the audience")).to_be_visible()
        expect(page.get_by_text("city tier = Tier-2").first).to_be_visible()
        shot("14_goal_hindi")

        # Readable error for a goal nobody can understand: no traceback
        page.goto(f"{app_url}/goal")
        expect(page.get_by_role("textbox", name="Business goal")).to_be_visible()
        _settled(page)
        page.get_by_role("textbox", name="Business goal").fill("qwzx vvvv")
        page.get_by_role("button", name="Find segments").click()
        expect(page.get_by_text("The goal was not understood")).to_be_visible()
        assert page.get_by_test_id("stException").count() == 0
        shot("15_goal_error", full=False)
        browser.close()
    assert not outside, f"requests left the machine: {outside[:5]}"
    assert not a11y, f"serious accessibility violations (axe-core): {a11y}"


# True once two samples of the running stage's row (name, seconds so far) name the same stage with
# other seconds: the page visibly advances within a stage. Each call compares with the last.
_TICKED = """() => {
  const row = [...document.querySelectorAll('tr')].find(r => r.textContent.includes('running…'));
  if (!row) return false;
  const [name, , time] = [...row.querySelectorAll('td')].map(c => c.textContent.trim());
  const seen = window.__tick;
  window.__tick = {name, time};
  return !!seen && seen.name === name && seen.time !== time;
}"""


def test_a_long_step_is_a_job_the_page_polls_restores_and_cancels(held_app_url: str) -> None:
    """A simulation big enough to take a while runs as a job: its stages advance on the page as
    the job records them, a refresh finds the running job again by the URL, and Cancel stops it
    with nothing kept. Every wait is on what the page shows, never on a fixed time."""
    from playwright.sync_api import expect, sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.set_default_timeout(60_000)
        expect.set_options(timeout=120_000)
        page.goto(f"{held_app_url}/simulation")
        # the personas of the log, found by a job before any run, offered as targets of the change
        expect(page.get_by_role("button", name="Find the personas in this log")).to_be_visible()
        _settled(page)
        page.get_by_role("button", name="Find the personas in this log").click()
        page.wait_for_url("**job=*")
        expect(page.get_by_role("combobox", name="Apply the change to these personas only")).to_be_visible()
        found = page.get_by_text("Finding the behavioural personas in the log — done in").first
        expect(found).to_be_visible()
        _settled(page)
        found.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "29_find_personas_job.png"))
        find_url = page.url
        _settled(page)
        page.get_by_role("spinbutton", name="Synthetic users per arm").fill("200000")
        page.get_by_role("button", name="Run the A/B test").click()
        page.wait_for_url(lambda url: "job=" in url and url != find_url)  # the simulation's own job
        job_url = page.url
        box = page.get_by_test_id("stExpander").filter(has_text="Simulating the A/B test")
        expect(box.first).to_contain_text("running…")
        # within one stage the page ticks: the running stage's seconds change between two polls
        page.wait_for_function(_TICKED, polling=250)
        box.first.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "30_job_ticking.png"))
        # the first stage ends and a later one runs: read from the job's record at each poll
        expect(page.get_by_role("row").filter(has_text="Loading events").first).to_contain_text("done")
        running = page.get_by_role("row").filter(has_text="running…").first
        expect(running).not_to_contain_text("Loading events")

        page.reload()  # the browser forgets everything; the URL names the job
        assert page.url == job_url
        expect(page.get_by_text("Simulating the A/B test:", exact=False).first).to_be_visible()
        expect(page.get_by_role("row").filter(has_text="Loading events").first).to_contain_text("done")
        _settled(page)
        page.get_by_role("button", name="Cancel").scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "25_job_restored_after_refresh.png"))
        page.get_by_role("button", name="Cancel").click()
        expect(page.get_by_text("Cancelled: nothing from this run was kept.")).to_be_visible()
        expect(page.get_by_text("Simulating the A/B test — cancelled")).to_be_visible()
        _settled(page)  # the whole page runs again once the job is final: its elements are redrawn
        expect(page.get_by_text("Cancelled: nothing from this run was kept.")).to_be_visible()
        assert page.get_by_role("button", name="Cancel").count() == 0
        assert page.get_by_test_id("stException").count() == 0
        page.get_by_text("Cancelled: nothing from this run was kept.").scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "26_job_cancelled.png"))
        browser.close()
