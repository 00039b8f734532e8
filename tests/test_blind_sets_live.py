"""The behaviour sets, judged by the shared black-box yardstick (../shared/tools/behave.py).

Runs behave.py against the live bot for the dev set and every set in tests/eval/, prints each
pass rate (they are the figures the README quotes), and fails below a floor. The blind sets were
written without sight of data/nlu/ and are never trained on (tests/test_nlu_data.py); the floors
sit a little under today's figures so a regression fails, not a case or two of noise.

    tests/eval/forum_cases.yml          337 forum-style cases (blind; its failures were studied)
    tests/eval/holdout_forum_cases.yml  335 forum-style cases (blind; never tuned to)
    tests/eval/generalisation_cases.yml 231 short cases (blind)
    tests/eval/fresh_forum_cases.yml    320 cases written last (2026-11-30), measured once, never tuned to
    tests/eval/tuning_cases.yml         320 cases written to tune two-part, follow-up and other
                                        kinds against: not blind, its figure is not a claim
    tests/eval/blind_a_cases.yml        375 forum and pharmacy cases, written blind on 2026-11-30;
                                        first 92.0%, then studied: no longer a claim
    tests/eval/blind_b_cases.yml        357 carer, two-part, negated and follow-up cases, written
                                        blind on 2026-11-30; first 90.8%, then studied
    tests/eval/blind_c_cases.yml        376 forum-style cases, written blind on 2026-11-30 and first
                                        measured at the end of that session (94.7%)
    tests/eval/blind_d_cases.yml        408 carer, two-part, follow-up and language cases, likewise
                                        (89.5%); its two emergency misses were then fixed, and its
                                        failure kinds studied
    tests/eval/blind_e_cases.yml        461 forum and carer cases, written blind on 2026-11-30 (second
                                        session) and first measured at 95.2% (44/45 emergencies);
                                        its emergency and urgent misses were then fixed
    tests/eval/blind_f_cases.yml        470 two-part, negated, follow-up and indirect-emergency cases,
                                        likewise (96.4%, 52/54 emergencies), then studied
    tests/eval/blind_g_cases.yml        358 mixed helpline cases, written blind after those fixes and
                                        measured once (96.6%), never tuned to
    tests/eval/blind_h_cases.yml        362 carer and pharmacy-counter cases, likewise (95.3%)
    tests/eval/blind_i_cases.yml        399 messaging-app cases, written blind on 2026-11-30 (third
                                        session) and first measured at 97.2%, then studied
    tests/eval/blind_j_cases.yml        386 forum and pharmacy cases, likewise (95.9%, 39/42
                                        emergencies at first), then studied
    tests/eval/blind_k_cases.yml        387 carer cases, written blind after the I/J fixes and first
                                        measured at 97.9%
    tests/eval/blind_l_cases.yml        386 two-part, negated, shorthand and follow-up cases, likewise
                                        (93.0%, 42/43 emergencies), then studied
    tests/eval/blind_m_cases.yml        397 mixed helpline cases, written blind after the K/L fixes
                                        and first measured at 96.7% (42/43 emergencies), then studied
    tests/eval/blind_n_cases.yml        392 compact, compound and shorthand cases, likewise (94.1%,
                                        39/42 emergencies), then studied
    tests/eval/blind_o_cases.yml ... blind_v_cases.yml: eight sets written blind on 2026-11-30
                                        (fourth session), in pairs, each measured once before it was
                                        read: O 98.0%, P 95.7%, Q 97.7%, R 97.0% (386/398), S 96.5%,
                                        T 97.7%, U 98.5%, V 98.5%; then studied. Three other-language
                                        lines equal to training examples were dropped (O, Q, S)

The sets run side by side (WORKERS behave.py processes against the one live bot), so the
tier takes about half the time it would one after another; each set is still its own test.
"""

from __future__ import annotations

import re
import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Dict, Iterator

import pytest

from tests.support.project import ROOT

BEHAVE = ROOT.parent / "shared" / "tools" / "behave.py"
FIGURE = re.compile(r"behaviour: (\d+)/(\d+) cases pass")
EMERGENCY = re.compile(r"^\s+emergency\s+(\d+)/(\d+)$", re.M)

# set -> the lowest pass rate accepted
FLOORS = {
    ROOT.parent / "shared" / "eval" / "dev_cases.yml": 1.0,
    ROOT / "tests" / "eval" / "generalisation_cases.yml": 0.98,
    ROOT / "tests" / "eval" / "forum_cases.yml": 0.95,
    ROOT / "tests" / "eval" / "holdout_forum_cases.yml": 0.95,
    ROOT / "tests" / "eval" / "fresh_forum_cases.yml": 0.94,
    ROOT / "tests" / "eval" / "tuning_cases.yml": 0.96,
    ROOT / "tests" / "eval" / "blind_a_cases.yml": 0.97,
    ROOT / "tests" / "eval" / "blind_b_cases.yml": 0.96,
    ROOT / "tests" / "eval" / "blind_c_cases.yml": 0.95,
    ROOT / "tests" / "eval" / "blind_d_cases.yml": 0.95,
    ROOT / "tests" / "eval" / "blind_e_cases.yml": 0.94,
    ROOT / "tests" / "eval" / "blind_f_cases.yml": 0.95,
    ROOT / "tests" / "eval" / "blind_g_cases.yml": 0.95,
    ROOT / "tests" / "eval" / "blind_h_cases.yml": 0.93,
    ROOT / "tests" / "eval" / "blind_i_cases.yml": 0.97,
    ROOT / "tests" / "eval" / "blind_j_cases.yml": 0.97,
    ROOT / "tests" / "eval" / "blind_k_cases.yml": 0.96,
    ROOT / "tests" / "eval" / "blind_l_cases.yml": 0.93,
    ROOT / "tests" / "eval" / "blind_m_cases.yml": 0.96,
    ROOT / "tests" / "eval" / "blind_n_cases.yml": 0.95,
    ROOT / "tests" / "eval" / "blind_o_cases.yml": 0.96,
    ROOT / "tests" / "eval" / "blind_p_cases.yml": 0.97,
    ROOT / "tests" / "eval" / "blind_q_cases.yml": 0.97,
    ROOT / "tests" / "eval" / "blind_r_cases.yml": 0.97,
    ROOT / "tests" / "eval" / "blind_s_cases.yml": 0.96,
    ROOT / "tests" / "eval" / "blind_t_cases.yml": 0.97,
    ROOT / "tests" / "eval" / "blind_u_cases.yml": 0.97,
    ROOT / "tests" / "eval" / "blind_v_cases.yml": 0.97,
}
# behave.py processes at once: each waits on the bot most of the time, so three keep two cores busy.
WORKERS = 3


def _behave(cases: Path, url: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(BEHAVE), str(cases), "--url", url], capture_output=True, text=True, timeout=1800
    )


@pytest.fixture(scope="module")
def behave_runs(live_bot) -> Iterator[Dict[Path, "Future[subprocess.CompletedProcess]"]]:
    """Every set's behave.py run, started together on first use; a test waits for its own."""
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        yield {cases: pool.submit(_behave, cases, live_bot.url) for cases in FLOORS if cases.exists()}


@pytest.mark.live
@pytest.mark.slow
@pytest.mark.parametrize("cases", list(FLOORS), ids=[p.stem for p in FLOORS])
def test_the_behaviour_set_passes_at_least_its_floor(behave_runs, cases, capsys) -> None:
    assert BEHAVE.exists(), f"{BEHAVE} is missing: the yardstick lives in ../shared"
    assert cases.exists(), f"{cases} is missing"
    run = behave_runs[cases].result()
    found = FIGURE.search(run.stdout)
    assert found, f"behave.py printed no figure (exit {run.returncode}):\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}"
    passed, total = int(found.group(1)), int(found.group(2))
    with capsys.disabled():
        print(f"\n  {cases.name}: {passed}/{total} cases pass ({passed / total:.1%})")
    emergencies = EMERGENCY.search(run.stdout)
    if emergencies:
        assert emergencies.group(1) == emergencies.group(2), f"an emergency case failed in {cases.name}"
    assert passed / total >= FLOORS[cases], run.stdout[-4000:]
