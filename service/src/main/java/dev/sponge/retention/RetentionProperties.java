package dev.sponge.retention;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How each instance caches tenant settings.
 *
 * @param refresh how long an instance uses the settings it read before reading them
 * again: a retention change or a series delete made through another instance takes effect
 * here within this time
 * @param cacheSize tenants whose settings each instance keeps in memory
 */
@Validated
@ConfigurationProperties("sponge.retention")
public record RetentionProperties(@DefaultValue("30s") @NotNull Duration refresh,
		@DefaultValue("100000") @Min(1) int cacheSize) {
}
