package dev.sponge.query;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of the read endpoints; a request beyond one gets a 400 that names it.
 *
 * @param defaultRange range read when {@code from} is not given ({@code to} defaults to
 * now)
 * @param maxRange longest {@code from}..{@code to} range of a raw points query
 * @param defaultLimit points (or series, metrics) per page when {@code limit} is not
 * given
 * @param maxLimit largest {@code limit} a client may ask for
 * @param maxSeries most series one query may match
 */
@Validated
@ConfigurationProperties("sponge.query")
public record QueryProperties(@DefaultValue("1h") @NotNull Duration defaultRange,
		@DefaultValue("31d") @NotNull Duration maxRange, @DefaultValue("1000") @Min(1) int defaultLimit,
		@DefaultValue("10000") @Min(1) int maxLimit, @DefaultValue("1000") @Min(1) int maxSeries) {

	/** The page size a request asks for, checked against {@link #maxLimit()}. */
	public int limit(Integer requested) {
		if (requested == null) {
			return Math.min(this.defaultLimit, this.maxLimit);
		}
		if (requested < 1 || requested > this.maxLimit) {
			throw dev.sponge.problem.ApiProblem
				.badRequest("limit must be between 1 and " + this.maxLimit + " (sponge.query.max-limit)");
		}
		return requested;
	}

}
