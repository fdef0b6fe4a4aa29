package dev.sponge.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.Base64;

/**
 * The service's series id, re-derived here (not shared) so the count check notices if the
 * two ever disagree.
 */
final class SeriesIds {

	private SeriesIds() {
	}

	/**
	 * First 128 bits of SHA-256 over the length-prefixed metric and sorted tag keys and
	 * values, URL-safe Base64.
	 */
	static String of(String metric, String tagKey, String tagValue) {
		return of(metric, new TreeMap<>(Map.of(tagKey, tagValue)));
	}

	/** The id of a series with several tags. */
	static String of(String metric, SortedMap<String, String> tags) {
		List<String> parts = new ArrayList<>();
		parts.add(metric);
		tags.forEach((key, value) -> {
			parts.add(key);
			parts.add(value);
		});
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			for (String part : parts) {
				byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
				sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
				sha.update(bytes);
			}
			return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(sha.digest(), 16));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
