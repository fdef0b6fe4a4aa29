package dev.sponge.ingest;

/**
 * Strict UTF-8 validation (RFC 3629). Jackson decodes some invalid sequences (overlong
 * forms, encoded surrogates) into characters instead of failing, and the Cassandra driver
 * would then store something other than what the client sent; so bodies are checked
 * before they are parsed.
 */
final class Utf8 {

	private Utf8() {
	}

	/**
	 * The offset of the first byte that is not part of a valid UTF-8 sequence, or -1 if
	 * every byte is.
	 */
	static int firstInvalid(byte[] bytes) {
		int i = 0;
		int length = bytes.length;
		while (i < length) {
			int b = bytes[i];
			if (b >= 0) {
				i++;
				continue;
			}
			int lead = b & 0xFF;
			int count;
			int min;
			if (lead >= 0xC2 && lead <= 0xDF) {
				count = 1;
				min = 0x80;
			}
			else if (lead >= 0xE0 && lead <= 0xEF) {
				count = 2;
				min = 0x800;
			}
			else if (lead >= 0xF0 && lead <= 0xF4) {
				count = 3;
				min = 0x10000;
			}
			else {
				return i;
			}
			if (i + count >= length) {
				return i;
			}
			int codePoint = lead & (0x3F >> count);
			for (int k = 1; k <= count; k++) {
				int next = bytes[i + k] & 0xFF;
				if ((next & 0xC0) != 0x80) {
					return i;
				}
				codePoint = (codePoint << 6) | (next & 0x3F);
			}
			if (codePoint < min || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
				return i;
			}
			i += count + 1;
		}
		return -1;
	}

}
