package dev.sponge.series;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
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
		CanonicalForm form = new CanonicalForm();
		form.add(this.metric);
		this.tags.forEach((key, value) -> {
			form.add(key);
			form.add(value);
		});
		byte[] digest = form.sha256();
		return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
	}

	/**
	 * The bytes the id hashes, gathered in one array and hashed at once: every series of
	 * every ingest request gets its id here.
	 */
	private static final class CanonicalForm {

		/**
		 * Cloned rather than looked up per id: the provider lookup cost as much as the
		 * hash.
		 */
		private static final MessageDigest SHA_256;

		static {
			try {
				SHA_256 = MessageDigest.getInstance("SHA-256");
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

		private byte[] bytes = new byte[128];

		private int length;

		void add(String text) {
			byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
			int needed = this.length + 4 + utf8.length;
			if (needed > this.bytes.length) {
				this.bytes = Arrays.copyOf(this.bytes, Math.max(needed, this.bytes.length * 2));
			}
			int n = utf8.length;
			this.bytes[this.length++] = (byte) (n >>> 24);
			this.bytes[this.length++] = (byte) (n >>> 16);
			this.bytes[this.length++] = (byte) (n >>> 8);
			this.bytes[this.length++] = (byte) n;
			System.arraycopy(utf8, 0, this.bytes, this.length, n);
			this.length += n;
		}

		byte[] sha256() {
			try {
				MessageDigest sha = (MessageDigest) SHA_256.clone();
				sha.update(this.bytes, 0, this.length);
				return sha.digest();
			}
			catch (CloneNotSupportedException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
