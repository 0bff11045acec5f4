"""Secret-ballot benchmark: N voters (300 by default) cast their ballot at the same moment.
Prints the latency figures (p50, p95, max) and checks that every ballot is counted once and
that the tally equals a recount of the published receipts. Never run by the test suite.

    .venv/bin/python bench/assembly.py                    # 300 voters, SQLite
    .venv/bin/python bench/assembly.py --voters 100
    .venv/bin/python bench/assembly.py --postgres postgresql://postgres@127.0.0.1/bench

A fresh installation in a temporary MUNICIPIUM_VAR_DIR (SQLite there unless --postgres names
an empty, throw-away database); the ballots are cast through the service
(`associations.elections.ballot_cast`) from one thread per voter released by a barrier, each
thread on its own database connection — the contention is on the election's row lock and the
journal head, as in production; the HTTP layer is not measured.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voters", type=int, default=300)
    parser.add_argument("--postgres", default="")
    args = parser.parse_args()
    var = Path(tempfile.mkdtemp(prefix="municipium-bench-assembly-"))
    os.environ.update(
        {
            "MUNICIPIUM_VAR_DIR": str(var),
            "MUNICIPIUM_DEBUG": "false",
            "MUNICIPIUM_SECRET_KEY": "bench-only-not-a-secret-" + "x" * 40,
            "MUNICIPIUM_ALLOWED_HOSTS": "localhost",
            "MUNICIPIUM_SSL_REDIRECT": "false",
            "MUNICIPIUM_STATIC_MANIFEST": "false",
            "DJANGO_SETTINGS_MODULE": "municipium.settings",
        }
    )
    if args.postgres:
        os.environ["DATABASE_URL"] = args.postgres
    else:
        os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    try:
        return run(args.voters)
    finally:
        shutil.rmtree(var, ignore_errors=True)


def run(count: int) -> int:
    import django

    django.setup()
    from decimal import Decimal

    from django.core.management import call_command
    from django.db import close_old_connections, connection
    from django.utils import timezone

    from municipium.accounts.models import User
    from municipium.associations import elections, services
    from municipium.associations.models import Ballot, Voter
    from municipium.tenants import services as tenants

    call_command("migrate", verbosity=0)
    org = tenants.organisation_create(
        actor=None,
        slug="bench",
        name="Bench association",
        kind="association",
        country="BG",
        languages=["bg"],
    )
    category = services.category_save(organisation=org, actor=None, code="full", name="Full")
    users = []
    members = []
    for i in range(count):
        user = User.objects.create_user(
            email=f"voter{i}@example.org", password=None, full_name=f"Voter {i}"
        )
        member = services.member_add(
            organisation=org,
            actor=None,
            data=services.MemberData(
                kind="person",
                name=f"Voter {i:03d}",
                category=category,
                starts_on=timezone.localdate(),
                user=user,
            ),
        )
        services.payment_record(
            member=member,
            actor=None,
            year=timezone.localdate().year,
            amount=Decimal("1"),
            paid_on=timezone.localdate(),
        )
        users.append(user)
        members.append(member)
    body = services.body_create(organisation=org, actor=None, kind="board", name="Board")
    election = elections.election_create(
        body=body, actor=None, title="Board", seats=3, rule="plurality"
    )
    candidates = []
    for member in members[:5]:
        candidate = elections.candidate_nominate(election=election, actor=None, member=member)
        candidates.append(elections.candidate_accept(candidate=candidate, actor=None).pk)
    elections.election_open(election=election, actor=None)
    connection.close()

    barrier = threading.Barrier(count)
    timings: list[float] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def vote(index: int) -> None:
        try:
            choice = [candidates[index % 5], candidates[(index + 1) % 5]]
            barrier.wait()
            start = time.perf_counter()
            elections.ballot_cast(election=election, user=users[index], choices=choice)
            with lock:
                timings.append(time.perf_counter() - start)
        except BaseException as error:
            with lock:
                errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=vote, args=(i,)) for i in range(count)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    elections.election_close(election=election, actor=None)
    timings.sort()

    def pct(p: float) -> float:
        return timings[min(len(timings) - 1, int(p * len(timings)))] * 1000 if timings else 0.0

    ballots = Ballot.objects.filter(election=election).count()
    voted = Voter.objects.filter(election=election, has_voted=True).count()
    recount: Counter[int] = Counter()
    for choices in Ballot.objects.filter(election=election).values_list("choices", flat=True):
        recount.update(choices)
    tally = elections.tally(election)
    tally_counts = {line.candidate.pk: line.votes for line in tally.lines}
    print(f"database      {connection.vendor}")
    print(f"voters        {count}, errors {len(errors)}")
    print(f"wall time     {wall:.2f} s")
    print(f"latency ms    p50 {pct(0.5):.1f}  p95 {pct(0.95):.1f}  max {pct(1.0):.1f}")
    print(f"ballots       {ballots} stored, {voted} voters marked")
    ok = not errors and ballots == count == voted and dict(recount) == tally_counts
    print(f"tally equals the recount of the published receipts: {dict(recount) == tally_counts}")
    if errors:
        print("first error:", repr(errors[0]))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
