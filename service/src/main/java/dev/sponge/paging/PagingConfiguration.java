package dev.sponge.paging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The cursor codec, keyed from {@code sponge.paging.*}.
 */
@Configuration(proxyBeanMethods = false)
class PagingConfiguration {

	private static final Logger log = LoggerFactory.getLogger(PagingConfiguration.class);

	private static final int MIN_KEY_BYTES = 32;

	@Bean
	CursorCodec cursorCodec(PagingProperties properties) {
		return new CursorCodec(key(properties));
	}

	static byte[] key(PagingProperties properties) {
		if (properties.signingKeyFile() != null) {
			String text;
			try {
				text = Files.readString(properties.signingKeyFile(), StandardCharsets.UTF_8).strip();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot read sponge.paging.signing-key-file", ex);
			}
			byte[] key = text.getBytes(StandardCharsets.UTF_8);
			if (key.length < MIN_KEY_BYTES) {
				throw new IllegalStateException(
						"sponge.paging.signing-key-file must hold at least " + MIN_KEY_BYTES + " characters");
			}
			return key;
		}
		if (properties.signingKey() != null) {
			return properties.signingKey().getBytes(StandardCharsets.UTF_8);
		}
		log.warn("sponge.paging.signing-key is not set: page cursors are signed with a random key of this process "
				+ "and only work on the instance that issued them; set the same key on every instance");
		byte[] key = new byte[MIN_KEY_BYTES];
		new SecureRandom().nextBytes(key);
		return key;
	}

}
