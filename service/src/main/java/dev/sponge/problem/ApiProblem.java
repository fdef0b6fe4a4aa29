package dev.sponge.problem;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * A client-visible failure with a precise explanation; {@link ApiExceptionHandler} turns
 * it into an {@code application/problem+json} response.
 */
public class ApiProblem extends RuntimeException {

	/**
	 * nginx's status for a request whose client closed the connection before the answer:
	 * recorded (audit line, metrics), never received.
	 */
	public static final int CLIENT_CLOSED_REQUEST = 499;

	private final HttpStatus status;

	private final String title;

	private final List<FieldError> errors;

	private final Duration retryAfter;

	private final String type;

	private final Map<String, Object> properties;

	private ApiProblem(HttpStatus status, String title, String detail, List<FieldError> errors, Duration retryAfter) {
		this(status, title, detail, errors, retryAfter, null, Map.of());
	}

	private ApiProblem(HttpStatus status, String title, String detail, List<FieldError> errors, Duration retryAfter,
			String type, Map<String, Object> properties) {
		super(detail, null, false, false);
		this.status = status;
		this.title = title;
		this.errors = List.copyOf(errors);
		this.retryAfter = retryAfter;
		this.type = type;
		this.properties = properties;
	}

	/** 400: the request is malformed or breaks a documented rule. */
	public static ApiProblem badRequest(String detail) {
		return new ApiProblem(HttpStatus.BAD_REQUEST, "Bad request", detail, List.of(), null);
	}

	/**
	 * 400 for a request beyond one of the instance's caps (a query reading too much):
	 * type {@code urn:sponge:problem:<kind>}, with the configuration {@code property}
	 * that sets the cap and its {@code value}.
	 */
	public static ApiProblem overCap(String kind, String property, long value, String detail) {
		return badRequest(detail).withType("urn:sponge:problem:" + kind)
			.withProperty("property", property)
			.withProperty("value", value);
	}

	/** 400 with per-field errors: the body failed validation. */
	public static ApiProblem invalid(String detail, List<FieldError> errors) {
		return new ApiProblem(HttpStatus.BAD_REQUEST, "Invalid request", detail, errors, null);
	}

	/** 403: the caller is authenticated but may not do this. */
	public static ApiProblem forbidden(String detail) {
		return new ApiProblem(HttpStatus.FORBIDDEN, "Forbidden", detail, List.of(), null);
	}

	/**
	 * Problem type of a request over a size or count limit, whatever its protocol.
	 */
	public static final String TOO_LARGE = "urn:sponge:problem:too-large";

	/** 413: the body is larger than the configured limit. */
	public static ApiProblem tooLarge(String detail) {
		return new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "Request too large", detail, List.of(), null);
	}

	/**
	 * 415: the body's media type or content encoding is not one the route takes.
	 */
	public static ApiProblem unsupportedMediaType(String detail) {
		return new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type", detail, List.of(), null);
	}

	/**
	 * 429: the caller holds too much of a per-tenant resource; retry after the given
	 * time.
	 */
	public static ApiProblem tooManyRequests(String detail, Duration retryAfter) {
		return new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "Too many requests", detail, List.of(), retryAfter);
	}

	/**
	 * 503: the storage layer is unavailable or overloaded; the client should retry later.
	 */
	public static ApiProblem unavailable(String detail, Duration retryAfter) {
		return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", detail, List.of(), retryAfter);
	}

	/**
	 * The same problem with another detail, e.g. to add what was done before it happened.
	 */
	public ApiProblem withDetail(String detail) {
		return new ApiProblem(this.status, this.title, detail, this.errors, this.retryAfter, this.type,
				this.properties);
	}

	/**
	 * The same problem with a problem type URI that clients (and metrics) can match on.
	 */
	public ApiProblem withType(String type) {
		return new ApiProblem(this.status, this.title, getMessage(), this.errors, this.retryAfter, type,
				this.properties);
	}

	/** The same problem with one more member in its JSON body. */
	public ApiProblem withProperty(String name, Object value) {
		Map<String, Object> properties = new LinkedHashMap<>(this.properties);
		properties.put(name, value);
		return new ApiProblem(this.status, this.title, getMessage(), this.errors, this.retryAfter, this.type,
				Map.copyOf(properties));
	}

	/** Members of the JSON body beyond the standard ones. */
	public Map<String, Object> properties() {
		return this.properties;
	}

	/** The problem type URI, or {@code null} for {@code about:blank}. */
	public String type() {
		return this.type;
	}

	public HttpStatus status() {
		return this.status;
	}

	public String title() {
		return this.title;
	}

	public String detail() {
		return getMessage();
	}

	public List<FieldError> errors() {
		return this.errors;
	}

	/** How long the client should wait before retrying, or {@code null}. */
	public Duration retryAfter() {
		return this.retryAfter;
	}

	/**
	 * One invalid field: {@code field} is a JSON-path-like pointer into the request (for
	 * example {@code [2].points[7][1]}) or a query parameter name.
	 */
	public record FieldError(String field, String message) {
	}

}
