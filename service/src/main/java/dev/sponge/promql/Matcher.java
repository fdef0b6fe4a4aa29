package dev.sponge.promql;

import java.util.regex.Pattern;

/**
 * One label matcher of a selector. Regular expressions are fully anchored, as in
 * Prometheus; a missing label matches as the empty value.
 *
 * @param name label name ({@code __name__} for the metric)
 * @param type how the value is compared
 * @param value the value or regular expression
 * @param pattern the anchored pattern of a regular expression matcher, else {@code null}
 */
public record Matcher(String name, Type type, String value, Pattern pattern) {

	/** A matcher; a regular expression is anchored and compiled. */
	public static Matcher of(String name, Type type, String value) {
		Pattern pattern = (type == Type.RE || type == Type.NRE) ? Pattern.compile("^(?:" + value + ")$") : null;
		return new Matcher(name, type, value, pattern);
	}

	/** Whether a label value ({@code ""} when the label is missing) matches. */
	public boolean matches(String labelValue) {
		String v = (labelValue != null) ? labelValue : "";
		return switch (this.type) {
			case EQ -> v.equals(this.value);
			case NEQ -> !v.equals(this.value);
			case RE -> this.pattern.matcher(v).matches();
			case NRE -> !this.pattern.matcher(v).matches();
		};
	}

	/** Whether the empty value matches, that is, series without the label. */
	public boolean matchesEmpty() {
		return matches("");
	}

	@Override
	public String toString() {
		return this.name + this.type.symbol + "\"" + this.value + "\"";
	}

	/** The four comparisons. */
	public enum Type {

		EQ("="), NEQ("!="), RE("=~"), NRE("!~");

		private final String symbol;

		Type(String symbol) {
			this.symbol = symbol;
		}

	}

}
