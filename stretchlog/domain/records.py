"""`Record`: typing.NamedTuple for the `status` fast path, without importing typing.

`stretchlog status` runs on every shell prompt, and importing typing (with the re module it pulls
in) costs a fifth of its time budget. Type checkers see typing.NamedTuple itself; at run time a
small metaclass builds the same collections.namedtuple from the class's annotations.
"""

from collections import namedtuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NamedTuple as Record
else:
    _NOT_COPIED = ("__annotations__", "__module__", "__qualname__", "__dict__", "__weakref__")

    class _RecordMeta(type):
        def __new__(mcls, name, bases, namespace):
            if not bases:
                return super().__new__(mcls, name, bases, namespace)
            fields = tuple(namespace.get("__annotations__", {}))
            defaults = tuple(namespace[field] for field in fields if field in namespace)
            record = namedtuple(name, fields, defaults=defaults, module=namespace["__module__"])
            record.__qualname__ = namespace.get("__qualname__", name)
            for key, value in namespace.items():
                if key not in fields and key not in _NOT_COPIED:
                    setattr(record, key, value)
            return record

    class Record(metaclass=_RecordMeta):
        """Subclass with annotated fields, as with typing.NamedTuple."""


__all__ = ["Record"]
