package dev.sponge.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriBuilder;

import dev.sponge.support.Api;
import dev.sponge.support.CassandraRequests;
import dev.sponge.support.IntegrationTest;
import dev.sponge.support.Tokens;

import static dev.sponge.support.Api.series;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code query-cost} limit through the real service, Cassandra node and issuer: a
 * query whose plan spans more partitions than its tenant's budget is refused with a 400
 * before its first points read, counted with the service's own driver metrics; the same
 * query runs at its budget, once an ADMIN raises it, and for another tenant.
 */
@IntegrationTest
class QueryCostIntegrationTest {

	/** 2025-11-01T00:00:00Z. */
	private static final long DAY0 = 1761955200000L;

	private static final long DAY = 86_400_000L;

	private static final int SERIES = 40;

	private static final int DAYS = 31;

	/**
	 * A raw query of every series over the 31 days: the catalogue partition plus one
	 * partition per series and day.
	 */
	private static final long RAW_ESTIMATE = 1 + SERIES * DAYS;

	private final WebTestClient client;

	private final Api api;

	private final CassandraRequests requests;

	private final String tenant = Tokens.uniqueTenant();

	private final String admin = Tokens.withGroups(this.tenant, "sponge-admin");

	private final String otherTenant = Tokens.writerReader(Tokens.uniqueTenant());

	QueryCostIntegrationTest(@Autowired WebTestClient client, @Autowired MeterRegistry meters) {
		this.client = client;
		this.api = new Api(client.mutate().codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(4 << 20)).build());
		this.requests = new CassandraRequests(meters);
	}

	@Test
	void aQueryOverItsTenantsBudgetIsRefusedWith400BeforeAnyPointsReadWhileAnotherTenantRunsIt() {
		write(this.admin);
		write(this.otherTenant);
		setQueryCost(RAW_ESTIMATE - 1);
		this.requests.awaitQuiet();

		double before = this.requests.count();
		this.api.get(this.admin, "/api/v1/points", raw(DAYS))
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.doesNotExist("Retry-After")
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:sponge:problem:limit:query-cost")
			.jsonPath("$.limit")
			.isEqualTo("query-cost")
			.jsonPath("$.value")
			.isEqualTo(RAW_ESTIMATE - 1)
			.jsonPath("$.estimate")
			.isEqualTo(RAW_ESTIMATE)
			.jsonPath("$.inUse")
			.isEqualTo(RAW_ESTIMATE)
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("shorter range").contains("fewer series"));
		double spent = this.requests.count() - before;

		// The catalogue partition, and no points partition: one per series and day would
		// be over a thousand, one per series forty.
		assertThat(spent).as("Cassandra requests of the refused query").isLessThan(SERIES / 2.0);
		assertThat(seriesOf(this.otherTenant, raw(DAYS))).hasSize(SERIES);
	}

	@Test
	void theQueryRunsAtItsBudgetOnceAnAdminRaisesItAndAShorterOneJustUnderIt() {
		write(this.admin);
		setQueryCost(RAW_ESTIMATE - 1);
		this.api.get(this.admin, "/api/v1/points", raw(DAYS)).expectStatus().isBadRequest().expectBody(Void.class);
		// Thirty days: 1 + 40 x 30 = 1201 partitions, within 1240.
		List<Map<String, Object>> shorter = seriesOf(this.admin, raw(DAYS - 1));
		assertThat(shorter).hasSize(SERIES).allSatisfy((s) -> assertThat((List<?>) s.get("points")).hasSize(DAYS - 1));

		setQueryCost(RAW_ESTIMATE);
		List<Map<String, Object>> all = seriesOf(this.admin, raw(DAYS));
		assertThat(all).hasSize(SERIES).allSatisfy((s) -> assertThat((List<?>) s.get("points")).hasSize(DAYS));
	}

	@Test
	void groupByPercentilesOverFourHundredDaysAreRefusedByTheDefaultBudgetWhileHourlyAveragesFromRollupsRun() {
		write(this.admin);
		// Percentiles read the raw points: 40 series x 400 days, over the default of
		// 10,000.
		this.api.get(this.admin, "/api/v1/points", hourlyBySiteOver400Days("p99"))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:sponge:problem:limit:query-cost")
			.jsonPath("$.value")
			.isEqualTo(10000)
			.jsonPath("$.estimate")
			.isEqualTo(1 + SERIES * 400)
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("coarser step"));

		// Averages read hour rollups: a month of them is one partition per series.
		this.api.get(this.admin, "/api/v1/points", hourlyBySiteOver400Days("avg,count"))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.series.length()")
			.isEqualTo(2)
			.jsonPath("$.series[0].rows.length()")
			.isEqualTo(DAYS);
	}

	/** One point a day at noon for 31 days, of 40 series on two sites. */
	private void write(String token) {
		List<Map<String, Object>> body = new ArrayList<>();
		for (int s = 0; s < SERIES; s++) {
			List<List<Number>> points = new ArrayList<>();
			for (int d = 0; d < DAYS; d++) {
				points.add(List.of(DAY0 + d * DAY + DAY / 2, (double) d));
			}
			body.add(series("load", Map.of("site", "s" + (s % 2), "device", "d" + s), points));
		}
		this.api.ingested(token, body);
	}

	/** A raw query of every series over the first {@code days} days, in one page. */
	private static Consumer<UriBuilder> raw(int days) {
		return (q) -> q.queryParam("metric", "load")
			.queryParam("from", DAY0)
			.queryParam("to", DAY0 + days * DAY)
			.queryParam("limit", 10000);
	}

	/** {@code agg} per hour and site over the 400 days up to the end of the data. */
	private static Consumer<UriBuilder> hourlyBySiteOver400Days(String agg) {
		long to = DAY0 + DAYS * DAY;
		return (q) -> q.queryParam("metric", "load")
			.queryParam("from", to - 400 * DAY)
			.queryParam("to", to)
			.queryParam("step", "1h")
			.queryParam("agg", agg)
			.queryParam("group_by", "site")
			.queryParam("limit", 10000);
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> seriesOf(String token, Consumer<UriBuilder> query) {
		Map<String, Object> page = this.api.points(token, query);
		assertThat(page.get("next")).isNull();
		return (List<Map<String, Object>>) page.get("series");
	}

	private void setQueryCost(long budget) {
		this.client.put()
			.uri("/api/v1/limits")
			.headers(Api.bearer(this.admin))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"query-cost\": " + budget + "}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.limits['query-cost']")
			.isEqualTo(budget);
	}

}
