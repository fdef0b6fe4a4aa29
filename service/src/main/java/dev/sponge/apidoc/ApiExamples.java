package dev.sponge.apidoc;

/**
 * Parameter descriptions and example bodies the controllers share in their OpenAPI
 * annotations (constants, since annotation values must be).
 */
public final class ApiExamples {

	/** The {@code metric} parameter. */
	public static final String METRIC = "Metric name, e.g. room.temperature";

	/** The repeatable {@code tag} parameter. */
	public static final String TAG = "Repeatable tag filter, all must match: key:value, key:v1|v2 (any of) or key:* "
			+ "(key present)";

	/** The {@code cursor} parameter. */
	public static final String CURSOR = "The next value of the previous page, with the same other parameters";

	/** The {@code limit} parameter of the discovery endpoints. */
	public static final String LIMIT = "Items per page, 1 to sponge.query.max-limit (10000); default 1000";

	/** An ingest body. */
	public static final String INGEST_BODY = """
			[{"metric": "room.temperature", "tags": {"site": "lab", "room": "1.02"},
			  "points": [[1764057600000, 21.5], ["2025-11-25T08:00:10Z", 21.7]]}]""";

	/** An NDJSON ingest body. */
	public static final String INGEST_NDJSON = """
			{"metric": "room.temperature", "tags": {"site": "lab"}, "points": [[1764057600000, 21.5]]}
			{"metric": "room.humidity", "tags": {"site": "lab"}, "points": [[1764057600000, 40.0]]}""";

	/** An ingest answer. */
	public static final String INGEST_RESULT = """
			{"series": 1, "points": 2}""";

	/** A raw points page. */
	public static final String RAW_PAGE = """
			{"series": [{"id": "1hQ6Xb3mYgk0w9yEJ2pTqA", "metric": "room.temperature",
			  "tags": {"site": "lab", "room": "1.02"},
			  "points": [[1764057600000, 21.5], [1764057610000, 21.7]]}], "next": null}""";

	/** A downsampled page. */
	public static final String AGGREGATED_PAGE = """
			{"series": [{"id": "1hQ6Xb3mYgk0w9yEJ2pTqA", "metric": "room.temperature",
			  "tags": {"site": "lab", "room": "1.02"}, "step": 3600000, "columns": ["ts", "avg", "max", "p99"],
			  "rows": [[1764054000000, 21.6, 21.7, 21.7], [1764057600000, 21.4, 21.9, 21.9]]}], "next": null}""";

	/** A downsampled page with group_by=site. */
	public static final String GROUPED_PAGE = """
			{"series": [{"group": {"site": "lab"}, "metric": "room.temperature", "members": 3, "step": 3600000,
			  "columns": ["ts", "avg", "max"], "rows": [[1764054000000, 21.6, 22.4], [1764057600000, 21.4, 22.9]]},
			 {"group": {"site": "office"}, "metric": "room.temperature", "members": 2, "step": 3600000,
			  "columns": ["ts", "avg", "max"], "rows": [[1764054000000, 20.1, 20.8]]}], "next": null}""";

	/** A latest page. */
	public static final String LATEST_PAGE = """
			{"series": [{"id": "1hQ6Xb3mYgk0w9yEJ2pTqA", "metric": "room.temperature",
			  "tags": {"site": "lab", "room": "1.02"}, "ts": 1764057610000, "value": 21.7}]}""";

	/** A series page. */
	public static final String SERIES_PAGE = """
			{"series": [{"id": "1hQ6Xb3mYgk0w9yEJ2pTqA", "metric": "room.temperature",
			  "tags": {"site": "lab", "room": "1.02"}}], "next": null}""";

	/** A metrics page. */
	public static final String METRICS_PAGE = """
			{"metrics": ["room.humidity", "room.temperature"], "next": null}""";

	/** A tag keys page. */
	public static final String TAGS_PAGE = """
			{"tags": ["room", "site"], "next": null}""";

	/** A tag values page. */
	public static final String TAG_VALUES_PAGE = """
			{"key": "site", "values": ["lab", "office"], "next": null}""";

	/** A retention body. */
	public static final String RETENTION = """
			{"retention": "P30D"}""";

	/** The limits in force. */
	public static final String LIMITS = """
			{"limits": {"ingest-points-per-second": 50000, "ingest-burst": 2000000, \
			"concurrent-ingest-requests": 16, "concurrent-queries": 16, "query-points-per-second": 200000, \
			"live-streams": 10, "query-cost": 10000, \
			"active-series": 50000}, \
			"overrides": {"ingest-points-per-second": 50000}}""";

	/** A change of limits. */
	public static final String LIMITS_CHANGE = """
			{"ingest-points-per-second": 50000, "live-streams": null}""";

	/** A delete answer. */
	public static final String DELETED = """
			{"series": 2}""";

	private ApiExamples() {
	}

}
