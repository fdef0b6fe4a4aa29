package dev.sponge.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Ingest bodies an attacker or a broken client might send, drawn from a seeded
 * {@link Random}. Each generator of a malformed kind yields a body the service must
 * refuse whole; {@link #mutate} yields anything at all.
 */
final class HostileBodies {

	static final long DAY = 1764028800000L;

	private static final String[] NON_FINITE = { "NaN", "Infinity", "-Infinity", "+Infinity", "\"NaN\"", "\"Infinity\"",
			"1e309", "-1e999", "1E400" };

	private static final byte[][] BAD_UTF8 = { { (byte) 0xFF }, { (byte) 0xC0, (byte) 0x80 }, { (byte) 0x80 },
			{ (byte) 0xE2, (byte) 0x82 }, { (byte) 0xED, (byte) 0xA0, (byte) 0x80 },
			{ (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80 }, { (byte) 0xC3, (byte) 0x28 },
			{ (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80 } };

	private static final String[] SPLICES = { "\"", "{", "}", "[", "]", ",", ":", "null", "true", "NaN", "1e999", "-",
			"0", "\\", "\\u0000", "\\ud800", "\u0000", "\n", "[[", "{\"a\":", "\"metric\":\"x\"", "9".repeat(30),
			"\u00e9", "\ud83d\ude00" };

	private HostileBodies() {
	}

	/** A valid series object whose metric is unique to {@code id}. */
	static String series(String metric, int tag, int points, Random random) {
		StringBuilder json = new StringBuilder("{\"metric\":\"").append(metric)
			.append("\",\"tags\":{\"site\":\"s")
			.append(tag)
			.append("\"},\"points\":[");
		for (int i = 0; i < points; i++) {
			json.append((i > 0) ? "," : "")
				.append('[')
				.append(DAY + i)
				.append(',')
				.append(random.nextInt(1000) / 10.0)
				.append(']');
		}
		return json.append("]}").toString();
	}

	static String array(String... series) {
		return "[" + String.join(",", series) + "]";
	}

	/** Nesting far beyond anything the format allows, in a value or at the top. */
	static byte[] deepNesting(Random random) {
		int depth = 1 + random.nextInt(random.nextBoolean() ? 2000 : 200_000);
		String open = random.nextBoolean() ? "[" : "{\"a\":";
		String close = open.equals("[") ? "]" : "}";
		String nested = open.repeat(depth) + "1" + close.repeat(random.nextInt(4) == 0 ? depth / 2 : depth);
		String body = switch (random.nextInt(3)) {
			case 0 -> nested;
			case 1 -> array("{\"metric\":\"fz.deep\",\"tags\":{\"k\":" + nested + "},\"points\":[[" + DAY + ",1]]}");
			default -> array("{\"metric\":\"fz.deep\",\"points\":[[" + DAY + "," + nested + "]]}");
		};
		return utf8(body);
	}

	/**
	 * Numbers beyond double, long or the parser's length limit, as value or timestamp.
	 */
	static byte[] hugeNumber(Random random) {
		String huge = switch (random.nextInt(5)) {
			case 0 -> "1e" + (309 + random.nextInt(100_000));
			case 1 -> "-" + "9".repeat(20 + random.nextInt(5000));
			case 2 -> "9".repeat(400 + random.nextInt(100_000)) + ".5";
			case 3 -> "0." + "0".repeat(1000 + random.nextInt(5000)) + "1e99999";
			default -> "9223372036854775808";
		};
		// A long run of digits without a fraction is a finite double but never a valid
		// timestamp.
		boolean asTimestamp = random.nextBoolean() || huge.startsWith("-") || huge.equals("9223372036854775808");
		String point = asTimestamp ? "[" + huge + ",1]" : "[" + DAY + "," + huge + "]";
		return utf8(array("{\"metric\":\"fz.huge\",\"points\":[" + point + "]}"));
	}

	static byte[] nonFinite(Random random) {
		String literal = NON_FINITE[random.nextInt(NON_FINITE.length)];
		String point = random.nextBoolean() ? "[" + DAY + "," + literal + "]" : "[" + literal + ",1]";
		return utf8(array(series("fz.ok", 1, 1, random), "{\"metric\":\"fz.nan\",\"points\":[" + point + "]}"));
	}

	static byte[] duplicateKeys(Random random) {
		return utf8(array(switch (random.nextInt(4)) {
			case 0 -> "{\"metric\":\"fz.a\",\"metric\":\"fz.b\",\"points\":[[" + DAY + ",1]]}";
			case 1 -> "{\"metric\":\"fz.a\",\"tags\":{\"k\":\"1\",\"k\":\"2\"},\"points\":[[" + DAY + ",1]]}";
			case 2 -> "{\"metric\":\"fz.a\",\"points\":[[" + DAY + ",1]],\"points\":[[" + DAY + ",2]]}";
			default -> "{\"metric\":\"fz.a\",\"tags\":{},\"tags\":{\"k\":\"v\"},\"points\":[[" + DAY + ",1]]}";
		}));
	}

	/** Invalid UTF-8 inside a metric name, tag key or tag value. */
	static byte[] invalidUtf8(Random random) {
		byte[] bad = BAD_UTF8[random.nextInt(BAD_UTF8.length)];
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		String field = switch (random.nextInt(3)) {
			case 0 -> "[{\"metric\":\"fz.u";
			case 1 -> "[{\"metric\":\"fz.u\",\"tags\":{\"k";
			default -> "[{\"metric\":\"fz.u\",\"tags\":{\"k\":\"v";
		};
		out.writeBytes(utf8(field));
		out.writeBytes(bad);
		String rest = field.endsWith("\"k") ? "\":\"v\"},\"points\":[["
				: (field.endsWith("\"v") ? "\"},\"points\":[[" : "\",\"points\":[[");
		out.writeBytes(utf8(rest + DAY + ",1]]}]"));
		return out.toByteArray();
	}

	/** Names and values past their length limits, or a body past the request limit. */
	static byte[] giantString(Random random, int maxBodyBytes) {
		if (random.nextInt(40) == 0) {
			return utf8("[{\"metric\":\"fz.g\",\"tags\":{\"k\":\"" + "x".repeat(maxBodyBytes + 1) + "\"},\"points\":[["
					+ DAY + ",1]]}]");
		}
		String giant = "x".repeat(257 + random.nextInt(200_000));
		return utf8(array(switch (random.nextInt(3)) {
			case 0 -> "{\"metric\":\"" + giant + "\",\"points\":[[" + DAY + ",1]]}";
			case 1 -> "{\"metric\":\"fz.g\",\"tags\":{\"" + giant + "\":\"v\"},\"points\":[[" + DAY + ",1]]}";
			default -> "{\"metric\":\"fz.g\",\"tags\":{\"k\":\"" + giant + "\"},\"points\":[[" + DAY + ",1]]}";
		}));
	}

	/** A valid body with random byte-level damage: flips, cuts, repeats and splices. */
	static byte[] mutate(byte[] valid, Random random) {
		byte[] body = valid;
		int rounds = 1 + random.nextInt(4);
		for (int r = 0; r < rounds && body.length > 0; r++) {
			int at = random.nextInt(body.length);
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			switch (random.nextInt(5)) {
				case 0 -> {
					body = body.clone();
					body[at] = (byte) random.nextInt(256);
					continue;
				}
				case 1 -> {
					out.write(body, 0, at);
					int cut = Math.min(body.length, at + 1 + random.nextInt(8));
					out.write(body, cut, body.length - cut);
				}
				case 2 -> {
					int end = Math.min(body.length, at + 1 + random.nextInt(16));
					out.write(body, 0, end);
					out.write(body, at, body.length - at);
				}
				case 3 -> {
					out.write(body, 0, at);
					out.writeBytes(utf8(SPLICES[random.nextInt(SPLICES.length)]));
					out.write(body, at, body.length - at);
				}
				default -> out.write(body, 0, at);
			}
			body = out.toByteArray();
		}
		return body;
	}

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
