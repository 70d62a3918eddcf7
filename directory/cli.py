"""Command line of the directory: ``flask --app portal directory sync [--dry-run]``."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from portal.extensions import db
from portal.timeutil import utcnow

directory_cli = AppGroup("directory", help="Annuaire d'entreprise (LDAP / Active Directory).")


@directory_cli.command("sync")
@click.option("--dry-run", is_flag=True, help="Montrer ce qui changerait, sans rien écrire.")
def sync_command(dry_run):
    """Sync accounts, entities and managers from the directory now."""
    from directory.ldap import DirectoryError
    from directory.models import SyncStatus, get_settings, list_runs
    from directory.runs import execute_run, make_source, queue_run, sync_directory

    settings = get_settings()
    if settings is None or not settings.is_configured:
        raise click.ClickException("Aucun annuaire n'est configuré (Administration › Annuaire).")
    # The directory does not say how many entries a search will return: the last run does.
    last = next((run for run in list_runs(20) if run.status == SyncStatus.DONE), None)
    with click.progressbar(length=max(last.read if last else 0, 1),
                           label="Lecture de l'annuaire", show_pos=True) as bar:
        def on_read(_count: int) -> None:
            bar.update(1)

        if dry_run:
            try:
                figures = sync_directory(settings, make_source(settings), utcnow(), on_read)
            except DirectoryError as error:
                raise click.ClickException(f"Annuaire injoignable : {error}") from error
            finally:
                db.session.rollback()  # a dry run writes nothing
        else:
            run = queue_run(None, utcnow())
            db.session.commit()
            run = execute_run(run, utcnow, on_read)
    if not dry_run and run.status == SyncStatus.FAILED:
        raise click.ClickException(run.messages[0])
    figures = figures if dry_run else run
    for message in figures.messages[:20]:
        click.echo(f"  {message}")
    prefix = "Simulation (rien n'est écrit)" if dry_run else "Annuaire synchronisé"
    click.echo(f"{prefix} : {figures.created} créé(s), {figures.updated} mis à jour, "
               f"{figures.disabled} désactivé(s), {figures.unchanged} inchangé(s), "
               f"{figures.errors} erreur(s), {figures.conflicts} conflit(s).")


def register(app: Flask) -> None:
    app.cli.add_command(directory_cli)
