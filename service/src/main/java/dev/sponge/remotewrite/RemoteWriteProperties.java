package dev.sponge.remotewrite;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of {@code POST /api/v1/write} (Prometheus remote-write). A request over one is
 * refused with 413 and nothing of it is written; the other ingest limits
 * ({@code sponge.ingest.max-points-per-request}, the timestamp window, the tenant's
 * limits) apply as to {@code POST /api/v1/points}.
 *
 * @param maxBodySize largest request body, snappy-compressed as it is sent
 * @param maxDecompressedSize largest body once decompressed, as its snappy header
 * declares it: checked before anything is decompressed
 */
@Validated
@ConfigurationProperties("sponge.ingest.remote-write")
public record RemoteWriteProperties(@DefaultValue("8MB") @NotNull DataSize maxBodySize,
		@DefaultValue("32MB") @NotNull DataSize maxDecompressedSize) {
}
