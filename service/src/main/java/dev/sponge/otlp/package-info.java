/**
 * OpenTelemetry metrics: {@code POST /api/otlp/v1/metrics} (OTLP/HTTP, protobuf and JSON,
 * gzip or not), mapping gauges, sums and histograms to series points for the shared
 * ingest path.
 */
package dev.sponge.otlp;
