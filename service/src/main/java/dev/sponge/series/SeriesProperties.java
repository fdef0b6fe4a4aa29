package dev.sponge.series;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on series identity, the catalogue and deletes.
 *
 * @param maxTags most tags one series may carry
 * @param registryCacheSize series ids (and series days) each instance remembers as
 * already registered, so the catalogue is written once per series and instance rather
 * than once per request; a series delete anywhere makes every instance forget its entries
 * of that tenant within {@code sponge.retention.refresh}
 * @param dayIndexRefresh how long an instance trusts that it wrote a series' day to the
 * {@code series_days} index before writing it again; at most a day, which keeps the index
 * row (TTL: retention plus a day) alive as long as the points of that day
 * @param catalogueRefresh how long an instance trusts that it wrote a series' catalogue
 * row (and its metric row) before writing them again with the series' next points; at
 * most a day. Catalogue rows carry the retention plus twice this as their TTL, so a
 * series that keeps receiving points stays in the catalogue and one that stopped leaves
 * it at most that long after its last write
 * @param maxDeleteSeries most series one delete request may remove; more matches are a
 * 400 naming this property
 * @param deleteConcurrency series one delete request removes at once
 * @param maxScanRows most rows of a metric's catalogue (or latest values) one request
 * reads to find the series its tag filters match, since tags are matched in the service:
 * a query or delete that would read more is a 400 naming this property, a {@code /series}
 * page stops there and returns a cursor to go on from
 */
@Validated
@ConfigurationProperties("sponge.series")
public record SeriesProperties(@DefaultValue("32") @Min(0) @Max(256) int maxTags,
		@DefaultValue("100000") @Min(0) int registryCacheSize,
		@DefaultValue("1h") @NotNull @DurationMin(seconds = 1) @DurationMax(days = 1) Duration dayIndexRefresh,
		@DefaultValue("1h") @NotNull @DurationMin(seconds = 1) @DurationMax(days = 1) Duration catalogueRefresh,
		@DefaultValue("1000") @Min(1) @Max(100000) int maxDeleteSeries,
		@DefaultValue("4") @Min(1) @Max(64) int deleteConcurrency,
		@DefaultValue("100000") @Min(1) @Max(Integer.MAX_VALUE - 1) int maxScanRows) {
}
