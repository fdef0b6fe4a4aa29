package dev.sponge.ingest;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Admission of ingest requests by one instance. The driver's throttler bounds what is
 * asked of Cassandra, but a JSON body is held in memory while it is parsed and written,
 * so the number of ingest requests in progress bounds this instance's heap: at most
 * {@code maxConcurrentRequests} times {@code sponge.ingest.max-json-body-size}. Beyond
 * it, requests are refused at once with 503 and {@code Retry-After}, before their body is
 * read.
 *
 * @param maxConcurrentRequests ingest requests (JSON or NDJSON) in progress at once
 * @param retryAfter what a refused client is told to wait before retrying
 */
@Validated
@ConfigurationProperties("sponge.ingest.admission")
public record IngestAdmissionProperties(@DefaultValue("64") @Min(1) int maxConcurrentRequests,
		@DefaultValue("1s") @NotNull Duration retryAfter) {
}
