package dev.sponge.paging;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.sponge.problem.ApiProblem;

/**
 * Opaque page cursors: where the previous page stopped, bound to the query that produced
 * it (tenant, endpoint and filters are hashed into it) and signed with HMAC-SHA256, so a
 * cursor is useless for any other query or tenant and cannot be altered or forged without
 * the key. Its positions only ever address the caller's own tenant partitions. Every
 * instance of the service must share the key for a cursor to work on all of them.
 */
public final class CursorCodec {

	private static final String VERSION = "c2";

	private static final String ALGORITHM = "HmacSHA256";

	private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

	private final SecretKeySpec key;

	/**
	 * @param key the HMAC key; every instance serving the API must use the same one
	 */
	public CursorCodec(byte[] key) {
		this.key = new SecretKeySpec(key, ALGORITHM);
	}

	/**
	 * Encodes the positions of the next page for the query identified by {@code scope}.
	 */
	public String encode(List<String> scope, String... positions) {
		String text = VERSION + '\n' + fingerprint(scope) + '\n' + String.join("\n", positions);
		byte[] payload = text.getBytes(StandardCharsets.UTF_8);
		return BASE64.encodeToString(payload) + '.' + BASE64.encodeToString(mac(payload));
	}

	/**
	 * The positions of a cursor, which must carry this service's signature and have been
	 * issued for the same {@code scope}; a 400 problem otherwise.
	 */
	public List<String> decode(String cursor, List<String> scope, int positions) {
		int dot = cursor.indexOf('.');
		if (dot < 0) {
			throw invalid();
		}
		byte[] payload;
		byte[] signature;
		try {
			payload = Base64.getUrlDecoder().decode(cursor.substring(0, dot));
			signature = Base64.getUrlDecoder().decode(cursor.substring(dot + 1));
		}
		catch (IllegalArgumentException ex) {
			throw invalid();
		}
		// Checked before anything of the payload is trusted; constant time.
		if (!MessageDigest.isEqual(mac(payload), signature)) {
			throw invalid();
		}
		String[] parts = new String(payload, StandardCharsets.UTF_8).split("\n", -1);
		if (parts.length != positions + 2 || !VERSION.equals(parts[0])) {
			throw invalid();
		}
		if (!fingerprint(scope).equals(parts[1])) {
			throw ApiProblem.badRequest("The cursor belongs to a different query; repeat the query's parameters "
					+ "unchanged when passing its cursor");
		}
		return Arrays.asList(parts).subList(2, parts.length);
	}

	private byte[] mac(byte[] payload) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.key);
			return mac.doFinal(payload);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
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
			return BASE64.encodeToString(Arrays.copyOf(sha.digest(), 12));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
