package dev.sponge.series;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A series: a metric name plus a set of tags. Its id is derived from the canonical
 * (sorted) form, so the same metric and tags always land in the same series, on every
 * instance.
 *
 * @param metric metric name
 * @param tags tags sorted by key
 */
public record SeriesKey(String metric, SortedMap<String, String> tags) {

	public SeriesKey {
		tags = Collections.unmodifiableSortedMap(new TreeMap<>(tags));
	}

	public static SeriesKey of(String metric, Map<String, String> tags) {
		return new SeriesKey(metric, new TreeMap<>(tags));
	}

	/**
	 * 22-character URL-safe id: the first 128 bits of SHA-256 over the length-prefixed
	 * metric, keys and values (length prefixes keep "a=b,c" and "a=b","c" apart).
	 */
	public String id() {
		MessageDigest sha = sha256();
		update(sha, this.metric);
		this.tags.forEach((key, value) -> {
			update(sha, key);
			update(sha, value);
		});
		byte[] digest = sha.digest();
		return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16));
	}

	private static void update(MessageDigest sha, String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
		sha.update(bytes);
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
