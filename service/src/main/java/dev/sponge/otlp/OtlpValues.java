package dev.sponge.otlp;

import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;

/**
 * OTLP attribute values as tag values, and numbers as text: strings as they are, booleans
 * as {@code true}/{@code false}, integers in decimal, doubles as plain decimals without
 * trailing zeros ({@code 2}, {@code 0.25}), bytes in base64, arrays and key-value lists
 * as JSON.
 */
final class OtlpValues {

	/** Beyond this many digits a number is written in exponent form. */
	private static final int PLAIN_DIGITS = 21;

	private OtlpValues() {
	}

	/** The tag value of an attribute value; empty for an empty one. */
	static String text(AnyValue value) {
		return switch (value.getValueCase()) {
			case STRING_VALUE -> value.getStringValue();
			case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
			case INT_VALUE -> Long.toString(value.getIntValue());
			case DOUBLE_VALUE -> decimal(value.getDoubleValue());
			case BYTES_VALUE -> Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray());
			case ARRAY_VALUE, KVLIST_VALUE -> {
				StringBuilder json = new StringBuilder();
				json(value, json);
				yield json.toString();
			}
			// No value, or a kind newer than Sponge knows.
			default -> "";
		};
	}

	/**
	 * A double as Prometheus writes a bucket bound: {@code 0.005}, {@code 1},
	 * {@code 1E+30}, {@code +Inf}.
	 */
	static String decimal(double value) {
		if (Double.isNaN(value)) {
			return "NaN";
		}
		if (Double.isInfinite(value)) {
			return (value > 0) ? "+Inf" : "-Inf";
		}
		BigDecimal decimal = BigDecimal.valueOf(value).stripTrailingZeros();
		int digits = Math.max(decimal.precision() - decimal.scale(), decimal.scale());
		return (digits <= PLAIN_DIGITS) ? decimal.toPlainString() : decimal.toString();
	}

	private static void json(AnyValue value, StringBuilder json) {
		switch (value.getValueCase()) {
			case STRING_VALUE, BYTES_VALUE -> quote(text(value), json);
			case DOUBLE_VALUE -> {
				if (Double.isFinite(value.getDoubleValue())) {
					json.append(decimal(value.getDoubleValue()));
				}
				else {
					quote(decimal(value.getDoubleValue()), json);
				}
			}
			case BOOL_VALUE, INT_VALUE -> json.append(text(value));
			case ARRAY_VALUE -> {
				List<AnyValue> values = value.getArrayValue().getValuesList();
				json.append('[');
				for (int i = 0; i < values.size(); i++) {
					json.append((i > 0) ? "," : "");
					json(values.get(i), json);
				}
				json.append(']');
			}
			case KVLIST_VALUE -> {
				List<KeyValue> values = value.getKvlistValue().getValuesList();
				json.append('{');
				for (int i = 0; i < values.size(); i++) {
					json.append((i > 0) ? "," : "");
					quote(values.get(i).getKey(), json);
					json.append(':');
					json(values.get(i).getValue(), json);
				}
				json.append('}');
			}
			default -> json.append("null");
		}
	}

	/** {@code text} as a JSON string. */
	static void quote(String text, StringBuilder json) {
		json.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				default -> {
					if (c < 0x20) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		json.append('"');
	}

}
