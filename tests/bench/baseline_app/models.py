"""The check-in's plain twin: the same kinds of columns, no encryption, chain, audit or outbox."""

from django.conf import settings
from django.db import models

from hotelcompliance.tenancy import Property


class BaselineRegistration(models.Model):
    property = models.ForeignKey(Property, on_delete=models.PROTECT, related_name="+")
    guest_name = models.CharField(max_length=200, blank=True)
    address = models.CharField(max_length=300, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    id_type = models.CharField(max_length=20, blank=True)
    id_number = models.CharField(max_length=64, blank=True)
    room = models.CharField(max_length=16, blank=True)
    adults = models.PositiveSmallIntegerField(default=1)
    minors = models.PositiveSmallIntegerField(default=0)
    arrival = models.DateTimeField()
    expected_departure = models.DateField()
    rate = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    rate_type = models.CharField(max_length=10, blank=True)
    amount_charged = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    payment_method = models.CharField(max_length=10, blank=True)
    receipt_number = models.CharField(max_length=64, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["property", "-arrival"], name="bench_baseline_arrival")]

    def __str__(self) -> str:
        return f"Baseline registration {self.pk}"
