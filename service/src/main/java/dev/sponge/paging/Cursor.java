package dev.sponge.paging;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import dev.sponge.problem.ApiProblem;

/**
 * An opaque page cursor: where the previous page stopped, bound to the query that
 * produced it (tenant, endpoint and filters are hashed into it), so a cursor is useless
 * for any other query. Its positions only ever address the caller's own tenant
 * partitions.
 */
public final class Cursor {

	private static final String VERSION = "c1";

	private Cursor() {
	}

	/**
	 * Encodes the positions of the next page for the query identified by {@code scope}.
	 */
	public static String encode(List<String> scope, String... positions) {
		String text = VERSION + '\n' + fingerprint(scope) + '\n' + String.join("\n", positions);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The positions of a cursor, which must have been issued for the same {@code scope};
	 * a 400 problem otherwise.
	 */
	public static List<String> decode(String cursor, List<String> scope, int positions) {
		String text;
		try {
			text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw invalid();
		}
		String[] parts = text.split("\n", -1);
		if (parts.length != positions + 2 || !VERSION.equals(parts[0])) {
			throw invalid();
		}
		if (!fingerprint(scope).equals(parts[1])) {
			throw ApiProblem.badRequest("The cursor belongs to a different query; repeat the query's parameters "
					+ "unchanged when passing its cursor");
		}
		return Arrays.asList(parts).subList(2, parts.length);
	}

	private static ApiProblem invalid() {
		return ApiProblem.badRequest("The cursor is not valid; use the 'next' value of a previous page as is");
	}

	private static String fingerprint(List<String> scope) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			for (String part : scope) {
				sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
				sha.update((byte) 0);
			}
			return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(sha.digest(), 12));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
