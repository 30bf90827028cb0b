"""When the nightly run runs: a Prefect deployment on a cron schedule in Moscow time.

The Russian Ministry of Defence posts its overnight figures between about 07:00 and
08:00 Moscow time and governors post through the morning, so the run starts at 08:30;
with ``day_bulletins`` it also runs at 14:30 and 20:30, after the ministry's daytime
bulletins. ``prefect.yaml`` at the top of the repository declares the same schedules for
teams that run a Prefect server and workers; a test keeps the two in step.
"""

from __future__ import annotations

from pathlib import Path

TIMEZONE = "Europe/Moscow"
MORNING_CRON = "30 8 * * *"
DAY_BULLETINS_CRON = "30 8,14,20 * * *"
DEPLOYMENT_NAME = "nightly"
FLOW_ENTRYPOINT = "flows/nightly.py:nightly"


def cron_for(day_bulletins: bool = False) -> str:
    return DAY_BULLETINS_CRON if day_bulletins else MORNING_CRON


def build_deployment(
    sources_file: Path | str,
    warehouse: Path | str,
    *,
    day_bulletins: bool = False,
    name: str = DEPLOYMENT_NAME,
):
    """The nightly flow as a ``RunnerDeployment`` on its cron schedule (nothing is started:
    :func:`serve` runs it). Paths are made absolute, since the runner may run elsewhere; a
    catalog name (``real:regional``) is kept as a name."""
    from prefect.schedules import Cron

    from flows.nightly import nightly
    from intercepts.catalog import sources_parameter

    return nightly.to_deployment(
        name=name,
        schedules=[Cron(cron_for(day_bulletins), timezone=TIMEZONE)],
        parameters={
            "sources_file": sources_parameter(sources_file),
            "warehouse": str(Path(warehouse).resolve()),
        },
        description="Fetch every source, land, extract and build the marts; exports and report.html after each run.",
        tags=["intercepts"],
    )


def serve(deployment) -> None:  # pragma: no cover - blocks until interrupted
    """Register the deployment with the Prefect API and run it on schedule until Ctrl-C."""
    from prefect import serve as prefect_serve

    prefect_serve(deployment)
