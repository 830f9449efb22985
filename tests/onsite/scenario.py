"""The door scenario, for any backend: two devices, 50 scans of 20 people, sent twice."""

import random

from tests.onsite import helpers
from tests.registration.concurrency import run_together


def two_devices_send_twice(app) -> dict:
    """Each device posts its scans in shuffled batches, then all of them again,
    both devices at once (threads, real connections). Returns the answers.

    Runs in an app context of `app` (the test's)."""
    world = helpers.door_world()
    scans = helpers.fifty_scans(world)
    slug, token = world["meeting"].slug, world["token"]
    by_device = {
        key: [s for s in scans if s["device"] == key] for key in world["devices"]
    }
    answers: list[dict] = []

    def device_job(key: str, seed: int):
        def job():
            rng = random.Random(seed)
            client = app.test_client()
            for _round in range(2):
                mine = list(by_device[key])
                rng.shuffle(mine)
                for batch in helpers.batches(mine, rng):
                    response = client.post(
                        f"/api/v1/meetings/{slug}/checkins",
                        json=batch,
                        headers={"Authorization": f"Bearer {token}"},
                    )
                    assert response.status_code == 200, response.get_json()
                    answers.extend(response.get_json()["results"])

        return job

    errors = run_together(
        app, [device_job(key, seed) for seed, key in enumerate(world["devices"])]
    )
    per_day = helpers.checkins_per_day()
    return {"errors": errors, "answers": answers, "per_day": per_day}


def assert_twenty_and_thirty(outcome: dict) -> None:
    assert outcome["errors"] == []
    answers = outcome["answers"]
    assert len(answers) == 100  # 50 scans, each sent twice
    assert [a for a in answers if a["status"] == "refused"] == []
    first = [a for a in answers if not a["replayed"]]
    assert len(first) == 50
    assert sum(a["status"] == "checked_in" for a in first) == 20
    assert sum(a["status"] == "already_checked_in" for a in first) == 30
    assert all(a["replayed"] for a in answers if a not in first)
    assert outcome["per_day"] == {"2027-06-01": 20}
    duplicate = next(a for a in first if a["status"] == "already_checked_in")
    assert duplicate["message"].startswith("Already checked in at ")
    assert " by device " in duplicate["message"]
