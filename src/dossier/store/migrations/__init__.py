"""Alembic migrations of the Dossier store, run by :class:`dossier.store.Store` on open.

There is no ``alembic.ini``: :func:`dossier.store.store.alembic_config` builds the
configuration in code. To add a revision for a new table, from the repository root::

    python -c "from alembic import command; from dossier.store.store import alembic_config; \\
    command.revision(alembic_config(), 'add actors', rev_id='0002')"

then write its ``upgrade()`` with ``op.create_table`` and add the table to ``schema.py``.
"""
