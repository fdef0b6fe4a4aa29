package dev.sponge.otlp;

import java.util.List;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * OTLP/HTTP metrics ingest ({@code POST /api/otlp/v1/metrics}). A body over a size limit
 * is refused with 413 and nothing of it is written; the other ingest limits
 * ({@code sponge.ingest.max-points-per-request}, the timestamp window,
 * {@code sponge.series.max-tags}, the tenant's limits) apply as to
 * {@code POST /api/v1/points}.
 *
 * @param maxBodySize largest request body as it is sent (gzip-compressed or not)
 * @param maxDecompressedSize largest body once gzip-decompressed; decompression stops as
 * soon as it is exceeded
 * @param resourceAttributes resource attributes that become tags of every series of their
 * resource, under the attribute's own name (any other resource attribute is dropped, so
 * an SDK's dozens of host and process attributes cannot multiply series)
 * @param scopeAttributes instrumentation scope attributes that become tags, likewise;
 * none by default
 */
@Validated
@ConfigurationProperties("sponge.ingest.otlp")
public record OtlpProperties(@DefaultValue("8MB") @NotNull DataSize maxBodySize,
		@DefaultValue("32MB") @NotNull DataSize maxDecompressedSize, @DefaultValue( {
				"service.name", "service.namespace", "service.instance.id" }) @NotNull List<String> resourceAttributes,
		@DefaultValue @NotNull List<String> scopeAttributes){
}
