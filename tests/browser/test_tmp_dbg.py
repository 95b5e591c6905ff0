def test_dbg(db):
    from django.db import connections
    c = connections["default"]
    print("\nDBG plain", id(c), hasattr(c, "_test_serialized_contents"), id(connections._connections), connections._connections._data.get(None) and id(connections._connections._data.get()))
