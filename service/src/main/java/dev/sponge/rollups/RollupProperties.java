package dev.sponge.rollups;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Pre-computed rollups.
 *
 * @param enabled whether ingest keeps {@code rollup_1m} and {@code rollup_1h} up to date
 * and downsampled queries read them; switching it off and on again leaves the rollups of
 * points written meanwhile stale, so only switch it off for good (or rebuild)
 * @param recomputeConcurrency most rollup rows one ingest request (or NDJSON line)
 * recomputes at once
 */
@Validated
@ConfigurationProperties("sponge.rollups")
public record RollupProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("16") @Min(1) @Max(1024) int recomputeConcurrency) {
}
