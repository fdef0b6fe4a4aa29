package dev.sponge.promql;

/**
 * A query Prometheus would refuse: {@link Kind#BAD_DATA} for what is not valid PromQL
 * (the message names the position), {@link Kind#EXECUTION} for what is valid but cannot
 * be answered (an unsupported construct, a result too large).
 */
public class PromQLException extends RuntimeException {

	private final Kind kind;

	PromQLException(Kind kind, String message) {
		super(message, null, false, false);
		this.kind = kind;
	}

	public Kind kind() {
		return this.kind;
	}

	static PromQLException parse(int line, int column, String message) {
		return new PromQLException(Kind.BAD_DATA, line + ":" + (column + 1) + ": parse error: " + message);
	}

	static PromQLException unsupported(String what) {
		return new PromQLException(Kind.EXECUTION, what + " is not supported by Sponge");
	}

	/** An execution error (Prometheus' 422) with {@code message}. */
	public static PromQLException execution(String message) {
		return new PromQLException(Kind.EXECUTION, message);
	}

	/** How Prometheus classes the refusal ({@code errorType}). */
	public enum Kind {

		BAD_DATA, EXECUTION

	}

}
