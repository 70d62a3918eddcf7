"""Command line of the indicators: ``flask --app portal indicators rebuild|refresh``."""

from __future__ import annotations

import time

import click
from flask import Flask
from flask.cli import AppGroup

from portal.extensions import db
from portal.timeutil import utcnow

indicators_cli = AppGroup("indicators", help="Indicateurs : reconstruction des agrégats.")


@indicators_cli.command("rebuild")
def rebuild_command():
    """Recompute every rollup from the requests, with a progress bar."""
    from indicators.refresh import rebuild

    started = time.perf_counter()
    with click.progressbar(length=1, label="Agrégats des indicateurs", show_pos=True,
                           item_show_func=lambda step: step or "") as bar:
        def progress(done: int, total: int, step: str) -> None:
            bar.length = max(total, 1)
            bar.update(done - bar.pos, {"facts": "demandes", "rollups": "sommes",
                                        "done": "terminé"}.get(step, step))

        counts = rebuild(utcnow(), progress)
    db.session.commit()
    click.echo(f"Indicateurs reconstruits : {counts['requests']} demandes lues, "
               f"{counts['facts']} retenues, {counts['months']} fins de mois d'encours, "
               f"en {time.perf_counter() - started:.1f} s.")


@indicators_cli.command("refresh")
def refresh_command():
    """Count the requests changed since the last refresh into the rollups."""
    from indicators.refresh import refresh

    counts = refresh(utcnow())
    db.session.commit()
    click.echo(f"Indicateurs à jour : {counts['requests']} demandes relues.")


def register(app: Flask) -> None:
    app.cli.add_command(indicators_cli)
