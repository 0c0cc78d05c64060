"""Many rows in one INSERT, for the tests that show a page costs the same at any size."""


def in_bulk(factory_class, rows):
    """Save one `factory_class` row per dict in `rows` with a single bulk_create: the factory's defaults, but no
    save() per row (so no per-row signals). Returns the saved rows."""
    built = [factory_class.build(**row) for row in rows]
    return type(built[0]).objects.bulk_create(built) if built else []
