"""OpenTelemetry: a tracer provider per process, OTLP export when an endpoint is configured."""

from __future__ import annotations

from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

_configured = False


def configure_tracing(*, service_name: str, version: str, otlp_endpoint: str | None) -> None:
    """Install the SDK tracer provider once; spans are exported only when OTLP is set.

    Without an exporter the SDK still creates real trace ids, so ``traceparent`` is honoured
    and every log line carries a trace id even when no collector is running.
    """
    global _configured
    if _configured:
        return
    provider = TracerProvider(
        resource=Resource.create({"service.name": service_name, "service.version": version})
    )
    if otlp_endpoint:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        endpoint = otlp_endpoint.rstrip("/") + "/v1/traces"
        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint)))
    trace.set_tracer_provider(provider)
    _configured = True
