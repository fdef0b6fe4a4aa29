package dev.sponge.series;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on series identity and the catalogue.
 *
 * @param maxTags most tags one series may carry
 * @param registryCacheSize series ids each instance remembers as already registered, so
 * the catalogue is written once per series and instance rather than once per request
 */
@Validated
@ConfigurationProperties("sponge.series")
public record SeriesProperties(@DefaultValue("32") @Min(0) @Max(256) int maxTags,
		@DefaultValue("100000") @Min(0) int registryCacheSize) {
}
