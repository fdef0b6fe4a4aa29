package dev.sponge.promql;

/**
 * PromQL string literals: double or single quotes with Go's escapes, or backticks (raw).
 */
final class Strings {

	private Strings() {
	}

	static String unquote(String token) {
		char quote = token.charAt(0);
		String body = token.substring(1, token.length() - 1);
		if (quote == '`') {
			return body;
		}
		StringBuilder out = new StringBuilder(body.length());
		for (int i = 0; i < body.length(); i++) {
			char c = body.charAt(i);
			if (c != '\\') {
				out.append(c);
				continue;
			}
			char e = body.charAt(++i);
			switch (e) {
				case 'a' -> out.append('\u0007');
				case 'b' -> out.append('\b');
				case 'f' -> out.append('\f');
				case 'n' -> out.append('\n');
				case 'r' -> out.append('\r');
				case 't' -> out.append('\t');
				case 'v' -> out.append('\u000b');
				case '\\', '"', '\'' -> out.append(e);
				case 'x' -> {
					out.append((char) hex(body, i + 1, 2));
					i += 2;
				}
				case 'u' -> {
					out.appendCodePoint(hex(body, i + 1, 4));
					i += 4;
				}
				case 'U' -> {
					out.appendCodePoint(hex(body, i + 1, 8));
					i += 8;
				}
				default -> {
					if (e >= '0' && e <= '7' && i + 2 < body.length()) {
						out.append((char) Integer.parseInt(body.substring(i, i + 3), 8));
						i += 2;
					}
					else {
						throw new IllegalArgumentException("unknown escape sequence \\" + e);
					}
				}
			}
		}
		return out.toString();
	}

	private static int hex(String body, int from, int length) {
		if (from + length > body.length()) {
			throw new IllegalArgumentException("invalid escape sequence");
		}
		return Integer.parseInt(body.substring(from, from + length), 16);
	}

}
