package dev.sponge.series;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.sponge.observability.SpongeMetrics;
import dev.sponge.series.SeriesCatalog.Crowded;
import dev.sponge.series.SeriesCatalog.Registration;
import dev.sponge.support.MovableClock;
import dev.sponge.tenancy.Tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The catalogue's admission of new series against a tenant's active-series limit: all in
 * memory, so no repository is needed.
 */
class SeriesCatalogAdmissionTest {

	private static final Duration REFRESH = Duration.ofHours(1);

	private final MovableClock clock = new MovableClock();

	private final SeriesCatalog catalog = new SeriesCatalog(null, null,
			new SeriesProperties(32, 1000, Duration.ofHours(1), REFRESH, 1000, 4, 100_000),
			new SpongeMetrics(new SimpleMeterRegistry()), this.clock);

	private final Tenant tenant = new Tenant("t1");

	@Test
	void seriesAlreadyActiveAreNeverRefusedNorCountedAgain() {
		assertThat(this.catalog.admit(this.tenant, series("a", "b", "c"), 3)).isEmpty();

		assertThat(this.catalog.admit(this.tenant, series("a", "b", "c"), 3)).isEmpty();
		assertThat(this.catalog.admit(this.tenant, series("c", "c"), 3)).isEmpty();
		assertThat(this.catalog.activeSeries(this.tenant)).isEqualTo(3);
	}

	@Test
	void aRequestThatWouldPassTheLimitIsRefusedWholeAndAnotherTenantIsNotAffected() {
		assertThat(this.catalog.admit(this.tenant, series("a", "b"), 3)).isEmpty();

		Crowded crowded = this.catalog.admit(this.tenant, series("a", "c", "d"), 3).orElseThrow();

		assertThat(crowded.active()).isEqualTo(2);
		assertThat(crowded.adding()).isEqualTo(2);
		assertThat(crowded.retryAfter()).isPositive().isLessThanOrEqualTo(REFRESH);
		assertThat(this.catalog.activeSeries(this.tenant)).isEqualTo(2);
		assertThat(this.catalog.admit(this.tenant, series("c"), 3)).as("c was not admitted by the refused request")
			.isEmpty();
		assertThat(this.catalog.admit(new Tenant("t2"), series("a", "b", "c"), 3)).isEmpty();
	}

	@Test
	void seriesStopBeingActiveWithinTheRefreshAndThenCountAgain() {
		assertThat(this.catalog.admit(this.tenant, series("a", "b"), 2)).isEmpty();
		assertThat(this.catalog.admit(this.tenant, series("c"), 2)).isPresent();

		this.clock.advance(REFRESH);

		assertThat(this.catalog.activeSeries(this.tenant)).isZero();
		assertThat(this.catalog.admit(this.tenant, series("c"), 2)).isEmpty();
		assertThat(this.catalog.admit(this.tenant, series("a"), 2)).isEmpty();
		assertThat(this.catalog.admit(this.tenant, series("b"), 2)).as("a and c are active again").isPresent();
	}

	@Test
	void aSeriesStaysActiveForAtLeastThreeQuartersOfTheRefresh() {
		assertThat(this.catalog.admit(this.tenant, series("a", "b"), 2)).isEmpty();

		this.clock.advance(REFRESH.multipliedBy(3).dividedBy(4).minusMillis(1));

		assertThat(this.catalog.admit(this.tenant, series("a", "b"), 2)).isEmpty();
		assertThat(this.catalog.admit(this.tenant, series("c"), 2)).isPresent();
	}

	@Test
	void seriesTheCacheForgetsToStayWithinItsSizeLeaveTheCount() {
		SeriesCatalog small = new SeriesCatalog(null, null,
				new SeriesProperties(32, 2, Duration.ofHours(1), REFRESH, 1000, 4, 100_000),
				new SpongeMetrics(new SimpleMeterRegistry()), this.clock);

		assertThat(small.admit(this.tenant, series("a", "b", "c", "d"), 10)).isEmpty();

		// The cache evicts in its own maintenance, which may run on another thread.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(small.activeSeries(this.tenant)).isEqualTo(2));
	}

	private static List<Registration> series(String... metrics) {
		return Arrays.stream(metrics).map((metric) -> {
			SeriesKey key = SeriesKey.of(metric, Map.of("site", "lab"));
			return new Registration(key, key.id(), new int[] { 20417 });
		}).toList();
	}

}
