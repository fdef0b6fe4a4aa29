package dev.sponge.limits;

import java.util.Arrays;
import java.util.Optional;

/**
 * One per-tenant limit. Every limit but {@link #QUERY_COST} holds per instance: a
 * tenant's allowance across the deployment is its limit times the number of instances its
 * traffic reaches. The query cost holds per query, wherever it runs.
 */
public enum TenantLimit {

	/** Points per second the tenant may write, on average. */
	INGEST_POINTS_PER_SECOND("ingest-points-per-second"),

	/** Points the tenant may write at once beyond its rate, after a quiet spell. */
	INGEST_BURST("ingest-burst"),

	/** Ingest requests (JSON or NDJSON) of the tenant in progress at once. */
	CONCURRENT_INGEST_REQUESTS("concurrent-ingest-requests"),

	/** Queries ({@code GET /points}, {@code GET /latest}) in progress at once. */
	CONCURRENT_QUERIES("concurrent-queries"),

	/**
	 * Rows (points, rollup rows, latest values) the tenant's queries may read from
	 * Cassandra per second, on average; a tenant quiet for a while may read ten seconds'
	 * worth at once.
	 */
	QUERY_POINTS_PER_SECOND("query-points-per-second"),

	/** Live streams ({@code /stream}) open at once. */
	LIVE_STREAMS("live-streams"),

	/**
	 * Cassandra partition reads one query (one page of it) may make, estimated before its
	 * first points or rollup read.
	 */
	QUERY_COST("query-cost"),

	/**
	 * Distinct series the tenant wrote through this instance within the last
	 * {@code sponge.series.catalogue-refresh} (its active series).
	 */
	ACTIVE_SERIES("active-series");

	private final String key;

	TenantLimit(String key) {
		this.key = key;
	}

	/** The limit's name in the API, the properties and problem types. */
	public String key() {
		return this.key;
	}

	/** The problem type of a refusal by this limit. */
	public String problemType() {
		return "urn:sponge:problem:limit:" + this.key;
	}

	static Optional<TenantLimit> ofKey(String key) {
		return Arrays.stream(values()).filter((limit) -> limit.key.equals(key)).findFirst();
	}

}
