from django.db import models, transaction


class Counter(models.Model):
    """A named global counter; rows are locked while incremented so values never repeat."""

    name = models.CharField(max_length=50, primary_key=True)
    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


def next_values(name: str, count: int = 1, *, start: int = 0) -> range:
    """Reserve ``count`` consecutive values of counter ``name``; unique under concurrency.

    The row lock (``select_for_update``) serialises concurrent callers on PostgreSQL;
    SQLite serialises writers by itself.
    """
    with transaction.atomic():
        Counter.objects.get_or_create(name=name, defaults={"value": start})
        counter = Counter.objects.select_for_update().get(name=name)
        first = counter.value + 1
        counter.value += count
        counter.save(update_fields=["value"])
    return range(first, first + count)
