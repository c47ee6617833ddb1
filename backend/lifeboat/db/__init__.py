"""Database access: the Piccolo engine over asyncpg, the tables registry and migrations."""
